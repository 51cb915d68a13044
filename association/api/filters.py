import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

from association.choices import ContactDuty, ContactSlot, MembershipStatus, OrganisationKind, OrganisationTier
from association.models import ContactPerson, Organisation


class LocalIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is not None and timezone.is_aware(parsed):  # PostgreSQL refuses offsets beyond ±15:59
            parsed = parsed.astimezone(timezone.get_current_timezone())
        return parsed


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time filter whose value arrives in the portal's time zone, whatever offset it
    was written with (every app's FilterSets use this one)."""

    field_class = LocalIsoDateTimeField


class YearFilter(django_filters.NumberFilter):
    """A calendar year (a whole number from 2000 to 2100): ``?year=0`` is a 400, not a ValueError."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class ScopedFilterSet(django_filters.FilterSet):
    """Id filters never reveal existence (issue 14): the choices of every model-choice filter
    (``?organisation=``, ``?respondent=``, ``?event=``, ...) are what the caller may see
    (``visible_to(user)``), so another company's id and a missing id both answer the same 400 ("not one of
    the available choices"). A user filter (``?mediator=``) offers staff every user and anyone else only
    themselves. Every app's FilterSets derive from this one."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            if isinstance(f, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                f.queryset = scoped_choices(f.get_queryset(request), user)


def scoped_choices(queryset, user):
    if user is None or not user.is_authenticated:
        return queryset.none()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if queryset.model is get_user_model() and not user.is_association_staff:
        return queryset.filter(pk=user.pk)
    return queryset


class OrganisationFilter(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=OrganisationKind.choices)
    tier = django_filters.ChoiceFilter(choices=OrganisationTier.choices)
    membership_status = django_filters.ChoiceFilter(choices=MembershipStatus.choices)
    region_code = django_filters.CharFilter(field_name="region__code")
    parent = django_filters.NumberFilter(field_name="parent_id")
    credit_code = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Organisation
        fields = ["kind", "tier", "membership_status", "region", "region_code", "parent", "is_active", "credit_code"]


class ContactFilter(ScopedFilterSet):
    duty = django_filters.ChoiceFilter(choices=ContactDuty.choices)
    slot = django_filters.ChoiceFilter(choices=ContactSlot.choices)

    class Meta:
        model = ContactPerson
        fields = ["organisation", "duty", "slot"]
