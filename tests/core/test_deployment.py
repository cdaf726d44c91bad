"""The production compose file: the services, health checks and volumes the README promises."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_defines_the_production_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:")
    assert int(services["db"]["image"].split(":")[1]) >= 15
    assert services["redis"]["image"] == "redis:7"
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "migrate" in " ".join(services["web"]["command"])
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert services["web"]["environment"]["DEBUG"] == "false"
    assert "SECRET_KEY" in services["worker"]["environment"]
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "private-files"}


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make run" in readme
    assert "make test" in ci
