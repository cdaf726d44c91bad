"""The embedded broker (kombu's filesystem transport) keeps all its files under VAR_DIR."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs with the development settings (no broker URL): binds a queue as a worker does, which
# writes the exchange table, then prints the settings' folders.
SCRIPT = """
import json, os
import django
django.setup()
from django.conf import settings
from kombu import Connection, Exchange, Queue
with Connection(settings.CELERY_BROKER_URL,
                transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
    Queue("probe", Exchange("probe-exchange", type="direct"), "probe")(conn.default_channel).declare()
print(json.dumps({"var": str(settings.VAR_DIR), "options": settings.CELERY_BROKER_TRANSPORT_OPTIONS}))
"""


def test_every_broker_folder_is_under_var_dir(tmp_path):
    var, cwd = tmp_path / "var", tmp_path / "cwd"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "REDIS_URL"}}
    env.update(
        SEOUL_SE_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="seoul_se.settings.development",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    folders = {
        k: Path(v) for k, v in out["options"].items() if k.endswith("_folder") or "folder_" in k
    }
    assert set(folders) >= {
        "data_folder_in",
        "data_folder_out",
        "processed_folder",
        "control_folder",
    }
    for name, folder in folders.items():
        assert folder.is_absolute() and folder.is_relative_to(var), (name, folder)
    assert (folders["control_folder"] / "probe-exchange.exchange").is_file()
    assert list(cwd.iterdir()) == []  # nothing written into the working directory


def test_no_broker_files_in_the_repository():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert not (ROOT / "control").exists()
    assert "/control/" in ignored  # kombu's default folder, should anything still use it
