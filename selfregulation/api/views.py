"""API: inspections, findings, rectifications (submit / review), monthly returns. Scope as in the portal."""

import datetime as dt

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from association.api.filters import ScopedFilterSet
from association.api.parsers import SafeJSONParser
from selfregulation.api.serializers import (
    FindingSerializer,
    InspectionCreateSerializer,
    InspectionDetailSerializer,
    InspectionListSerializer,
    MonthlyReturnSerializer,
    RectificationReviewSerializer,
    RectificationSerializer,
    RectificationSubmitSerializer,
)
from selfregulation.choices import InspectionKind, InspectionStatus, LineOfBusiness, ReturnSource, Severity
from selfregulation.models import Finding, Inspection, MonthlyReturn, Rectification
from selfregulation.selectors import (
    finding_list,
    inspection_detail,
    inspection_list,
    only_repeats,
    rectification_list,
    return_list,
)
from selfregulation.services.findings import rectification_review, rectification_submit
from selfregulation.services.inspections import inspection_create
from selfregulation.services.monitoring import return_submit


class InspectionFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=InspectionStatus.choices)
    line = django_filters.ChoiceFilter(choices=LineOfBusiness.choices)
    organisation = django_filters.NumberFilter(field_name="targets__organisation", distinct=True)

    class Meta:
        model = Inspection
        fields = ["kind", "status", "line", "rechecks", "organisation"]


class InspectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Inspections with their targets (the companies in your scope) and team."""

    queryset = Inspection.objects.none()  # for the schema; requests use get_queryset

    filterset_class = InspectionFilter
    search_fields = ["title"]
    ordering_fields = ["planned_start", "title"]
    ordering = ["-planned_start", "-id"]

    def get_queryset(self):
        if self.action == "retrieve":
            return inspection_detail(user=self.request.user, whole=self.request.user.is_association_staff)
        return inspection_list(user=self.request.user)

    def get_serializer_class(self):
        return InspectionListSerializer if self.action == "list" else InspectionDetailSerializer

    @extend_schema(request=InspectionCreateSerializer, responses={201: InspectionDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.is_association_staff:
            raise PermissionDenied(_("Only association staff plan inspections."))
        payload = InspectionCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        inspection = inspection_create(actor=request.user, **payload.validated_data)
        inspection = inspection_detail(user=request.user, whole=True).get(pk=inspection.pk)
        return Response(InspectionDetailSerializer(inspection).data, status=status.HTTP_201_CREATED)


class FindingFilter(ScopedFilterSet):
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    found_after = django_filters.DateFilter(field_name="found_on", lookup_expr="gte")
    found_before = django_filters.DateFilter(field_name="found_on", lookup_expr="lte")
    repeat = django_filters.BooleanFilter(method="filter_repeat")

    class Meta:
        model = Finding
        fields = ["inspection", "organisation", "item_code", "severity", "found_after", "found_before"]

    def filter_repeat(self, queryset, name, value):
        return only_repeats(queryset, value)


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Findings; ``repeat_count`` counts earlier findings of the same item at the same company."""

    queryset = Finding.objects.none()  # for the schema; requests use get_queryset

    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    search_fields = ["description", "item_code", "organisation__name"]
    ordering_fields = ["found_on", "severity"]
    ordering = ["-found_on", "-id"]

    def get_queryset(self):
        return finding_list(user=self.request.user)


class RectificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rectification demands; the company submits its report, staff accept or return it."""

    queryset = Rectification.objects.none()  # for the schema; requests use get_queryset

    serializer_class = RectificationSerializer
    ordering = ["obligation__due_at", "id"]
    ordering_fields = ["obligation__due_at"]
    parser_classes = [SafeJSONParser, parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self):
        return rectification_list(user=self.request.user)

    def _detail(self, pk):
        return RectificationSerializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=RectificationSubmitSerializer, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        rectification = get_object_or_404(self.get_queryset(), pk=pk)
        if request.user.is_regulator or not request.user.may_act_for(rectification.finding.organisation_id):
            raise PermissionDenied(_("Only the company submits its rectification report."))
        payload = RectificationSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rectification_submit(
            rectification=rectification,
            actor=request.user,
            text=payload.validated_data["text"],
            files=payload.validated_data["files"],
        )
        return Response(self._detail(pk))

    @extend_schema(request=RectificationReviewSerializer, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        rectification = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.is_association_staff:
            raise PermissionDenied(_("Only association staff review submissions."))
        payload = RectificationReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rectification_review(
            rectification=rectification,
            actor=request.user,
            accept=payload.validated_data["decision"] == "accept",
            comment=payload.validated_data["comment"],
        )
        return Response(self._detail(pk))


class ReturnFilter(ScopedFilterSet):
    current = django_filters.BooleanFilter(field_name="replaced_by", lookup_expr="isnull")

    class Meta:
        model = MonthlyReturn
        fields = ["organisation", "line", "period", "current"]


class MonthlyReturnViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Monthly market figures. POST submits (or corrects) a company's month: ``month`` as YYYY-MM."""

    queryset = MonthlyReturn.objects.none()  # for the schema; requests use get_queryset

    serializer_class = MonthlyReturnSerializer
    filterset_class = ReturnFilter
    ordering = ["-period", "organisation__name", "-submitted_at"]
    ordering_fields = ["period", "submitted_at"]

    def get_queryset(self):
        return return_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if request.user.is_regulator and not request.user.is_association_staff:
            raise PermissionDenied(_("Regulators read the figures; they do not submit them."))
        payload = MonthlyReturnSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organisation = data.pop("organisation")
        year, month = data.pop("month").split("-")
        if not request.user.may_act_for(organisation.pk):
            raise PermissionDenied(_("You may not submit figures for this company."))
        ret = return_submit(
            organisation=organisation,
            period=dt.date(int(year), int(month), 1),
            figures=data,
            actor=request.user,
            source=ReturnSource.API,
        )
        return Response(MonthlyReturnSerializer(ret).data, status=status.HTTP_201_CREATED)
