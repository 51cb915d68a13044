from rest_framework import serializers

from association.api.fields import ScopedPrimaryKeyRelatedField
from association.models import Organisation
from disasters.models import Event, GradingRule, LossReport, Response
from disasters.models.reports import FIGURE_FIELDS
from disasters.selectors import running_response


class GradingRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradingRule
        fields = ["id", "name", "effective_from"]


#: grades as plain strings ("I", "II", "III" or ""): one choice set under several field names would
#: make drf-spectacular warn about enum naming
GRADE_HELP = 'one of "I", "II", "III"; "" for none'


class ResponseSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True, help_text=GRADE_HELP)

    class Meta:
        model = Response
        fields = ["id", "level", "leading_office", "started_at", "terminated_at"]


class TotalsSerializer(serializers.Serializer):
    companies = serializers.IntegerField()
    policies_affected = serializers.IntegerField()
    claims_reported = serializers.IntegerField()
    estimated_loss = serializers.DecimalField(max_digits=18, decimal_places=2)
    claims_paid = serializers.DecimalField(max_digits=18, decimal_places=2)
    advance_payments = serializers.DecimalField(max_digits=18, decimal_places=2)


class EventSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(read_only=True, help_text="declared grade if any, else the computed grade")
    computed_grade = serializers.CharField(read_only=True, help_text=GRADE_HELP)
    declared_grade = serializers.CharField(read_only=True, help_text=GRADE_HELP)
    grading_rule = GradingRuleSerializer(read_only=True)
    regions = serializers.SerializerMethodField()
    response = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField(help_text="sum of each company's latest report (a member: its own)")

    class Meta:
        model = Event
        fields = [
            "id", "title", "hazard", "occurred_at", "known_at", "regions", "description", "sensitive",
            "est_property_loss", "est_casualty_payout", "insured_deaths", "injured", "computed_grade",
            "grade_criterion", "grading_rule", "declared_grade", "declared_reason", "grade", "response", "totals",
        ]  # fmt: skip

    def get_regions(self, obj) -> list[dict]:
        return [{"id": r.pk, "code": r.code, "name": r.name} for r in obj.regions.all()]

    def get_response(self, obj) -> ResponseSerializer(allow_null=True):
        response = running_response(obj)
        return ResponseSerializer(response).data if response else None

    def get_totals(self, obj) -> TotalsSerializer:
        zero = dict.fromkeys(FIGURE_FIELDS, 0) | {"companies": 0}
        return TotalsSerializer(self.context.get("totals", {}).get(obj.pk, zero)).data


class LossReportSerializer(serializers.ModelSerializer):
    organisation = ScopedPrimaryKeyRelatedField(queryset=Organisation.objects.all())
    report_date = serializers.DateField(required=False)
    source = serializers.CharField(read_only=True, help_text='"portal", "import" or "api"')

    class Meta:
        model = LossReport
        fields = [
            "id", "event", "organisation", "report_date", *FIGURE_FIELDS, "business_status", "staff_deployed",
            "problems", "measures", "source", "submitted_at",
        ]  # fmt: skip
        read_only_fields = ["id", "event", "source", "submitted_at"]
        validators = []  # one report per day is handled by the service (a second one corrects the first)


class SummaryRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    region = serializers.CharField()
    today = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=2))
    change = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=2))
    reported_today = serializers.BooleanField(required=False)


class SummarySerializer(serializers.Serializer):
    date = serializers.DateField()
    totals = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=2))
    change = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=2))
    companies = SummaryRowSerializer(many=True)
    regions = SummaryRowSerializer(many=True)
    late = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
