"""The benchmark's own data: a province, regulator offices, and member companies in groups.

Member companies come in groups of five: a provincial branch (the root) and four prefecture
branches under it, so every member user sees the same five organisations at any scale, while
staff see everything. Each organisation gets ``contacts_per_org`` contacts (slot A of the
first duties). Rows are written with ``bulk_create``; growing from 10 to 1,000 adds only the
missing organisations.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from association.choices import ContactDuty, MembershipStatus, OrganisationKind, OrganisationTier, Role
from association.credit_code import ALPHABET, make_credit_code
from association.models import ContactPerson, Membership, Organisation, Region, User

GROUP = 5  # a provincial branch and four prefecture branches
PREFIX = "基准"  # marks generated member companies
PROVINCE = ("650000", "新疆维吾尔自治区")
PREFECTURES = [
    ("650100", "乌鲁木齐市"),
    ("650200", "克拉玛依市"),
    ("652300", "昌吉回族自治州"),
    ("653100", "喀什地区"),
    ("654000", "伊犁哈萨克自治州"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞"]


@dataclass
class BenchWorld:
    staff: User
    member: User
    regulator: User


def _org_code(n: int) -> str:
    digits = []
    for _ in range(9):
        n, r = divmod(n, 31)
        digits.append(ALPHABET[r])
    return "".join(reversed(digits))


def _credit_code(serial: int, division: str) -> str:
    return make_credit_code("9", "1", division, _org_code(serial))


@transaction.atomic
def base() -> BenchWorld:
    """Regions, the association, the bureau and a sub-bureau, and one user per measured role."""
    province, _ = Region.objects.get_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "level": "province", "parent": None}
    )
    for code, name in PREFECTURES:
        Region.objects.get_or_create(code=code, defaults={"name": name, "level": "prefecture", "parent": province})
    ili = Region.objects.get(code="654000")

    def office(name, kind, tier, serial, region, parent=None):
        org, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "tier": tier,
                "parent": parent,
                "region": region,
                "credit_code": _credit_code(serial, region.code),
                "membership_status": MembershipStatus.NOT_MEMBER,
            },
        )
        return org

    association = office("基准保险行业协会", OrganisationKind.ASSOCIATION, OrganisationTier.PROVINCIAL, 1, province)
    bureau = office("基准监管局", OrganisationKind.REGULATOR, OrganisationTier.PROVINCIAL, 2, province)
    sub_bureau = office("基准伊犁监管分局", OrganisationKind.REGULATOR, OrganisationTier.PREFECTURE, 3, ili, bureau)

    grow(GROUP)  # the member user's own company group exists from the start
    first_root = Organisation.objects.filter(name=_root_name(0)).get()
    password = make_password(None)  # unusable: the benchmark signs in with force_login

    def user(username, org, role):
        u, _ = User.objects.get_or_create(username=username, defaults={"password": password, "is_staff": False})
        Membership.objects.get_or_create(user=u, organisation=org, role=role)
        return u

    return BenchWorld(
        staff=user("bench_staff", association, Role.STAFF),
        member=user("bench_member", first_root, Role.MEMBER_MANAGER),
        regulator=user("bench_regulator", sub_bureau, Role.REGULATOR),
    )


def _kind(group: int) -> str:
    return OrganisationKind.PROPERTY_INSURER if group % 2 == 0 else OrganisationKind.LIFE_INSURER


def _company(group: int) -> str:
    kind = "财产" if _kind(group) == OrganisationKind.PROPERTY_INSURER else "人寿"
    return f"{PREFIX}{kind}保险第{group + 1:04d}号股份有限公司"


def _root_name(group: int) -> str:
    return f"{_company(group)}新疆分公司"


def member_count() -> int:
    offices = [OrganisationKind.ASSOCIATION, OrganisationKind.REGULATOR]
    return Organisation.objects.filter(name__startswith=PREFIX).exclude(kind__in=offices).count()


@transaction.atomic
def grow(target: int, *, contacts_per_org: int = 4) -> int:
    """Add member organisations (and their contacts) until there are ``target`` of them."""
    have = member_count()
    if have >= target:
        return 0
    regions = {code: Region.objects.get(code=code) for code, _ in PREFECTURES}
    urumqi = regions["650100"]
    prefecture_codes = [code for code, _ in PREFECTURES if code != "650100"]
    new_indexes = range(have, target)

    def org(i: int, parent: Organisation | None) -> Organisation:
        group, position = divmod(i, GROUP)
        if position == 0:
            name, region, tier = _root_name(group), urumqi, OrganisationTier.PROVINCIAL
        else:
            region = regions[prefecture_codes[(position - 1) % len(prefecture_codes)]]
            name, tier = f"{_company(group)}{region.name}中心支公司", OrganisationTier.PREFECTURE
        return Organisation(
            name=name,
            short_name=name[:20],
            kind=_kind(group),
            tier=tier,
            parent=parent,
            region=region,
            credit_code=_credit_code(10_000 + i, region.code),
            membership_status=MembershipStatus.MEMBER,
            phone=f"0991-{5_000_000 + i}",
        )

    roots = Organisation.objects.bulk_create([org(i, None) for i in new_indexes if i % GROUP == 0])
    groups = {i // GROUP for i in new_indexes}
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=[_root_name(g) for g in groups])}
    branches = Organisation.objects.bulk_create(
        [org(i, by_name[_root_name(i // GROUP)]) for i in new_indexes if i % GROUP != 0]
    )
    duties = list(ContactDuty.values)[:contacts_per_org]
    contacts = []
    for n, organisation in enumerate([*roots, *branches]):
        for d, duty in enumerate(duties):
            k = (have + n) * len(duties) + d
            contacts.append(
                ContactPerson(
                    organisation=organisation,
                    duty=duty,
                    slot="A",
                    name=SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES)) % len(GIVEN)],
                    position="联络员",
                    phone=f"139{k:08d}",
                    email=f"contact{k}@bench.example.org",
                )
            )
    ContactPerson.objects.bulk_create(contacts, batch_size=2_000)
    return len(roots) + len(branches)


def analyze() -> None:
    """Refresh planner statistics after a bulk load, as autovacuum would."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
