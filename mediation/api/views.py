"""API: cases (scoped, masked), one transition endpoint, the logged personal-data view, statistics."""

import datetime as dt
from decimal import Decimal

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from association.api.filters import ScopedFilterSet
from association.api.parsers import SafeJSONParser
from association.dates import parse_day
from mediation.api.serializers import (
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    TransitionSerializer,
)
from mediation.choices import CaseSource, CaseStatus, LineOfInsurance
from mediation.models import Case
from mediation.selectors import case_detail_queryset, case_list, may_see_statistics, statistics_for
from mediation.services.access import personal_data_reveal
from mediation.services.cases import case_create
from mediation.services.transitions import case_transition


class CaseFilter(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=CaseStatus.choices)
    source = django_filters.ChoiceFilter(choices=CaseSource.choices)
    line = django_filters.ChoiceFilter(choices=LineOfInsurance.choices)
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Case
        fields = ["status", "source", "line", "respondent", "mediator", "received_after", "received_before"]

    def filter_overdue(self, queryset, name, value):
        overdue = Case.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Mediation cases. Consumer data is masked; member companies never get the ID number."""

    filterset_class = CaseFilter
    search_fields = ["number", "respondent__name", "court", "referral_number"]
    ordering_fields = ["received_on", "number", "amount_in_dispute", "mediation_due_on"]
    ordering = ["-received_on", "-id"]
    parser_classes = [SafeJSONParser, parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self):
        if self.action == "retrieve":
            return case_detail_queryset(user=self.request.user)
        return case_list(user=self.request.user)

    def get_serializer_class(self):
        return CaseListSerializer if self.action == "list" else CaseDetailSerializer

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.is_association_staff:
            raise PermissionDenied(_("Only association staff register cases."))
        payload = CaseCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        case = case_create(actor=request.user, **payload.validated_data)
        return Response(self._detail(case), status=status.HTTP_201_CREATED)

    def _detail(self, case):
        case = case_detail_queryset(user=self.request.user).get(pk=case.pk)
        return CaseDetailSerializer(case, context=self.get_serializer_context()).data

    @extend_schema(request=TransitionSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="transition", url_name="transition")
    def transition(self, request, pk=None):
        """One workflow step: accept, decline, assign, session, succeed, fail, withdraw, apply_confirmation,
        confirm, refuse, extend, suspend, resume. An invalid step is a 400 naming the current status."""
        case = get_object_or_404(case_list(user=request.user), pk=pk)
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        case = case_transition(case=case, actor=request.user, action=data.pop("action"), data=data)
        return Response(self._detail(case))

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="personal-data", url_name="personal-data")
    def personal_data(self, request, pk=None):
        """The unmasked consumer data, for staff and the case's mediator; every call is logged."""
        case = get_object_or_404(case_list(user=request.user), pk=pk)
        return Response(personal_data_reveal(case=case, user=request.user, via="api"))


def _parse_date(value, name):
    try:
        return parse_day(value)
    except ValueError as exc:
        raise serializers.ValidationError({name: str(exc)}) from None


def statistics_period(params) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    date_from = (
        _parse_date(params["date_from"], "date_from") if params.get("date_from") else today.replace(month=1, day=1)
    )
    date_to = _parse_date(params["date_to"], "date_to") if params.get("date_to") else today
    if date_to < date_from:
        raise serializers.ValidationError({"date_to": _("The end of the period is before its start.")})
    if (date_to - date_from).days > 366 * 10:
        raise serializers.ValidationError({"date_from": _("Choose a period of at most ten years.")})
    return date_from, date_to


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class StatisticsView(APIView):
    """Figures for a period by source (received, succeeded, success rate, amount involved, judicial
    confirmations, YoY) with breakdowns by company, line, region and mediator. Staff: every case;
    regulators: the cases of their region.

    Received and the amount involved count the cases received in the period; succeeded the cases concluded
    with success in the period; judicial confirmations the cases confirmed in the period (``definitions``
    says so in words). A year with the association's published totals (baselines, for staff and the
    provincial regulator) is taken from them; ``basis`` says where each figure comes from (cases, baseline,
    mixed, or unavailable: part of a year known only by its totals, figures null) and ``notes`` why."""

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", str, description="YYYY-MM-DD (default: 1 January this year)"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD (default: today)"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        if not may_see_statistics(request.user):
            raise PermissionDenied(_("Statistics are for association staff and regulators."))
        date_from, date_to = statistics_period(request.query_params)
        stats = statistics_for(user=request.user, date_from=date_from, date_to=date_to)
        return Response(jsonable(stats))
