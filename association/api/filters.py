import django_filters

from association.choices import ContactDuty, ContactSlot, MembershipStatus, OrganisationKind, OrganisationTier
from association.models import ContactPerson, Organisation


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=OrganisationKind.choices)
    tier = django_filters.ChoiceFilter(choices=OrganisationTier.choices)
    membership_status = django_filters.ChoiceFilter(choices=MembershipStatus.choices)
    region_code = django_filters.CharFilter(field_name="region__code")
    parent = django_filters.NumberFilter(field_name="parent_id")
    credit_code = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Organisation
        fields = ["kind", "tier", "membership_status", "region", "region_code", "parent", "is_active", "credit_code"]


class ContactFilter(django_filters.FilterSet):
    duty = django_filters.ChoiceFilter(choices=ContactDuty.choices)
    slot = django_filters.ChoiceFilter(choices=ContactSlot.choices)

    class Meta:
        model = ContactPerson
        fields = ["organisation", "duty", "slot"]
