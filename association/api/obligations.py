"""API for obligations: the inbox (scoped, filterable) and submissions."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from association.api.filters import IsoDateTimeFilter, ScopedFilterSet
from association.api.parsers import SafeJSONParser
from association.choices import AWAITING_MEMBER, ObligationKind, ObligationStatus
from association.models import Attachment, Obligation, Submission
from association.selectors.obligations import obligation_list
from association.services.obligations import obligation_submit


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "kind", "size", "uploaded_at"]


class SubmissionSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "version",
            "text",
            "data",
            "submitted_by",
            "submitted_at",
            "outcome",
            "reviewed_at",
            "review_comment",
            "attachments",
        ]
        read_only_fields = fields


class SubmissionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    data = serializers.JSONField(required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)

    def validate_data(self, value):
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("data must be a JSON object")
        return value


class ObligationSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()

    class Meta:
        model = Obligation
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "organisation",
            "organisation_name",
            "due_at",
            "original_due_at",
            "status",
            "is_overdue",
            "submitted_at",
            "first_submitted_at",
            "accepted_at",
            "subject",
            "created_at",
        ]
        read_only_fields = fields

    def get_is_overdue(self, obj) -> bool:
        return obj.status in AWAITING_MEMBER and obj.due_at < self.context["now"]

    def get_subject(self, obj) -> dict | None:
        if not obj.subject_type_id:
            return None
        return {"type": f"{obj.subject_type.app_label}.{obj.subject_type.model}", "id": obj.subject_id}


class ObligationFilter(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ObligationStatus.choices)
    kind = django_filters.MultipleChoiceFilter(choices=ObligationKind.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    due_before = IsoDateTimeFilter(field_name="due_at", lookup_expr="lte")
    due_after = IsoDateTimeFilter(field_name="due_at", lookup_expr="gte")

    class Meta:
        model = Obligation
        fields = ["status", "kind", "organisation", "overdue", "due_before", "due_after"]

    def filter_overdue(self, queryset, name, value):
        now = timezone.now()
        if value:
            return queryset.filter(status__in=AWAITING_MEMBER, due_at__lt=now)
        return queryset.exclude(status__in=AWAITING_MEMBER, due_at__lt=now)


class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What organisations owe. Members see their organisation's (and branches'), regulators their region's."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    search_fields = ["title", "organisation__name"]
    ordering_fields = ["due_at", "status", "kind"]
    ordering = ["due_at", "id"]

    def get_queryset(self):
        return obligation_list(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(responses=SubmissionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="submissions", url_name="submissions")
    def submissions(self, request, pk=None):
        obligation = self.get_object()
        rows = obligation.submissions.select_related("submitted_by").prefetch_related("attachments")
        return Response(SubmissionSerializer(rows, many=True).data)

    @extend_schema(request=SubmissionCreateSerializer, responses={201: SubmissionSerializer})
    @submissions.mapping.post
    def submit(self, request, pk=None):
        obligation = get_object_or_404(self.get_queryset(), pk=pk)  # out of scope: 404
        payload = SubmissionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        files = payload.validated_data.get("files") or request.FILES.getlist("files")
        submission = obligation_submit(
            obligation=obligation,
            actor=request.user,
            text=payload.validated_data.get("text", ""),
            data=payload.validated_data.get("data"),
            files=files,
        )
        return Response(SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)

    parser_classes = [SafeJSONParser, parsers.MultiPartParser, parsers.FormParser]
