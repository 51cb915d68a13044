import django_filters
from django.db.models import Q

from association.api.filters import IsoDateTimeFilter, ScopedFilterSet
from disasters.choices import Grade, Hazard
from disasters.models import Event, Response


class EventFilter(ScopedFilterSet):
    hazard = django_filters.MultipleChoiceFilter(choices=Hazard.choices)
    grade = django_filters.ChoiceFilter(choices=Grade.choices, method="filter_grade", label="grade in effect")
    region = django_filters.NumberFilter(field_name="regions", distinct=True)
    region_code = django_filters.CharFilter(field_name="regions__code", distinct=True)
    occurred_after = IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    active = django_filters.BooleanFilter(method="filter_active", label="a response is running")

    class Meta:
        model = Event
        fields = ["hazard", "grade", "region", "region_code", "sensitive", "occurred_after", "occurred_before"]

    def filter_grade(self, queryset, name, value):
        return queryset.filter(Q(declared_grade=value) | Q(declared_grade="", computed_grade=value))

    def filter_active(self, queryset, name, value):
        running = Response.objects.filter(terminated_at__isnull=True).values("event_id")
        return queryset.filter(pk__in=running) if value else queryset.exclude(pk__in=running)
