"""API: bodies, meetings, consultations and trainings as each user sees them in the portal, and the three
answers a member owes (the attendance reply, the consultation feedback, the trainee registration), each
through its service, which also marks the obligation in the member's inbox done."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from governance import selectors
from governance.api.filters import BodyFilter, ConsultationFilter, MeetingFilter, TrainingFilter
from governance.api.serializers import (
    BodyDetailSerializer,
    BodySerializer,
    ConsultationDetailSerializer,
    ConsultationSerializer,
    FeedbackResultSerializer,
    FeedbackSerializer,
    InvitationSerializer,
    MeetingDetailSerializer,
    MeetingReplySerializer,
    MeetingSerializer,
    RegistrationSerializer,
    TraineeSerializer,
    TrainingDetailSerializer,
    TrainingSerializer,
)
from governance.models import Body, Consultation, Invitation, Meeting, Offer, Recipient, Training
from governance.services.consultations import CommentSpec, consultation_feedback
from governance.services.meetings import meeting_reply
from governance.services.trainings import TraineeSpec, trainees_register


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise exceptions.PermissionDenied(message)


class Answerable:
    """The rows (invitations, consulted members, offers) of one meeting, consultation or training the user
    sees, and which of them the user may answer for (``may``: ``user.may_act_for`` or ``user.may_manage``).
    Someone who may answer for none of them (a regulator, a reporter where a manager must act) is refused
    before the payload is read."""

    def __init__(self, queryset, may, refusal: str):
        self.rows = {row.organisation_id: row for row in queryset}
        self.may, self.refusal = may, refusal
        _refuse_unless(any(may(org_id) for org_id in self.rows), refusal)

    def row_for(self, organisation, message: str):
        row = self.rows.get(organisation.pk)
        if row is None:
            raise exceptions.ValidationError({"organisation": [message]})
        _refuse_unless(self.may(row.organisation_id), self.refusal)
        return row


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    """The association's bodies (assembly, councils, supervisory board, committees) a user sits on or, for
    regulators, those with members in their region; staff see all. The detail names the seats in office."""

    queryset = Body.objects.none()  # for the schema; requests use get_queryset
    filterset_class = BodyFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["order", "name"]
    ordering = ["order", "name"]

    def get_queryset(self):
        return selectors.body_list(user=self.request.user)

    def get_serializer_class(self):
        return BodySerializer if self.action == "list" else BodyDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        body = self.get_object()
        body.api_term, body.api_seats = selectors.body_seats_in_office(body, user=request.user)
        return Response(BodyDetailSerializer(body).data)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings a member is invited to (regulators: those the association shares with them); staff see all.
    POST ``reply/`` answers the attendance reply an invited organisation owes."""

    queryset = Meeting.objects.none()
    filterset_class = MeetingFilter
    search_fields = ["title", "place"]
    ordering_fields = ["starts_at", "reply_due_at", "title"]
    ordering = ["-starts_at", "-id"]

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    def get_serializer_class(self):
        return MeetingSerializer if self.action == "list" else MeetingDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        meeting = self.get_object()
        user = request.user
        minutes_visible = user.is_association_staff or meeting.minutes_published_at is not None
        meeting.api_agenda = list(meeting.agenda.all())
        meeting.api_invitations = list(selectors.meeting_invitations(meeting, user=user))
        meeting.api_minutes = meeting.minutes if minutes_visible else None
        meeting.api_resolutions = list(selectors.meeting_resolutions(meeting, user=user)) if minutes_visible else []
        return Response(MeetingDetailSerializer(meeting).data)

    @extend_schema(request=MeetingReplySerializer, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def reply(self, request, pk=None):
        """Who will attend, or leave with a reason; may be changed until the meeting starts."""
        meeting = self.get_object()
        answerable = Answerable(
            Invitation.objects.visible_to(request.user).filter(meeting=meeting),
            request.user.may_act_for,
            _("You may not reply for that organisation."),
        )
        payload = MeetingReplySerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        invitation = answerable.row_for(data["organisation"], _("This organisation is not invited to the meeting."))
        invitation = meeting_reply(
            actor=request.user,
            invitation=invitation,
            attend=data["attend"],
            attendees=data.get("attendees", ""),
            leave_reason=data.get("leave_reason", ""),
        )
        return Response(InvitationSerializer(invitation).data)


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """Consultations on drafts sent to a member (regulators: those shared with them); staff see all. The
    detail has the clauses and the feedback the user may see. POST ``feedback/`` gives a member's feedback."""

    queryset = Consultation.objects.none()
    filterset_class = ConsultationFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["feedback_due_at", "created_at", "title"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.consultation_list(user=self.request.user)

    def get_serializer_class(self):
        return ConsultationSerializer if self.action == "list" else ConsultationDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        consultation = self.get_object()
        user = request.user
        consultation.api_clauses = list(consultation.clauses.all())
        consultation.api_recipients = list(selectors.consultation_recipients(consultation, user=user))
        consultation.api_comments = list(selectors.consultation_comments(consultation, user=user))
        return Response(ConsultationDetailSerializer(consultation).data)

    @extend_schema(request=FeedbackSerializer, responses={201: FeedbackResultSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def feedback(self, request, pk=None):
        """Comments on clauses (``clause``: a clause id of this draft) or general ones, or ``no_comments``.
        More comments may follow while the consultation is open."""
        consultation = self.get_object()
        answerable = Answerable(
            Recipient.objects.visible_to(request.user).filter(consultation=consultation),
            request.user.may_act_for,
            _("You may not reply for that organisation."),
        )
        payload = FeedbackSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        recipient = answerable.row_for(data["organisation"], _("This organisation was not consulted on the draft."))
        clauses = {c.pk: c for c in consultation.clauses.all()}
        specs, errors = [], {}
        for i, item in enumerate(data.get("comments", [])):
            clause_id = item.get("clause")
            if clause_id is not None and clause_id not in clauses:
                errors[i] = {"clause": [_("That clause is not part of this draft.")]}
            specs.append(CommentSpec(item["text"], clauses.get(clause_id), item.get("suggestion", "")))
        if errors:
            raise exceptions.ValidationError({"comments": [errors.get(i, {}) for i in range(len(specs))]})
        consultation_feedback(actor=request.user, recipient=recipient, comments=specs, no_comments=data["no_comments"])
        recipient.refresh_from_db()
        recipient.api_comments = list(
            selectors.consultation_comments(consultation, user=request.user).filter(
                organisation_id=recipient.organisation_id
            )
        )
        return Response(FeedbackResultSerializer(recipient).data, status=status.HTTP_201_CREATED)


class TrainingViewSet(viewsets.ReadOnlyModelViewSet):
    """Trainings open to a member's organisations; staff see all (regulators and mediators none). POST
    ``registration/`` registers trainees within the company's quota, by the deadline (member managers)."""

    queryset = Training.objects.none()
    filterset_class = TrainingFilter
    search_fields = ["title", "topic", "speakers"]
    ordering_fields = ["starts_at", "registration_due_at", "title"]
    ordering = ["-starts_at", "-id"]

    def get_queryset(self):
        return selectors.training_list(user=self.request.user)

    def get_serializer_class(self):
        return TrainingSerializer if self.action == "list" else TrainingDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        training = self.get_object()
        user = request.user
        training.api_offers = list(Offer.objects.visible_to(user).filter(training=training))
        training.api_trainees = list(selectors.training_trainees(training, user=user))
        training.api_materials = list(training.materials.all())
        return Response(TrainingDetailSerializer(training).data)

    @extend_schema(request=RegistrationSerializer, responses={201: TraineeSerializer(many=True)})
    @action(detail=True, methods=["post"], filterset_class=None)
    def registration(self, request, pk=None):
        """Names the company's trainees (more may follow within the quota); answers the company's
        registration owed in its inbox. The response lists the company's trainees of this training."""
        training = self.get_object()
        answerable = Answerable(
            Offer.objects.visible_to(request.user).filter(training=training),
            request.user.may_manage,
            _("Only your company's manager may do this."),
        )
        payload = RegistrationSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        offer = answerable.row_for(data["organisation"], _("The training is not open to this organisation."))
        trainees_register(
            actor=request.user,
            offer=offer,
            trainees=[TraineeSpec(t["name"], t.get("position", ""), t.get("phone", "")) for t in data["trainees"]],
        )
        registered = selectors.training_trainees(training, user=request.user).filter(
            organisation_id=offer.organisation_id
        )
        return Response(TraineeSerializer(registered, many=True).data, status=status.HTTP_201_CREATED)
