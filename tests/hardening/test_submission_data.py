"""Point 9: a submission's ``data`` is validated against its obligation kind's schema, and the reviewer sees
every key (a key such as ``items`` neither hides nor breaks the page)."""

import pytest
from django.core.exceptions import ValidationError

from association.services.obligations import obligation_submit
from tests.association.test_obligation_pages import matrix_obligation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_keys_that_are_template_attributes_are_shown_as_data(client, world):
    obligation = matrix_obligation(world)
    data = {"items": "十二项", "keys": "钥匙", "values": [1, 2], "说明": "正常"}
    obligation_submit(obligation=obligation, actor=world.users["member_a_manager"], data=data)
    page = client_for(client, world.users["staff"]).get(f"/obligations/{obligation.pk}/").content.decode()
    for key, text in [("items", "十二项"), ("keys", "钥匙"), ("values", "1、2"), ("说明", "正常")]:
        assert f">{key}</dt>" in page and f">{text}</dd>" in page


@pytest.mark.parametrize(
    "data",
    [
        {"nested": {"deep": {"deeper": 1}}},
        {"x" * 101: 1},
        {f"k{i}": i for i in range(51)},
        {"long": "x" * 2001},
        {"list": list(range(101))},
        {"bad\u0000key": 1},
        ["not", "an", "object"],
    ],
)
def test_data_outside_the_schema_is_refused(world, data):
    obligation = matrix_obligation(world)
    with pytest.raises(ValidationError) as exc:
        obligation_submit(obligation=obligation, actor=world.users["member_a_manager"], data=data)
    assert "data" in exc.value.message_dict


def test_the_api_answers_400_naming_data(api_client, world):
    obligation = matrix_obligation(world)
    api_client.force_authenticate(world.users["member_a_manager"])
    response = api_client.post(
        f"/api/v1/obligations/{obligation.pk}/submissions/", {"data": {"a": {"b": 1}}}, format="json"
    )
    assert response.status_code == 400 and "data" in response.json()
