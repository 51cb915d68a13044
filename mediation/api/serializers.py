"""Serializers: personal data is always masked here; the full view is a separate, logged endpoint."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from association.api.fields import ScopedPrimaryKeyRelatedField
from association.models import Organisation, User
from mediation.choices import CaseSource, ComplaintChannel, LineOfInsurance, SessionMode, action_fits
from mediation.models import Case, MediationSession
from mediation.services.permissions import may_act, may_see_id_number


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediationSession
        fields = ["id", "held_on", "mode", "attendees", "notes", "created_at"]
        read_only_fields = fields


class CaseListSerializer(serializers.ModelSerializer):
    consumer_name = serializers.CharField(source="masked_name", read_only=True)
    consumer_phone = serializers.CharField(source="masked_phone", read_only=True)
    consumer_id_number = serializers.SerializerMethodField()
    respondent_name = serializers.CharField(source="respondent.name", read_only=True)
    region = serializers.CharField(source="respondent.region.name", read_only=True, default=None)
    mediator_name = serializers.CharField(source="mediator", read_only=True, default=None)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "source",
            "channel",
            "court",
            "status",
            "consumer_name",
            "consumer_id_number",
            "consumer_phone",
            "respondent",
            "respondent_name",
            "region",
            "line",
            "amount_in_dispute",
            "received_on",
            "accepted_on",
            "mediation_due_on",
            "is_overdue",
            "mediator",
            "mediator_name",
        ]
        read_only_fields = fields

    def get_consumer_id_number(self, obj) -> str | None:
        """Masked; member companies never get it at all."""
        request = self.context.get("request")
        if request is not None and not may_see_id_number(request.user):
            return None
        return obj.masked_id_number


class CaseDetailSerializer(CaseListSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    agreement_file = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField(
        help_text="The workflow steps the caller may take now (POST them to the transition endpoint)."
    )

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "referral_number",
            "referral_date",
            "summary",
            "decline_reason",
            "extension_days",
            "extension_reason",
            "suspended_on",
            "suspension_reason",
            "suspended_days",
            "closed_on",
            "outcome_notes",
            "settlement_amount",
            "agreement_file",
            "confirmation_applied_on",
            "ruling_number",
            "ruling_date",
            "refusal_reason",
            "sessions",
            "available_actions",
            "created_at",
        ]
        read_only_fields = fields

    def get_agreement_file(self, obj) -> bool:
        return bool(obj.agreement_file)

    def get_available_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return available_actions(request.user, obj) if request is not None else []


class CaseCreateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=CaseSource.choices)
    court = serializers.CharField(required=False, allow_blank=True, max_length=200)
    referral_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    referral_date = serializers.DateField(required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=ComplaintChannel.choices, required=False, allow_blank=True)
    consumer_name = serializers.CharField(max_length=100)
    consumer_id_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    consumer_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    respondent = ScopedPrimaryKeyRelatedField(queryset=Organisation.objects.members())
    line = serializers.ChoiceField(choices=LineOfInsurance.choices)
    amount_in_dispute = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    summary = serializers.CharField(required=False, allow_blank=True)
    received_on = serializers.DateField(required=False)


TRANSITION_ACTIONS = [
    ("accept", _("Accept")),
    ("decline", _("Decline")),
    ("assign", _("Assign a mediator")),
    ("session", _("Record a session")),
    ("succeed", _("Mediation succeeded")),
    ("fail", _("Mediation failed")),
    ("withdraw", _("Withdrawn by the applicant")),
    ("apply_confirmation", _("Apply for judicial confirmation")),
    ("confirm", _("Judicially confirmed")),
    ("refuse", _("Judicial confirmation refused")),
    ("extend", _("Extend the period")),
    ("suspend", _("Suspend")),
    ("resume", _("Resume")),
]


class TransitionSerializer(serializers.Serializer):
    """One workflow step. Which fields matter depends on ``action``; the service checks them."""

    action = serializers.ChoiceField(choices=TRANSITION_ACTIONS)
    date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    mediator = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False)
    mode = serializers.ChoiceField(choices=SessionMode.choices, required=False)
    attendees = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    settlement_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    agreement_file = serializers.FileField(required=False)
    ruling_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    days = serializers.IntegerField(required=False, min_value=1, max_value=365)


def allowed_actions(user, case) -> list[str]:
    """The steps ``user`` may take on cases like this one, whatever its status (permission)."""
    return [key for key, _label in TRANSITION_ACTIONS if may_act(user, case, key)]


def available_actions(user, case) -> list[str]:
    """The steps ``user`` may take on ``case`` now: permitted and fitting its status."""
    suspended = case.suspended_on is not None
    return [key for key in allowed_actions(user, case) if action_fits(key, status=case.status, suspended=suspended)]
