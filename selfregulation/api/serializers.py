"""API serializers of self-regulation."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from association.api.fields import ScopedPrimaryKeyRelatedField
from association.models import Organisation
from selfregulation.choices import InspectionKind, LineOfBusiness
from selfregulation.models import (
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionTarget,
    MonthlyReturn,
    Rectification,
    TeamMember,
)


class TargetSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    self_inspection_status = serializers.CharField(source="obligation.status", read_only=True, default=None)

    class Meta:
        model = InspectionTarget
        fields = ["id", "organisation", "organisation_name", "total_score", "self_inspection_status"]
        read_only_fields = fields


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "user", "name", "role", "home_organisation"]
        read_only_fields = fields


class InspectionListSerializer(serializers.ModelSerializer):
    checklist_title = serializers.CharField(source="checklist", read_only=True)
    target_count = serializers.IntegerField(read_only=True)
    finding_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "title",
            "kind",
            "line",
            "status",
            "checklist",
            "checklist_title",
            "rechecks",
            "planned_start",
            "planned_end",
            "report_issued_at",
            "closed_at",
            "target_count",
            "finding_count",
        ]
        read_only_fields = fields


class InspectionDetailSerializer(InspectionListSerializer):
    targets = TargetSerializer(many=True, read_only=True, source="visible_targets")
    team = TeamMemberSerializer(many=True, read_only=True)

    class Meta(InspectionListSerializer.Meta):
        fields = [*InspectionListSerializer.Meta.fields, "summary", "self_inspection_due_at", "targets", "team"]
        read_only_fields = fields


class InspectionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(
        choices=InspectionKind.choices, help_text=_("A re-check is planned from the portal.")
    )
    line = serializers.ChoiceField(choices=LineOfBusiness.choices)
    checklist = serializers.PrimaryKeyRelatedField(queryset=ChecklistTemplate.objects.all())
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    organisations = ScopedPrimaryKeyRelatedField(queryset=Organisation.objects.all(), many=True)
    self_inspection_due_at = serializers.DateTimeField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_kind(self, value):
        if value == InspectionKind.RECHECK:
            raise serializers.ValidationError(_("A re-check is planned from the inspection it re-checks."))
        return value


class FindingSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    item_text = serializers.CharField(source="item.text", read_only=True)
    inspection_title = serializers.CharField(source="inspection.title", read_only=True)
    repeat_count = serializers.IntegerField(
        read_only=True, help_text=_("Earlier findings of the same item at this company.")
    )
    rectification = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "inspection_title",
            "organisation",
            "organisation_name",
            "item",
            "item_code",
            "item_text",
            "description",
            "severity",
            "found_on",
            "repeat_count",
            "rectification",
        ]
        read_only_fields = fields


class RectificationSerializer(serializers.ModelSerializer):
    finding_description = serializers.CharField(source="finding.description", read_only=True)
    organisation = serializers.IntegerField(source="finding.organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="finding.organisation.name", read_only=True)
    status = serializers.CharField(source="obligation.status", read_only=True)
    due_at = serializers.DateTimeField(source="obligation.due_at", read_only=True)
    submitted_at = serializers.DateTimeField(source="obligation.submitted_at", read_only=True)
    is_overdue = serializers.BooleanField(source="obligation.is_overdue", read_only=True)

    class Meta:
        model = Rectification
        fields = [
            "id",
            "finding",
            "finding_description",
            "organisation",
            "organisation_name",
            "demand",
            "obligation",
            "status",
            "due_at",
            "submitted_at",
            "is_overdue",
        ]
        read_only_fields = fields


class RectificationSubmitSerializer(serializers.Serializer):
    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RectificationReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MonthlyReturnSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField  # a foreign company reads as "not found"

    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", write_only=True, help_text="YYYY-MM")

    class Meta:
        model = MonthlyReturn
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "line",
            "period",
            "month",
            "written_premium",
            "policies",
            "claims_paid",
            "combined_expense_ratio",
            "combined_cost_ratio",
            "source",
            "replaced_by",
            "submitted_at",
        ]
        read_only_fields = ["id", "line", "period", "source", "replaced_by", "submitted_at"]
        extra_kwargs = {"organisation": {"queryset": Organisation.objects.all()}}

    def validate_month(self, value: str) -> str:
        if not 1 <= int(value[5:]) <= 12:
            raise serializers.ValidationError(_("Enter the month as YYYY-MM."))
        return value
