import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from association.models import Region
from association.services.regions import regions_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_xinjiang_has_14_prefectures():
    call_command("load_regions", "xinjiang")
    province = Region.objects.get(code="650000")
    assert province.children.count() == 14
    assert Region.objects.get(code="654000").name == "伊犁哈萨克自治州"


def test_another_province_loads_from_a_file_and_reload_is_idempotent():
    call_command("load_regions", "jilin")
    call_command("load_regions", "jilin")
    assert Region.objects.get(code="220000").children.count() == 9


def test_gbk_file_loads():
    data = (
        "code,name,name_en,level,parent_code\n630000,青海省,Qinghai,province,\n630100,西宁市,Xining,prefecture,630000\n"
    )
    assert regions_load(data=data.encode("gbk")) == {"created": 2, "updated": 0}
    assert Region.objects.get(code="630100").parent.code == "630000"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,name,level,parent_code\nabc,某省,province,\n", "line 2, column code"),
        ("code,name,level,parent_code\n630000,某省,county,\n", "line 2, column level"),
        ("code,name\n630000,某省\n", "Missing columns: level"),
        ("code,name,level,parent_code\n630100,西宁市,prefecture,999999\n", "line 2, column parent_code"),
        ("code,name,level,parent_code\n630000,某省,province,\n630000,某省,province,\n", "line 3, column code"),
    ],
)
def test_bad_region_files_load_nothing(text, message):
    with pytest.raises(ValidationError) as err:
        regions_load(data=text.encode())
    assert message in " ".join(err.value.messages)
    assert not Region.objects.exists()
