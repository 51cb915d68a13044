"""Filters of the governance API (querysets come from the viewsets' selectors, already scoped)."""

import django_filters

from association.api.filters import IsoDateTimeFilter, ScopedFilterSet
from governance.choices import (
    BodyKind,
    ConsultationKind,
    ConsultationStatus,
    MeetingStatus,
    TrainingMode,
    TrainingStatus,
)
from governance.models import Body, Consultation, Meeting, Training


class BodyFilter(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=BodyKind.choices)

    class Meta:
        model = Body
        fields = ["kind", "votes"]


class MeetingFilter(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices)
    starts_after = IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["body", "status", "starts_after", "starts_before"]


class ConsultationFilter(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=ConsultationKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=ConsultationStatus.choices)
    due_after = IsoDateTimeFilter(field_name="feedback_due_at", lookup_expr="gte")
    due_before = IsoDateTimeFilter(field_name="feedback_due_at", lookup_expr="lt")

    class Meta:
        model = Consultation
        fields = ["kind", "status", "due_after", "due_before"]


class TrainingFilter(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=TrainingStatus.choices)
    mode = django_filters.MultipleChoiceFilter(choices=TrainingMode.choices)
    starts_after = IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Training
        fields = ["status", "mode", "starts_after", "starts_before"]
