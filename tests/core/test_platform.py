import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"] == {"ok": True, "info": "postgresql"}
    assert body["broker"]["ok"] is True


def test_reference_data_loaded_by_migration(db):
    from seoul_se.reference.models import District, LegalType, StrategicField

    assert District.objects.count() == 25
    assert set(District.objects.values_list("name", flat=True)) >= {"종로구", "마포구", "강동구"}
    assert StrategicField.objects.count() == 7
    assert LegalType.objects.filter(name="사회적협동조합").exists()


def _manage(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="seoul_se.settings.production",
        SECRET_KEY="x" * 30 + "-production-secret-key-for-the-check-0123456789",
        ALLOWED_HOSTS="portal.example.kr",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _manage(["check"], DJANGO_SETTINGS_MODULE="seoul_se.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_openapi_schema_and_local_docs(client, official):
    client.force_login(official)
    assert client.get("/api/schema/").status_code == 200
    swagger = client.get(reverse("swagger"))
    assert swagger.status_code == 200
    assert b"cdn" not in swagger.content.lower()
    assert client.get(reverse("redoc")).status_code == 200


def test_openapi_schema_has_no_warnings(db):
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()  # count this generation's warnings only
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", os.devnull)


def test_load_demo_is_idempotent(db):
    from django.core.management import call_command

    from seoul_se.accounts.models import User

    call_command("load_demo", "--only", "accounts", stdout=open(os.devnull, "w"))
    first = User.objects.count()
    call_command("load_demo", "--only", "accounts", stdout=open(os.devnull, "w"))
    assert User.objects.count() == first == 7  # one per role


@pytest.mark.parametrize("path", ["/", "/audit/"])
def test_pages_require_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_reference_data_survives_a_flush(transactional_db):
    from django.core.management import call_command

    from seoul_se.reference.models import District

    call_command("flush", "--noinput", verbosity=0)
    assert District.objects.count() == 25
