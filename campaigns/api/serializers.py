"""API serializers of the campaigns app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from association.api.fields import ScopedPrimaryKeyRelatedField
from association.models import Organisation
from campaigns.choices import ActivityKind, AlertSeverity
from campaigns.models import Activity, ActivityPhoto, Campaign, Deliverable, OpinionAlert


class DeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliverable
        fields = ["id", "kind", "title", "description", "due_at"]
        read_only_fields = fields


class CampaignListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "kind", "kind_label", "title", "slogan", "starts_on", "ends_on", "status", "participant_count"]
        read_only_fields = fields


class CampaignDetailSerializer(CampaignListSerializer):
    deliverables = DeliverableSerializer(many=True, read_only=True)
    plan_document = serializers.SerializerMethodField()

    class Meta(CampaignListSerializer.Meta):
        fields = [*CampaignListSerializer.Meta.fields, "theme", "plan_document", "deliverables", "template"]
        read_only_fields = fields

    def get_plan_document(self, obj) -> str | None:
        if not obj.plan_document:
            return None
        return reverse("campaigns-plan-document", args=[obj.pk])


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ActivityPhoto
        fields = ["id", "original_name", "kind", "size", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("campaigns-photo", args=[obj.pk])


class ActivitySerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    links = serializers.ListField(child=serializers.CharField(), read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "campaign",
            "organisation",
            "organisation_name",
            "kind",
            "title",
            "held_on",
            "place",
            "description",
            "audience",
            "views",
            "links",
            "mainstream_media",
            "original_content",
            "photos",
            "created_at",
        ]
        read_only_fields = fields


class ActivityCreateSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyRelatedField(queryset=Organisation.objects.all())
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    audience = serializers.IntegerField(min_value=0, default=0)
    views = serializers.IntegerField(min_value=0, default=0)
    coverage_links = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("One web address per line.")
    )
    mainstream_media = serializers.BooleanField(default=False)
    original_content = serializers.BooleanField(default=False)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RankingLineSerializer(serializers.Serializer):
    item = serializers.CharField()
    count = serializers.IntegerField()
    counted = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=8, decimal_places=1)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    lines = RankingLineSerializer(many=True)
    computed_at = serializers.DateTimeField()


class AlertSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    obligation_status = serializers.CharField(source="obligation.status", read_only=True, default=None)

    class Meta:
        model = OpinionAlert
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "source",
            "link",
            "summary",
            "severity",
            "severity_label",
            "detected_at",
            "status",
            "contact_a",
            "notified_a_at",
            "contact_b",
            "escalated_at",
            "acknowledge_by",
            "acknowledged_at",
            "response_due_at",
            "obligation",
            "obligation_status",
            "outcome",
            "closed_at",
        ]
        read_only_fields = fields


class AlertCreateSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyRelatedField(queryset=Organisation.objects.members())
    source = serializers.CharField(max_length=200)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    summary = serializers.CharField()
    severity = serializers.ChoiceField(choices=AlertSeverity.choices)
    detected_at = serializers.DateTimeField(required=False)


class AlertCloseSerializer(serializers.Serializer):
    outcome = serializers.CharField()


class AlertCountSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation__name")
    low = serializers.IntegerField()
    medium = serializers.IntegerField()
    high = serializers.IntegerField()
    critical = serializers.IntegerField()
    open = serializers.IntegerField()
    total = serializers.IntegerField()
