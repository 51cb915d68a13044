import contextlib

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "status": "ok"}


def test_healthz_503_when_redis_is_down(client, settings):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    caches._settings = caches.settings = settings.CACHES  # rebuild the cache handler for this test
    with contextlib.suppress(AttributeError):
        del caches._connections.default
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok" and body["redis"].startswith("error") and body["status"] == "unavailable"


def test_healthz_503_when_database_is_down(client, monkeypatch):
    from django.db.backends.postgresql.base import DatabaseWrapper
    from django.db.utils import OperationalError

    def broken_cursor(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(DatabaseWrapper, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")
