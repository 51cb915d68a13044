"""API: campaigns (scoped), their activities and ranking; public-opinion alerts."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from association.api.filters import ScopedFilterSet, YearFilter
from campaigns.api.serializers import (
    ActivityCreateSerializer,
    ActivitySerializer,
    AlertCloseSerializer,
    AlertCountSerializer,
    AlertCreateSerializer,
    AlertSerializer,
    CampaignDetailSerializer,
    CampaignListSerializer,
    RankingRowSerializer,
)
from campaigns.choices import ActivityKind, AlertSeverity, AlertStatus, CampaignKind, CampaignStatus
from campaigns.models import Activity, Campaign, OpinionAlert
from campaigns.selectors import (
    activity_list,
    alert_counts,
    alert_list,
    campaign_detail_queryset,
    campaign_list,
    ranking,
)
from campaigns.services.activities import activity_record
from campaigns.services.alerts import alert_acknowledge, alert_close, alert_record
from campaigns.services.permissions import may_act_for


class CampaignFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices)
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices)
    year = YearFilter(field_name="starts_on", lookup_expr="year")

    class Meta:
        model = Campaign
        fields = ["kind", "status", "year"]


class ActivityFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)

    class Meta:
        model = Activity
        fields = ["kind", "organisation"]


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Publicity campaigns a user may see: staff all, members those they take part in, regulators those
    with participants in their region."""

    filterset_class = CampaignFilter
    search_fields = ["title", "slogan"]
    ordering_fields = ["starts_on", "title"]
    ordering = ["-starts_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action == "retrieve":
            return campaign_detail_queryset(user=self.request.user)
        return campaign_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "activities":
            return ActivitySerializer
        if self.action == "ranking":
            return RankingRowSerializer
        return CampaignListSerializer if self.action == "list" else CampaignDetailSerializer

    def _campaign(self, pk):
        return get_object_or_404(Campaign.objects.visible_to(self.request.user), pk=pk)

    @extend_schema(responses={200: ActivitySerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="activities", url_name="activities", filter_backends=[])
    def activities(self, request, pk=None):
        """The campaign's activities the user may see (members: their own organisation's)."""
        campaign = self._campaign(pk)
        filterset = ActivityFilter(
            request.query_params, queryset=activity_list(user=request.user, campaign=campaign), request=request
        )
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        queryset = filterset.qs
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            ActivitySerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(request=ActivityCreateSerializer, responses={201: ActivitySerializer})
    @activities.mapping.post
    def record_activity(self, request, pk=None):
        """Record an activity (multipart for photos: JPEG or PNG, checked by content)."""
        campaign = self._campaign(pk)
        payload = ActivityCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organisation = data.pop("organisation")
        if not may_act_for(request.user, organisation.pk):
            raise PermissionDenied(_("You may not record activities for that organisation."))
        activity = activity_record(actor=request.user, campaign=campaign, organisation=organisation, **data)
        activity = activity_list(user=request.user).get(pk=activity.pk)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: RankingRowSerializer(many=True)})
    @action(
        detail=True, methods=["get"], url_path="ranking", url_name="ranking", filter_backends=[], pagination_class=None
    )
    def ranking(self, request, pk=None):
        """Rank among all participants, with the lines that make each score; the rows are those the user may
        see (a member: its own organisations)."""
        campaign = self._campaign(pk)
        return Response(RankingRowSerializer(ranking(campaign, request.user), many=True).data)

    def get_parsers(self):
        return [parsers.JSONParser(), parsers.MultiPartParser(), parsers.FormParser()]


class AlertFilter(ScopedFilterSet):
    severity = django_filters.ChoiceFilter(choices=AlertSeverity.choices)
    status = django_filters.ChoiceFilter(choices=AlertStatus.choices)

    class Meta:
        model = OpinionAlert
        fields = ["severity", "status", "organisation"]


class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Public-opinion alerts (舆情): staff record and close; the company concerned acknowledges."""

    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    search_fields = ["source", "summary", "organisation__name"]
    ordering_fields = ["detected_at", "severity"]
    ordering = ["-detected_at", "-id"]

    def get_queryset(self):
        return alert_list(user=self.request.user)

    @extend_schema(request=AlertCreateSerializer, responses={201: AlertSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.is_association_staff:
            raise PermissionDenied(_("Only association staff record alerts."))
        payload = AlertCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        alert = alert_record(actor=request.user, **payload.validated_data)
        return Response(AlertSerializer(self.get_queryset().get(pk=alert.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: AlertCountSerializer(many=True)})
    @action(detail=False, methods=["get"], url_path="counts", url_name="counts", pagination_class=None)
    def counts(self, request):
        """Alerts by company and severity (of the alerts the user may see; filters apply)."""
        rows = alert_counts(self.filter_queryset(self.get_queryset()))
        return Response(AlertCountSerializer(rows, many=True).data)

    @extend_schema(request=None, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"], url_path="acknowledge", url_name="acknowledge")
    def acknowledge(self, request, pk=None):
        alert = self.get_object()
        if not may_act_for(request.user, alert.organisation_id):
            raise PermissionDenied(_("Only the company concerned acknowledges an alert."))
        alert = alert_acknowledge(actor=request.user, alert=alert)
        return Response(AlertSerializer(self.get_queryset().get(pk=alert.pk)).data)

    @extend_schema(request=AlertCloseSerializer, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def close(self, request, pk=None):
        alert = self.get_object()
        if not request.user.is_association_staff:
            raise PermissionDenied(_("Only association staff close alerts."))
        payload = AlertCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        alert = alert_close(actor=request.user, alert=alert, outcome=payload.validated_data["outcome"])
        return Response(AlertSerializer(self.get_queryset().get(pk=alert.pk)).data)
