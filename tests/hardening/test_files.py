"""Point 7: uploaded files are never served by URL (no static(MEDIA_URL), in development either); every
download is a view that checks scope, and production can let the proxy send the file (X-Accel-Redirect or
X-Sendfile) so MEDIA_ROOT is never public."""

import importlib
from urllib.parse import quote

import pytest
from django.urls import Resolver404, clear_url_caches, resolve

from tests.association.test_obligation_pages import matrix_attachment
from tests.conftest import client_for
from tests.selfregulation.helpers import matrix_convention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_media_has_no_url_even_in_debug(settings, client, world):
    import config.urls

    settings.DEBUG = True
    try:
        clear_url_caches()
        importlib.reload(config.urls)
        attachment = matrix_attachment(world)
        with pytest.raises(Resolver404):
            resolve(f"/media/{attachment.file.name}")
        staff = client_for(client, world.users["staff"])
        assert staff.get(f"/media/{attachment.file.name}").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()


def test_the_convention_document_goes_through_a_view(client, world):
    convention = matrix_convention(world, document=True)
    page = client_for(client, world.users["member_a_manager"]).get("/selfregulation/conventions/").content.decode()
    assert f"/selfregulation/conventions/{convention.pk}/document/" in page and "/media/" not in page
    response = client.get(f"/selfregulation/conventions/{convention.pk}/document/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_proxy_sends_the_file_after_the_view_checked_scope(client, world, settings):
    settings.FILE_DELIVERY, header = "x-accel", "X-Accel-Redirect"
    attachment = matrix_attachment(world)
    url = f"/attachments/{attachment.pk}/"
    response = client_for(client, world.users["member_a_manager"]).get(url)
    assert response.status_code == 200 and response.content == b""
    assert response[header] == "/protected-media/" + quote(attachment.file.name)
    assert "attachment" in response["Content-Disposition"]
    assert client_for(client, world.users["member_b"]).get(url).status_code == 404  # scope first
