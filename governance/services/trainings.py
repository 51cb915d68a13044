"""Trainings: offer to members (each may register trainees within its quota by the deadline, an obligation),
sign-in on the day (staff or QR code), materials, the short survey, close with certificate numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import ObligationKind
from association.deadlines import BEIJING
from association.services.obligations import obligation_create, obligations_cancel_for
from governance.choices import SignInMethod, TrainingStatus
from governance.models import Feedback, Material, Offer, Trainee, Training
from governance.services.common import answer_obligation, notify, store_file
from governance.services.permissions import ensure_may_manage, ensure_staff

SIGN_IN_OPENS_BEFORE = dt.timedelta(hours=2)


@dataclass(frozen=True)
class TraineeSpec:
    name: str
    position: str = ""
    phone: str = ""


TRAINING_FIELDS = (
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
)


@acting
@transaction.atomic
def training_create(*, actor, organisations, **fields) -> Training:
    """A training open to the chosen members: each owes the registration of its trainees by the deadline."""
    ensure_staff(actor)
    unknown = set(fields) - set(TRAINING_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    training = Training(created_by=actor, **fields)
    training.title = (training.title or "").strip()
    training.full_clean()
    if training.registration_due_at <= timezone.now():
        raise ValidationError({"registration_due_at": _("The registration deadline must be in the future.")})
    orgs = list(organisations)
    if not orgs:
        raise ValidationError({"organisations": _("Choose at least one member.")})
    training.save()
    offers = Offer.objects.bulk_create([Offer(training=training, organisation=o) for o in orgs])
    for offer in offers:
        obligation_create(
            organisation=offer.organisation,
            kind=ObligationKind.TRAINING_REGISTRATION,
            title=_("Register trainees: %(title)s") % {"title": training.title},
            due_at=training.registration_due_at,
            subject=offer,
            actor=actor,
            dedupe_key=f"training-registration:{offer.pk}",
        )
    notify(
        [o.pk for o in orgs],
        title=_("Training: %(title)s") % {"title": training.title},
        body=_("%(start)s. Up to %(quota)d trainees per company; register them by %(due)s.")
        % {
            "start": f"{training.starts_at.astimezone(BEIJING):%Y-%m-%d %H:%M}",
            "quota": training.quota_per_organisation,
            "due": f"{training.registration_due_at.astimezone(BEIJING):%Y-%m-%d %H:%M}",
        },
        url=training.get_absolute_url(),
    )
    return training


@acting
@transaction.atomic
def trainees_register(*, actor, offer: Offer, trainees: list[TraineeSpec]) -> list[Trainee]:
    """A member manager registers trainees: within the company's quota and the training's capacity, before
    the deadline. The registration obligation is then done (more names may follow within the quota)."""
    ensure_may_manage(actor, offer.organisation_id)
    training = Training.objects.select_for_update().get(pk=offer.training_id)  # one registration at a time
    if training.status != TrainingStatus.OPEN:
        raise ValidationError(_("Registration for this training is closed."))
    if timezone.now() > training.registration_due_at:
        raise ValidationError(_("The registration deadline has passed."))
    specs = [t for t in trainees if (t.name or "").strip()]
    if not specs:
        raise ValidationError({"trainees": _("Give at least one trainee's name.")})
    names = [t.name.strip() for t in specs]
    if len(set(names)) != len(names):
        raise ValidationError({"trainees": _("A name is listed twice.")})
    have = training.trainees.filter(organisation_id=offer.organisation_id)
    already = set(have.filter(name__in=names).values_list("name", flat=True))
    if already:
        raise ValidationError({"trainees": _("Already registered: %(names)s") % {"names": "、".join(sorted(already))}})
    own, total = have.count(), training.trainees.count()
    if own + len(specs) > training.quota_per_organisation:
        raise ValidationError(
            {
                "trainees": _("Your company's quota is %(quota)d; %(own)d already registered.")
                % {"quota": training.quota_per_organisation, "own": own}
            }
        )
    if total + len(specs) > training.capacity:
        raise ValidationError(
            {"trainees": _("Only %(left)d places are left.") % {"left": max(training.capacity - total, 0)}}
        )
    created = []
    for spec in specs:
        trainee = Trainee(
            training=training,
            organisation_id=offer.organisation_id,
            name=spec.name.strip(),
            position=spec.position.strip(),
            phone=spec.phone.strip(),
            registered_by=actor,
        )
        trainee.full_clean(exclude=["training", "organisation"])
        trainee.save()
        created.append(trainee)
    answer_obligation(offer, actor=actor, text=_("Trainees registered: %(names)s") % {"names": "、".join(names)})
    return created


@acting
@transaction.atomic
def trainee_withdraw(*, actor, trainee: Trainee) -> None:
    ensure_may_manage(actor, trainee.organisation_id)
    training = Training.objects.select_for_update().get(pk=trainee.training_id)
    if training.status != TrainingStatus.OPEN or timezone.now() > training.registration_due_at:
        raise ValidationError(_("Registration is closed; ask the association to change it."))
    trainee.delete()


def _match_phone(trainee: Trainee, last4: str) -> bool:
    digits = "".join(ch for ch in trainee.phone if ch.isdigit())
    return bool(digits) and digits[-4:] == last4


@acting
@transaction.atomic
def training_sign_in(
    *,
    actor=None,
    training: Training,
    trainee: Trainee | None = None,
    name: str = "",
    phone_last4: str = "",
    method: str = SignInMethod.STAFF,
) -> Trainee:
    """Attendance. Staff mark a registered trainee; with the QR code a trainee signs in with name and the
    last four digits of the mobile number registered (from two hours before the start to the end)."""
    if method == SignInMethod.STAFF:
        ensure_staff(actor)
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status == TrainingStatus.CANCELLED:
        raise ValidationError(_("This training was cancelled."))
    if method == SignInMethod.QR:
        now = timezone.now()
        if not (training.starts_at - SIGN_IN_OPENS_BEFORE <= now <= training.ends_at):
            raise ValidationError(_("Sign-in is open from two hours before the training until its end."))
        matches = [t for t in training.trainees.filter(name=(name or "").strip()) if _match_phone(t, phone_last4)]
        if len(matches) != 1:
            raise ValidationError(_("No registration with this name and mobile number; ask the staff at the door."))
        trainee = matches[0]
    if trainee is None or trainee.training_id != training.pk:
        raise ValidationError(_("Not registered for this training."))
    if trainee.signed_at is None:
        trainee.signed_at, trainee.sign_in_method = timezone.now(), method
        trainee.save(update_fields=["signed_at", "sign_in_method"])
    return trainee


@acting
@transaction.atomic
def training_sign_in_undo(*, actor, trainee: Trainee) -> Trainee:
    ensure_staff(actor)
    if trainee.certificate_number:
        raise ValidationError(_("A certificate was issued; the attendance stays."))
    trainee.signed_at, trainee.sign_in_method = None, ""
    trainee.save(update_fields=["signed_at", "sign_in_method"])
    return trainee


@acting
@transaction.atomic
def training_material_add(*, actor, training: Training, title: str, file) -> Material:
    ensure_staff(actor)
    material = Material(training=training, title=(title or "").strip() or file.name)
    store_file(material, "file", file, allowed=("pdf", "docx", "xlsx", "png", "jpg"))
    material.full_clean(exclude=["training"])
    material.save()
    return material


@acting
@transaction.atomic
def training_feedback_submit(*, actor=None, trainee: Trainee, rating: int, useful: bool, comment: str = "") -> Feedback:
    """The trainee's answers to the short survey (from the page the QR sign-in leads to); one per trainee."""
    if trainee.signed_at is None:
        raise ValidationError(_("Sign in first; the survey is for those who attended."))
    if Feedback.objects.filter(trainee=trainee).exists():
        raise ValidationError(_("Your feedback is already recorded. Thank you."))
    feedback = Feedback(trainee=trainee, rating=rating, useful=useful, comment=(comment or "").strip())
    feedback.full_clean(exclude=["trainee"])
    feedback.save()
    return feedback


@acting
@transaction.atomic
def training_close(*, actor, training: Training) -> Training:
    """The training was held: registrations still owed and not yet due are cancelled; every trainee who
    attended gets a certificate number (year-training-sequence)."""
    ensure_staff(actor)
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status != TrainingStatus.OPEN:
        raise ValidationError(_("Only an open training can be closed."))
    if timezone.now() < training.starts_at:
        raise ValidationError(_("The training has not started yet."))
    training.status = TrainingStatus.HELD
    training.save(update_fields=["status"])
    for offer in training.offers.all():
        obligations_cancel_for(offer, actor=actor, reason=_("The training was held."))
    year = training.starts_at.astimezone(BEIJING).year
    attended = training.trainees.filter(signed_at__isnull=False).order_by("organisation__name", "name", "pk")
    for seq, trainee in enumerate(attended, start=1):
        trainee.certificate_number = f"{year}-{training.pk:03d}-{seq:03d}"
        trainee.save(update_fields=["certificate_number"])
    return training


@acting
@transaction.atomic
def training_cancel(*, actor, training: Training, reason: str) -> Training:
    ensure_staff(actor)
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.status != TrainingStatus.OPEN:
        raise ValidationError(_("Only an open training can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    training.status, training.cancel_reason = TrainingStatus.CANCELLED, reason
    training.save(update_fields=["status", "cancel_reason"])
    for offer in training.offers.all():
        obligations_cancel_for(offer, actor=actor, reason=_("The training was cancelled."), overdue=True)
    notify(
        training.offers.values_list("organisation_id", flat=True),
        title=_("Training cancelled: %(title)s") % {"title": training.title},
        body=reason,
        url=training.get_absolute_url(),
    )
    return training
