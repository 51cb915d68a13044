"""docker-compose.yml is valid and says what the README says (quality gate 6): one PostgreSQL, one
Redis, migrations once before the portal starts, web/worker/beat on the production settings with
healthchecks, exactly one beat, persistent volumes for the database and the media files."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ("migrate", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_order(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", *PORTAL}
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
    assert services["migrate"]["command"][:3] == ["python", "manage.py", "migrate"]
    assert services["migrate"]["restart"] == "no"


def test_portal_containers_run_the_production_settings(compose):
    for name in PORTAL:
        env = compose["services"][name]["environment"]
        assert env["DJANGO_ENV"] == "production", name
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"], name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), name  # refuses to start without one


def test_healthchecks_one_beat_and_volumes(compose):
    services = compose["services"]
    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    beat = services["beat"]
    assert "replicas" not in beat.get("deploy", {}) or beat["deploy"]["replicas"] == 1
    assert beat["command"][:4] == ["celery", "-A", "config", "beat"]
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "media"}
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    for name in ("web", "worker"):
        assert "media:/app/var/media" in services[name]["volumes"], name


def test_readme_documents_the_stack_and_its_backup():
    readme = (ROOT / "README.md").read_text()
    for text in ("docker compose up --build -d", "Backup and restore", "pg_dump", "pg_restore", "exactly one `beat`"):
        assert text in readme, text


@pytest.mark.skipif(not shutil.which("docker"), reason="docker is not installed")
def test_docker_compose_config_accepts_it():
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    result = subprocess.run(
        ["docker", "compose", "config", "-q"],
        cwd=ROOT,
        env={"SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
