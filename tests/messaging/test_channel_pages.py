"""The channels page: a company's manager (for its organisation and branches) and staff add, change and remove
the robots and the SMS gateway; secrets are never shown back in full; another company's page is 404."""

import pghistory.models
import pytest

from association.choices import ContactDuty
from association.models import ContactPerson
from messaging.choices import ChannelKind
from messaging.models import Channel
from tests.conftest import client_for
from tests.messaging import helpers

pytestmark = pytest.mark.django_db

DINGTALK_URL = f"https://oapi.dingtalk.com/robot/send?access_token={helpers.DINGTALK_TOKEN}"


def _page(client, org):
    return client.get(f"/messages/organisations/{org.pk}/channels/")


def test_the_manager_adds_a_signed_dingtalk_robot_to_a_branch_and_never_sees_the_secret_again(world, client):
    c = client_for(client, world.users["member_a_manager"])
    branch = world.org_a_branch
    form = c.get(f"/messages/organisations/{branch.pk}/channels/add/?kind=dingtalk")
    assert form.status_code == 200 and 'value="dingtalk" selected' in form.content.decode()

    response = c.post(
        f"/messages/organisations/{branch.pk}/channels/add/",
        {"kind": "dingtalk", "label": "理赔群（钉钉）", "target": DINGTALK_URL, "secret": helpers.DINGTALK_SECRET,
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/messages/organisations/{branch.pk}/channels/"
    channel = Channel.objects.get(organisation=branch)
    assert (channel.kind, channel.secret, channel.target) == (
        ChannelKind.DINGTALK,
        helpers.DINGTALK_SECRET,
        DINGTALK_URL,
    )
    # who did it is on the history row; the secret and the address are not
    event = pghistory.models.Events.objects.filter(pgh_obj_model="messaging.Channel").last()
    assert event.pgh_context["user"] == world.users["member_a_manager"].pk
    assert "secret" not in event.pgh_data and "target" not in event.pgh_data

    page = _page(c, branch).content.decode()
    assert "理赔群（钉钉）" in page and channel.secret_masked in page and channel.target_masked in page
    assert helpers.DINGTALK_SECRET not in page and helpers.DINGTALK_TOKEN not in page
    edit = c.get(f"/messages/channels/{channel.pk}/edit/").content.decode()
    assert helpers.DINGTALK_SECRET not in edit and helpers.DINGTALK_TOKEN not in edit
    assert channel.secret_masked in edit  # "Now: SEC8…3b. Leave empty to keep it."


def test_editing_keeps_what_is_left_empty_and_can_remove_the_secret(world, client):
    channel = helpers.robots(world.org_a_branch)["dingtalk"]
    c = client_for(client, world.users["staff"])
    url = f"/messages/channels/{channel.pk}/edit/"
    assert c.post(url, {"kind": "dingtalk", "label": "新名字", "is_active": "on"}).status_code == 302
    channel.refresh_from_db()
    assert (channel.label, channel.secret, channel.target) == ("新名字", helpers.DINGTALK_SECRET, DINGTALK_URL)

    assert c.post(url, {"kind": "dingtalk", "label": "新名字", "clear_secret": "on"}).status_code == 302
    channel.refresh_from_db()
    assert channel.secret in ("", None) and channel.is_active is False


def test_bad_input_is_said_on_the_form(world, client):
    c = client_for(client, world.users["member_a_manager"])
    url = f"/messages/organisations/{world.org_a.pk}/channels/add/"
    response = c.post(url, {"kind": "wecom", "label": "应急群", "target": "https://example.com/not a robot/"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    response = c.post(url, {"kind": "sms", "label": "自建网关", "target": "ftp://gateway"})
    assert response.status_code == 200 and "https://" in response.content.decode()
    response = c.post(url, {"kind": "nonsense", "label": "", "target": ""})
    assert response.status_code == 200
    assert not Channel.objects.exists()


def test_remove(world, client):
    channel = helpers.robots(world.org_a)["wecom"]
    c = client_for(client, world.users["member_a_manager"])
    assert c.post(f"/messages/channels/{channel.pk}/remove/").status_code == 302
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert c.get(f"/messages/channels/{channel.pk}/edit/").status_code == 404


def test_the_page_says_where_texts_go_and_what_a_branch_inherits(world, client):
    robots = helpers.robots(world.org_a)
    assert (world.contact_a_branch.duty, world.contact_a_branch.slot) == (ContactDuty.DISASTER, "A")
    ContactPerson.objects.filter(pk=world.contact_a_branch.pk).update(name="王应急", phone="13912345678")
    Channel.objects.create(kind=ChannelKind.SMS, label="协会短信网关", target="https://sms.example.org/send")
    page = _page(client_for(client, world.users["member_a_manager"]), world.org_a_branch).content.decode()
    assert 'id="robots-inherited"' in page and robots["wecom"].label in page  # the parent's robots
    assert "王应急" in page and "139****5678" in page and "13912345678" not in page
    assert "协会短信网关" in page


def test_another_company_and_readers_get_404(world, client):
    channel = helpers.robots(world.org_a_branch)["wecom"]
    for role in ("member_b", "member_a_reporter", "regulator_x", "mediator"):
        c = client_for(client, world.users[role])
        assert _page(c, world.org_a_branch).status_code == 404, role
        assert c.get(f"/messages/channels/{channel.pk}/edit/").status_code == 404, role
        assert c.post(f"/messages/channels/{channel.pk}/remove/").status_code == 404, role
    assert Channel.objects.filter(pk=channel.pk).exists()
    # B's manager on its own page: fine
    assert _page(client_for(client, world.users["member_b"]), world.org_b).status_code == 200


def test_the_organisation_page_links_to_the_channels(world, client):
    page = client_for(client, world.users["member_a_manager"]).get(f"/organisations/{world.org_a_branch.pk}/")
    assert f"/messages/organisations/{world.org_a_branch.pk}/channels/" in page.content.decode()
    page = client_for(client, world.users["member_a_reporter"]).get(f"/organisations/{world.org_a_branch.pk}/")
    assert "/channels/" not in page.content.decode()
