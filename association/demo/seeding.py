"""Idempotent demo seeding: running it twice changes nothing the second time."""

import datetime as dt
import hashlib

import pghistory
from django.contrib.auth.hashers import make_password
from django.db import transaction

from association.choices import MembershipStatus, OrganisationKind, OrganisationTier, Role, required_contact_duties
from association.credit_code import ALPHABET, make_credit_code
from association.demo import catalogue
from association.models import ContactPerson, Membership, Organisation, Region, User
from association.services.regions import regions_load

DEMO_PASSWORD = "Xj-demo-2026!"  # demo data only; README lists it
PROVINCE = "650000"
URUMQI = "650100"


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def demo_credit_code(name: str, division: str, authority: str = "9", category: str = "1") -> str:
    digest = _digest(name)
    org_code = "".join(ALPHABET[b % 31] for b in digest[:9])
    return make_credit_code(authority, category, division, org_code)


def _person(seed: str) -> tuple[str, str]:
    d = _digest(seed)
    name = catalogue.SURNAMES[d[0] % len(catalogue.SURNAMES)] + catalogue.GIVEN[d[1] % len(catalogue.GIVEN)]
    phone = "1" + "3579"[d[2] % 4] + "".join(str(b % 10) for b in d[3:12])
    return name, phone


def _org(*, name, **fields) -> Organisation:
    org = Organisation.objects.filter(name=name).first() or Organisation(name=name)
    for key, value in fields.items():
        setattr(org, key, value)
    org.full_clean()
    org.save()
    return org


_HASH_CACHE: list[str] = []


def _demo_password_hash() -> str:
    """Hash the demo password once (argon2 is slow on purpose) and share it among demo users."""
    if not _HASH_CACHE:
        _HASH_CACHE.append(make_password(DEMO_PASSWORD))
    return _HASH_CACHE[0]


def _user(username: str, display: str, *, staff=False, superuser=False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, password=_demo_password_hash())
    user.display_name = display
    user.email = f"{username.replace('.', '_')}@demo.example.org"
    user.is_staff = staff or superuser
    user.is_superuser = superuser
    user.save()
    return user


def _membership(user, org, role):
    Membership.objects.get_or_create(user=user, organisation=org, role=role)


def _contacts(org: Organisation, slug: str):
    """An A and a B contact for every duty the organisation's kind must fill."""
    for duty in required_contact_duties(org.kind):
        for slot in ("A", "B"):
            name, phone = _person(f"{org.name}/{duty}/{slot}")
            ContactPerson.objects.update_or_create(
                organisation=org,
                duty=duty,
                slot=slot,
                defaults={
                    "name": name,
                    "position": {"A": "部门负责人", "B": "业务主管"}[slot],
                    "phone": phone,
                    "email": f"{slug}.{duty}.{slot.lower()}@demo.example.org",
                    "effective_from": dt.date(2026, 3, 1),
                },
            )


@transaction.atomic
def seed_demo() -> dict:
    with pghistory.context(source="seed_demo"):
        return _seed()


def _seed() -> dict:
    from pathlib import Path

    regions_file = Path(__file__).resolve().parents[1] / "data" / "regions" / "xinjiang.csv"
    regions_load(data=regions_file.read_bytes())
    regions = {r.code: r for r in Region.objects.all()}

    name, short, name_en = catalogue.ASSOCIATION
    association = _org(
        name=name,
        short_name=short,
        name_en=name_en,
        kind=OrganisationKind.ASSOCIATION,
        tier=OrganisationTier.PROVINCIAL,
        region=regions[PROVINCE],
        credit_code=demo_credit_code(name, URUMQI, "5", "1"),
        membership_status=MembershipStatus.NOT_MEMBER,
        address="乌鲁木齐市天山区",
        phone="0991-2810000",
    )
    bureau_name, bureau_short = catalogue.BUREAU
    bureau = _org(
        name=bureau_name,
        short_name=bureau_short,
        kind=OrganisationKind.REGULATOR,
        tier=OrganisationTier.PROVINCIAL,
        region=regions[PROVINCE],
        credit_code=demo_credit_code(bureau_name, URUMQI, "1", "1"),
        membership_status=MembershipStatus.NOT_MEMBER,
    )
    sub_bureaus = {}
    for code, place in catalogue.SUB_BUREAUS.items():
        sub_name = f"国家金融监督管理总局{place}监管分局"
        sub_bureaus[code] = _org(
            name=sub_name,
            short_name=f"{place}监管分局",
            kind=OrganisationKind.REGULATOR,
            tier=OrganisationTier.PREFECTURE,
            parent=bureau,
            region=regions[code],
            credit_code=demo_credit_code(sub_name, code, "1", "1"),
            membership_status=MembershipStatus.NOT_MEMBER,
        )
    _contacts(association, "xjia")

    users = {
        "admin": _user("admin", "系统管理员", superuser=True),
        "staff": _user("staff", "协会工作人员", staff=True),
        "mediator": _user("mediator", "调解员 王律师"),
        "regulator": _user("regulator", "新疆监管局 监管员"),
        "regulator.yili": _user("regulator.yili", "伊犁监管分局 监管员"),
    }
    _membership(users["admin"], association, Role.STAFF)
    _membership(users["staff"], association, Role.STAFF)
    _membership(users["mediator"], association, Role.MEDIATOR)
    _membership(users["regulator"], bureau, Role.REGULATOR)
    _membership(users["regulator.yili"], sub_bureaus["654000"], Role.REGULATOR)

    members = 0
    for i, (slug, kind, branch_name, short, head_name, head_div, prefectures) in enumerate(catalogue.MEMBERS):
        head = None
        if head_name:
            head = _org(
                name=head_name,
                short_name=f"{short}总公司",
                kind=kind,
                tier=OrganisationTier.HEAD_OFFICE,
                credit_code=demo_credit_code(head_name, head_div),
                membership_status=MembershipStatus.NOT_MEMBER,
            )
        branch = _org(
            name=branch_name,
            short_name=short,
            kind=kind,
            tier=OrganisationTier.PROVINCIAL,
            parent=head,
            region=regions[URUMQI],
            credit_code=demo_credit_code(branch_name, URUMQI),
            membership_status=MembershipStatus.MEMBER,
            joined_on=dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 28),
            address=f"乌鲁木齐市{('天山区', '沙依巴克区', '新市区', '水磨沟区')[i % 4]}",
            phone=f"0991-{4500000 + i * 131}",
        )
        members += 1
        _contacts(branch, slug)
        for code in prefectures:
            place = "乌鲁木齐" if code == URUMQI else catalogue.SUB_BUREAUS[code]
            sub_name = branch_name.replace("新疆维吾尔自治区分公司", "新疆分公司").replace(
                "新疆分公司", f"{place}中心支公司"
            )
            sub = _org(
                name=sub_name,
                short_name=f"{short}{place}",
                kind=kind,
                tier=OrganisationTier.PREFECTURE,
                parent=branch,
                region=regions[code],
                credit_code=demo_credit_code(sub_name, code),
                membership_status=MembershipStatus.MEMBER,
                joined_on=branch.joined_on,
            )
            _contacts(sub, f"{slug}.{code}")
        manager = _user(f"{slug}.manager", f"{short} 管理员")
        reporter = _user(f"{slug}.reporter", f"{short} 填报员")
        _membership(manager, branch, Role.MEMBER_MANAGER)
        _membership(reporter, branch, Role.MEMBER_REPORTER)
    # each domain app may add its own demo data (association names none of them); the core's obligations
    # come after them, as the core's notice is the newest document: document numbers follow their dates
    from django.apps import apps

    from association.demo.obligations import seed_obligations
    from association.models import Obligation

    for config in apps.get_app_configs():
        if config.name != "association" and callable(getattr(config, "seed_demo", None)):
            config.seed_demo()
    seed_obligations()
    return {
        "obligations": Obligation.objects.count(),
        "organisations": Organisation.objects.count(),
        "members": members,
        "users": User.objects.count(),
        "contacts": ContactPerson.objects.count(),
    }
