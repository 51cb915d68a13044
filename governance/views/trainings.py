"""Training pages: list and creation, the training (registration within quota, attendance, materials,
survey results), the QR code, certificates, the yearly hours table."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from association.reports.registry import Column, scope_label
from governance.certificates import certificate_pdf
from governance.choices import TrainingStatus
from governance.forms import MaterialForm, ReasonForm, RegisterForm, TrainingForm
from governance.models import Material, Offer, Trainee, Training
from governance.qr import qr_svg
from governance.selectors import training_hours, training_list, training_trainees
from governance.services.trainings import (
    trainee_withdraw,
    trainees_register,
    training_cancel,
    training_close,
    training_create,
    training_material_add,
    training_sign_in,
    training_sign_in_undo,
)
from governance.views.common import add_errors, serve, xlsx_response, year_param


@login_required
def training_list_view(request):
    trainings = training_list(user=request.user)
    return render(request, "governance/training_list.html", {"trainings": trainings[:300], "total": trainings.count()})


@login_required
def training_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        organisations = d.pop("organisations")
        try:
            training = training_create(actor=request.user, organisations=organisations, **d)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Training created; the members it is open to may register trainees."))
            return redirect(training)
    return render(request, "governance/training_form.html", {"form": form})


def _training(request, pk) -> Training:
    return get_object_or_404(Training.objects.visible_to(request.user), pk=pk)


@login_required
def training_detail_view(request, pk):
    user = request.user
    training = _training(request, pk)
    trainees = list(training_trainees(training, user=user))
    offers = list(Offer.objects.visible_to(user).filter(training=training).select_related("organisation"))
    manageable = [o for o in offers if user.may_manage(o.organisation_id) and not user.is_association_staff]
    for offer in manageable:
        offer.registered = [t for t in trainees if t.organisation_id == offer.organisation_id]
        offer.left = training.quota_per_organisation - len(offer.registered)
    ratings = [t.feedback.rating for t in trainees if hasattr(t, "feedback")]
    return render(
        request,
        "governance/training_detail.html",
        {
            "training": training,
            "trainees": trainees,
            "offers": offers,
            "manageable": manageable,
            "register_form": RegisterForm(),
            "material_form": MaterialForm() if user.is_association_staff else None,
            "cancel_form": ReasonForm() if user.is_association_staff else None,
            "materials": training.materials.all(),
            "is_staff": user.is_association_staff,
            "open": training.status == TrainingStatus.OPEN,
            "held": training.status == TrainingStatus.HELD,
            "attended": sum(1 for t in trainees if t.attended),
            "ratings": {"n": len(ratings), "mean": sum(ratings) / len(ratings) if ratings else None},
            "total_registered": training.trainees.count(),
        },
    )


@login_required
@require_POST
def training_register_view(request, pk):
    training = _training(request, pk)
    offer = get_object_or_404(
        Offer.objects.visible_to(request.user).filter(training=training), pk=request.POST.get("offer") or 0
    )
    if not request.user.may_manage(offer.organisation_id):
        raise PermissionDenied
    form = RegisterForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        created = trainees_register(actor=request.user, offer=offer, trainees=form.cleaned_data["trainees"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d trainees registered.") % {"n": len(created)})
    return redirect(training)


@login_required
@require_POST
def trainee_withdraw_view(request, pk):
    trainee = get_object_or_404(Trainee.objects.visible_to(request.user), pk=pk)
    if not request.user.may_manage(trainee.organisation_id):
        raise PermissionDenied
    try:
        trainee_withdraw(actor=request.user, trainee=trainee)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Registration withdrawn."))
    return redirect("governance-training-detail", pk=trainee.training_id)


@login_required
@require_POST
def training_attendance_view(request, pk):
    """Staff mark a trainee present (or undo it)."""
    training = _training(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    trainee = get_object_or_404(
        Trainee.objects.visible_to(request.user).filter(training=training), pk=request.POST.get("trainee") or 0
    )
    try:
        if request.POST.get("undo"):
            training_sign_in_undo(actor=request.user, trainee=trainee)
        else:
            training_sign_in(actor=request.user, training=training, trainee=trainee)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(training)


@login_required
def training_qr_view(request, pk):
    training = _training(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("governance-checkin", args=[training.checkin_token]))
    return render(request, "governance/qr.html", {"event": training, "url": url, "svg": qr_svg(url)})


@login_required
@require_POST
def training_material_view(request, pk):
    training = _training(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        training_material_add(actor=request.user, training=training, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Material added."))
    return redirect(training)


@login_required
def material_view(request, pk):
    material = get_object_or_404(Material.objects.visible_to(request.user), pk=pk)
    return serve(material.file, material.file_name)


@login_required
@require_POST
def training_close_view(request, pk):
    training = _training(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    try:
        training_close(actor=request.user, training=training)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Training closed; certificates can be downloaded."))
    return redirect(training)


@login_required
@require_POST
def training_cancel_view(request, pk):
    training = _training(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for cancelling."))
        training_cancel(actor=request.user, training=training, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Training cancelled; the members were told."))
    return redirect(training)


@login_required
def certificate_view(request, pk):
    trainee = get_object_or_404(
        Trainee.objects.visible_to(request.user).select_related("training", "organisation"), pk=pk
    )
    if not trainee.certificate_number:
        raise Http404
    data = certificate_pdf(trainee=trainee, training=trainee.training, issuer=settings.PORTAL_NAME)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{trainee.certificate_number}.pdf"'
    return response


@login_required
def training_hours_view(request):
    year = year_param(request)
    by_company, by_person = training_hours(year, user=request.user)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        if request.GET.get("table") == "people":
            columns = [
                Column(_("Company"), "text", 26),
                Column(pgettext("person", "Name"), "text", 12),
                Column(_("Trainings attended"), "int", 12),
                Column(_("Training hours"), "decimal", 10),
            ]
            rows = [[r["organisation"], r["name"], r["sessions"], r["hours"]] for r in by_person]
        else:
            columns = [
                Column(_("Company"), "text", 26),
                Column(_("People trained"), "int", 12),
                Column(_("Attendances"), "int", 12),
                Column(_("Training hours"), "decimal", 10),
            ]
            rows = [[r["name"], r["people"], r["sessions"], r["hours"]] for r in by_company]
        first = 2 if request.GET.get("table") == "people" else 1  # the people table sums no names
        totals = [_("Total"), *[""] * (first - 1), *(sum(row[i] or 0 for row in rows) for i in range(first, 4))]
        return xlsx_response(
            _("Training hours %(year)d") % {"year": year},
            columns,
            rows,
            name=f"training-hours-{year}",
            period_label=str(year),
            scope=scope_label(request.user),
            totals=totals if rows else None,
        )
    return render(
        request, "governance/training_hours.html", {"year": year, "by_company": by_company, "by_person": by_person}
    )
