import factory
from factory.django import DjangoModelFactory

from association.choices import ContactDuty, MembershipStatus, OrganisationKind, OrganisationTier, Role
from association.credit_code import ALPHABET, make_credit_code
from association.models import ContactPerson, Membership, Organisation, Region, User

TEST_PASSWORD = "Test-password-2026!"


def _org_code(n: int) -> str:
    digits = []
    for _ in range(9):
        n, r = divmod(n, 31)
        digits.append(ALPHABET[r])
    return "".join(reversed(digits))


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{660000 + n * 100}")
    name = factory.Sequence(lambda n: f"测试地区{n}")
    level = "province"
    parent = None


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试财产保险股份有限公司第{n}分公司")
    short_name = factory.Sequence(lambda n: f"测试财险{n}")
    kind = OrganisationKind.PROPERTY_INSURER
    tier = OrganisationTier.PROVINCIAL
    credit_code = factory.Sequence(lambda n: make_credit_code("9", "1", "650100", _org_code(n + 1000)))
    membership_status = MembershipStatus.MEMBER
    region = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER_MANAGER


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    duty = ContactDuty.DISASTER
    slot = "A"
    name = factory.Sequence(lambda n: f"联系人{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
