from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from association.dates import parse_day
from disasters import selectors
from disasters.api.filters import EventFilter
from disasters.api.serializers import EventSerializer, LossReportSerializer, SummarySerializer
from disasters.choices import ReportSource
from disasters.models import LossReport
from disasters.services.loss_reports import loss_report_submit
from disasters.summary import summary_data


class ReadOrMemberWrites(permissions.BasePermission):
    """Everyone signed in reads (within scope); member companies (and staff) write loss reports."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.is_association_staff or request.user.is_member_user


def _dashboard(user) -> bool:
    return user.is_association_staff or user.is_regulator


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Disaster events: staff see all, regulators those in their region, members those they are affected by."""

    serializer_class = EventSerializer
    permission_classes = [ReadOrMemberWrites]
    filterset_class = EventFilter
    search_fields = ["title", "description"]
    ordering_fields = ["occurred_at", "known_at", "title"]

    def get_queryset(self):
        return selectors.event_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        totals = selectors.totals_for_events((e.pk for e in page), selectors.totals_scope(request.user))
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(), "totals": totals})
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        context = {
            **self.get_serializer_context(),
            "totals": selectors.totals_for_events([event.pk], selectors.totals_scope(request.user)),
        }
        return Response(self.get_serializer(event, context=context).data)

    @extend_schema(
        methods=["GET"],
        responses=LossReportSerializer(many=True),
        description="Loss reports of the event: a company sees only its own.",
    )
    @extend_schema(methods=["POST"], request=LossReportSerializer, responses={201: LossReportSerializer})
    @action(
        detail=True, methods=["get", "post"], url_path="loss-reports", url_name="loss-reports", filterset_class=None
    )
    def loss_reports(self, request, pk=None):
        event = self.get_object()
        if request.method == "GET":
            reports = LossReport.objects.visible_to(request.user).filter(event=event).order_by("report_date", "pk")
            page = self.paginate_queryset(reports)
            return self.get_paginated_response(LossReportSerializer(page, many=True).data)
        serializer = LossReportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        report = loss_report_submit(
            event=event, organisation=data.pop("organisation"), actor=request.user, source=ReportSource.API, **data
        )
        return Response(LossReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="day (default: today, Beijing time)")],
        responses=SummarySerializer,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def summary(self, request, pk=None):
        """The day's totals and day-over-day change by company and by region; late and missing reporters."""
        if not _dashboard(request.user):
            raise exceptions.NotFound()
        event = self.get_object()
        now = timezone.now()
        given = request.query_params.get("date", "")
        try:
            day = parse_day(given) if given else selectors.today_beijing(now)
        except ValueError as exc:
            raise exceptions.ValidationError({"date": str(exc)}) from None
        data = summary_data(event, day, now, selectors.totals_scope(request.user))

        def row(name, r):
            return {"name": name, "region": r["region"], "today": r["today"], "change": r["change"],
                    "reported_today": r.get("reported_today", False)}  # fmt: skip

        payload = {
            "date": day,
            "totals": data["totals"],
            "change": data["change"],
            "companies": [row(str(r["organisation"]), r) for r in data["rows"]],
            "regions": [row(r["region"], r) for r in data["regions"]],
            "late": [name for name, _cell in data["late"]],
            "missing": [name for name, _cell in data["missing"]],
        }
        return Response(SummarySerializer(payload).data)
