"""API serializers of the association's own work: bodies, meetings, consultations, trainings, and the three
answers members owe (attendance reply, consultation feedback, trainee registration)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from association.api.fields import ScopedPrimaryKeyRelatedField
from association.models import Organisation
from governance.models import (
    AgendaItem,
    Body,
    Clause,
    Comment,
    Consultation,
    Invitation,
    Material,
    Meeting,
    Recipient,
    Resolution,
    Seat,
    Trainee,
    Training,
)

#: a blank link is "" (not a URI), so the field is a plain string in the schema
ONLINE_LINK_HELP = _("The address of the online session; empty for one held on site only.")

# --- bodies -----------------------------------------------------------------------------------------


class SeatSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Seat
        fields = ["organisation", "organisation_name", "position", "representative", "representative_title"]
        read_only_fields = fields


class BodySerializer(serializers.ModelSerializer):
    seats_in_office = serializers.IntegerField(read_only=True)

    class Meta:
        model = Body
        fields = ["id", "kind", "name", "short_name", "description", "votes", "seats_in_office"]
        read_only_fields = fields


class BodyDetailSerializer(BodySerializer):
    current_term = serializers.CharField(source="api_term.label", read_only=True, default=None)
    term_started_on = serializers.DateField(source="api_term.starts_on", read_only=True, default=None)
    seats = SeatSerializer(many=True, read_only=True, source="api_seats")

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "current_term", "term_started_on", "seats"]
        read_only_fields = fields


# --- meetings ---------------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True, default=None)
    number_label = serializers.CharField(read_only=True, help_text=_("The meeting's number in its term: 七届四次."))
    invited = serializers.IntegerField(source="n_invited", read_only=True)
    replied = serializers.IntegerField(source="n_replied", read_only=True)
    present = serializers.IntegerField(source="n_present", read_only=True, help_text=_("Organisations signed in."))
    online_link = serializers.CharField(read_only=True, help_text=ONLINE_LINK_HELP)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "body",
            "body_name",
            "number_label",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "reply_due_at",
            "status",
            "shared_with_regulators",
            "minutes_published_at",
            "invited",
            "replied",
            "present",
        ]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "document_name"]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "meeting",
            "organisation",
            "organisation_name",
            "voting",
            "reply",
            "attendees",
            "leave_reason",
            "replied_at",
        ]
        read_only_fields = fields


class ResolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resolution
        fields = [
            "number",
            "title",
            "text",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "present_voting",
            "voting_members",
            "quorate",
            "passed",
            "published_at",
        ]
        read_only_fields = fields


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True, source="api_agenda")
    invitations = InvitationSerializer(
        many=True, read_only=True, source="api_invitations", help_text=_("The invitations you may see.")
    )
    minutes = serializers.CharField(
        source="api_minutes", read_only=True, allow_null=True, help_text=_("Once the minutes are published.")
    )
    resolutions = ResolutionSerializer(many=True, read_only=True, source="api_resolutions")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "invitations", "minutes", "resolutions"]
        read_only_fields = fields


class MeetingReplySerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text=_("The invited organisation you reply for.")
    )
    attend = serializers.BooleanField(help_text=_("true: will attend (name them); false: asks for leave."))
    attendees = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("Names and titles, one per line.")
    )
    leave_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# --- consultations ----------------------------------------------------------------------------------


class ConsultationSerializer(serializers.ModelSerializer):
    recipients = serializers.IntegerField(source="n_recipients", read_only=True)
    replied = serializers.IntegerField(source="n_replied", read_only=True)
    comments = serializers.IntegerField(source="n_comments", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "feedback_due_at",
            "status",
            "shared_with_regulators",
            "published_at",
            "convention_link",
            "recipients",
            "replied",
            "comments",
        ]
        read_only_fields = fields


class ClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clause
        fields = ["id", "order", "number", "text"]
        read_only_fields = fields


class RecipientSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Recipient
        fields = ["organisation", "organisation_name", "no_comments", "replied_at"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    clause_number = serializers.CharField(source="clause.number", read_only=True, default=None)

    class Meta:
        model = Comment
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "clause",
            "clause_number",
            "text",
            "suggestion",
            "submitted_at",
            "handling",
            "handling_note",
        ]
        read_only_fields = fields


class ConsultationDetailSerializer(ConsultationSerializer):
    clauses = ClauseSerializer(many=True, read_only=True, source="api_clauses")
    consulted = RecipientSerializer(
        many=True, read_only=True, source="api_recipients", help_text=_("The consulted members you may see.")
    )
    feedback = CommentSerializer(
        many=True, read_only=True, source="api_comments", help_text=_("The comments you may see, by clause.")
    )

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "final_text", "clauses", "consulted", "feedback"]
        read_only_fields = fields


class CommentInputSerializer(serializers.Serializer):
    clause = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text=_("A clause id of this draft; empty: general.")
    )
    text = serializers.CharField(max_length=10000)
    suggestion = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class FeedbackSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text=_("The consulted organisation you answer for.")
    )
    no_comments = serializers.BooleanField(default=False, help_text=_("Answer “no comments” instead of comments."))
    comments = CommentInputSerializer(many=True, required=False, max_length=500)


class FeedbackResultSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    no_comments = serializers.BooleanField()
    replied_at = serializers.DateTimeField(allow_null=True)
    comments = CommentSerializer(many=True, source="api_comments")


# --- trainings --------------------------------------------------------------------------------------


class TrainingSerializer(serializers.ModelSerializer):
    registered = serializers.IntegerField(source="n_registered", read_only=True)
    attended = serializers.IntegerField(source="n_attended", read_only=True)
    online_link = serializers.CharField(read_only=True, help_text=ONLINE_LINK_HELP)

    class Meta:
        model = Training
        fields = [
            "id",
            "title",
            "topic",
            "speakers",
            "mode",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "hours",
            "capacity",
            "quota_per_organisation",
            "registration_due_at",
            "status",
            "registered",
            "attended",
        ]
        read_only_fields = fields


class TraineeSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Trainee
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "name",
            "position",
            "registered_at",
            "signed_at",
            "certificate_number",
        ]
        read_only_fields = fields


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["title", "file_name", "uploaded_at"]
        read_only_fields = fields


class TrainingDetailSerializer(TrainingSerializer):
    open_to = serializers.SerializerMethodField(help_text=_("The organisations you may see it is open to."))
    trainees = TraineeSerializer(many=True, read_only=True, source="api_trainees")
    materials = MaterialSerializer(many=True, read_only=True, source="api_materials")

    class Meta(TrainingSerializer.Meta):
        fields = [*TrainingSerializer.Meta.fields, "open_to", "trainees", "materials"]
        read_only_fields = fields

    def get_open_to(self, obj) -> list[int]:
        return [offer.organisation_id for offer in obj.api_offers]


class TraineeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    position = serializers.CharField(required=False, allow_blank=True, max_length=100)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)


class RegistrationSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text=_("The organisation the training is open to.")
    )
    trainees = TraineeInputSerializer(many=True, min_length=1, max_length=200)
