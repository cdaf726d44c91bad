"""Restore drill: the real scripts/backup.sh and scripts/restore.sh against real PostgreSQL.

A loan with postings and a stored attachment are backed up, restored into a scratch database and
folder, and a separate process reading only the restored copy must report the same balances,
audit trail and file contents. A damaged or altered backup must be refused before anything is
touched. (The SQLite path of `make run` is drilled too.)
"""

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from funds import services as fund_services
from programs import services as program_services
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.funds.factories import make_loan
from tests.programs.conftest import pdf
from tests.programs.factories import CallFactory, RuleFactory

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2024, 6, 30)


def ledger_figures(as_of: str) -> dict:
    """What the portal would serve from whichever database the process is connected to."""
    from auditlog.models import LogEntry

    from funds import selectors
    from funds.models import Loan
    from programs.models import Attachment

    day = dt.date.fromisoformat(as_of)
    return {
        "loans": {
            loan.number: dataclasses.asdict(selectors.loan_balance(loan, day))
            for loan in Loan.objects.order_by("pk")
        },
        "by_enterprise": [dataclasses.asdict(row) for row in selectors.balances(day, "enterprise")],
        "audit_entries": LogEntry.objects.count(),
        "attachments": {
            item.original_name: hashlib.sha256(item.file.open("rb").read()).hexdigest()
            for item in Attachment.objects.order_by("pk")
        },
    }


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = db.get("PASSWORD") or ""
    return f"postgres://{db['USER']}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _connect(name: str):
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=name,
        user=db["USER"],
        password=db.get("PASSWORD") or "",
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    conn.autocommit = True
    return conn


def _on_server(statement: sql.Composable) -> None:
    conn = _connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


@pytest.fixture
def scratch_db():
    """A fresh, empty database unique to this test; dropped afterwards."""
    name = f"seoul_se_restore_{uuid.uuid4().hex[:12]}"
    _on_server(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        _on_server(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _tables(name: str) -> int:
    conn = _connect(name)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            (count,) = cursor.fetchone()
    finally:
        conn.close()
    return count


def _run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _backup(tmp_path: Path, database_url: str, private: Path) -> Path:
    result = _run(
        "backup.sh",
        DATABASE_URL=database_url,
        PRIVATE_MEDIA_ROOT=str(private),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "backups").iterdir()
    assert not folder.name.endswith(".partial")
    return folder


def _tree_checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = root
    return root


@pytest.mark.django_db(transaction=True)
def test_restore_drill_serves_same_balances_and_files(tmp_path, private_root, staff, scratch_db):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    loan = make_loan(staff, amount=12_000_000, rate="0.03", term=12)
    fund_services.post_transaction(
        loan, actor=staff, kind="repayment", value_date=dt.date(2024, 2, 2), amount=1_100_000
    )
    fund_services.post_transaction(
        loan, actor=staff, kind="repayment", value_date=dt.date(2024, 3, 4), amount=1_050_000
    )
    call = CallFactory()
    RuleFactory(program=call.program)
    enterprise = EnterpriseFactory()
    applicant = MembershipFactory(enterprise=enterprise, user__role="enterprise_member").user
    application = program_services.create_application(
        call,
        enterprise,
        actor=applicant,
        title="복원 훈련",
        requested_amount=10_000_000,
        duration_months=12,
    )
    program_services.add_attachment(
        application, pdf("사업계획서.pdf"), "사업계획서", actor=applicant
    )
    before = ledger_figures(AS_OF.isoformat())
    assert before["loans"][loan.number]["recovered"] > 0
    assert len(before["attachments"]) == 1

    folder = _backup(tmp_path, _url(settings.DATABASES["default"]["NAME"]), private_root)
    restored_files = tmp_path / "restored-private"
    result = _run(
        "restore.sh",
        "--yes",
        str(folder),
        DATABASE_URL=_url(scratch_db),
        PRIVATE_MEDIA_ROOT=str(restored_files),
    )
    assert result.returncode == 0, result.stderr

    shell = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from tests.core.test_backup import ledger_figures; "
            f"print(json.dumps(ledger_figures({AS_OF.isoformat()!r}), default=str))",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _url(scratch_db),
            "PRIVATE_MEDIA_ROOT": str(restored_files),
            "SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "seoul_se.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shell.returncode == 0, shell.stderr
    after = json.loads(shell.stdout.strip().splitlines()[-1])
    assert after == json.loads(json.dumps(before, default=str))
    assert _tree_checksums(restored_files) == _tree_checksums(private_root)


def _tamper_dump(folder: Path) -> None:
    data = bytearray((folder / "database.dump").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / "database.dump").write_bytes(bytes(data))


def _replace_file_and_reseal(folder: Path) -> None:
    """Swap a private file in the archive AND fix MANIFEST: files.sha256 still catches it."""
    unpacked = folder.parent / "unpacked"
    unpacked.mkdir()
    subprocess.run(["tar", "-xf", folder / "private-files.tar", "-C", unpacked], check=True)
    (victim,) = [p for p in unpacked.rglob("*") if p.is_file()]
    victim.write_bytes(b"%PDF-1.4 forged")
    subprocess.run(["tar", "-cf", folder / "private-files.tar", "-C", unpacked, "."], check=True)
    subprocess.run(
        "sha256sum database.dump private-files.tar files.sha256 backup.json > MANIFEST.sha256",
        shell=True,
        cwd=folder,
        check=True,
    )


def _drop_from_manifest(folder: Path) -> None:
    manifest = folder / "MANIFEST.sha256"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text("".join(line for line in lines if "database.dump" not in line))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (_tamper_dump, "checksums do not match"),
        (_replace_file_and_reseal, "do not match files.sha256"),
        (_drop_from_manifest, "lists no database"),
    ],
)
def test_tampered_backup_is_refused(tmp_path, private_root, staff, scratch_db, tamper, reason):
    make_loan(staff)
    (private_root / "evidence").mkdir()
    (private_root / "evidence" / "영수증.pdf").write_bytes(b"%PDF-1.7 receipt")
    folder = _backup(tmp_path, _url(settings.DATABASES["default"]["NAME"]), private_root)
    tamper(folder)
    restored_files = tmp_path / "restored-private"

    result = _run(
        "restore.sh",
        "--yes",
        str(folder),
        DATABASE_URL=_url(scratch_db),
        PRIVATE_MEDIA_ROOT=str(restored_files),
    )

    assert result.returncode == 3, result.stderr
    assert "REFUSED" in result.stderr and reason in result.stderr
    assert _tables(scratch_db) == 0
    assert not restored_files.exists() or not any(restored_files.rglob("*"))


def test_sqlite_online_backup_and_restore(tmp_path):
    """`make run`'s SQLite file is copied with the online backup API while a writer holds it."""
    source = tmp_path / "live.sqlite3"
    live = sqlite3.connect(source)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE ledger (amount INTEGER)")
    live.executemany("INSERT INTO ledger VALUES (?)", [(1_000_000,), (250_000,)])
    live.commit()
    live.execute("INSERT INTO ledger VALUES (999)")  # uncommitted: must not be in the backup
    private = tmp_path / "private"
    (private / "kpis").mkdir(parents=True)
    (private / "kpis" / "증빙.xlsx").write_bytes(b"PK\x03\x04 workbook")

    folder = _backup(tmp_path, f"sqlite:///{source}", private)
    live.rollback()
    live.close()
    target = tmp_path / "restored.sqlite3"
    restored_files = tmp_path / "restored-private"
    result = _run(
        "restore.sh",
        "--yes",
        str(folder),
        DATABASE_URL=f"sqlite:///{target}",
        PRIVATE_MEDIA_ROOT=str(restored_files),
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as restored:
        assert restored.execute("SELECT sum(amount) FROM ledger").fetchone() == (1_250_000,)
    assert _tree_checksums(restored_files) == _tree_checksums(private)

    (folder / "database.sqlite3").write_bytes(b"SQLite format 3\x00 truncated")
    refused = _run(
        "restore.sh",
        "--yes",
        str(folder),
        DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}",
        PRIVATE_MEDIA_ROOT=str(tmp_path / "other"),
    )
    assert refused.returncode == 3 and "REFUSED" in refused.stderr
    assert not (tmp_path / "other.sqlite3").exists()
