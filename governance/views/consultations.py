"""Consultation pages: list and creation, the draft with its clauses and the member's feedback form, the
feedback table (by clause, with the handling; xlsx), close and publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from association.deadlines import BEIJING
from association.reports.registry import Column
from governance.choices import ConsultationStatus, Handling
from governance.forms import ConsultationForm, HandlingForm, PublishForm
from governance.models import Clause, Comment, Consultation, Recipient
from governance.selectors import consultation_comments, consultation_list, consultation_recipients
from governance.services.consultations import (
    CommentSpec,
    comment_handle,
    consultation_close,
    consultation_create,
    consultation_feedback,
    consultation_publish,
)
from governance.views.common import add_errors, serve, xlsx_response


@login_required
def consultation_list_view(request):
    consultations = consultation_list(user=request.user)
    return render(
        request,
        "governance/consultation_list.html",
        {"consultations": consultations[:300], "total": consultations.count()},
    )


@login_required
def consultation_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = ConsultationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            consultation = consultation_create(
                actor=request.user,
                kind=d["kind"],
                title=d["title"],
                summary=d["summary"],
                draft_text=d["draft_text"],
                draft_document=d.get("draft_document"),
                feedback_due_at=d["feedback_due_at"],
                recipients=d["recipients"],
                shared_with_regulators=d["shared_with_regulators"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Draft published; every member consulted owes its feedback."))
            return redirect(consultation)
    return render(request, "governance/consultation_form.html", {"form": form})


def _consultation(request, pk) -> Consultation:
    return get_object_or_404(Consultation.objects.visible_to(request.user), pk=pk)


@login_required
def consultation_detail_view(request, pk):
    user = request.user
    consultation = _consultation(request, pk)
    recipients = list(consultation_recipients(consultation, user=user))
    mine = [r for r in recipients if user.may_act_for(r.organisation_id) and not user.is_association_staff]
    comments = list(consultation_comments(consultation, user=user))
    return render(
        request,
        "governance/consultation_detail.html",
        {
            "consultation": consultation,
            "clauses": list(consultation.clauses.all()),
            "recipients": recipients,
            "replied": sum(1 for r in recipients if r.replied_at),
            "mine": mine,
            "comments": comments,
            "is_staff": user.is_association_staff,
            "open": consultation.status == ConsultationStatus.OPEN,
            "publish_form": PublishForm() if user.is_association_staff else None,
        },
    )


@login_required
@require_POST
def consultation_feedback_view(request, pk):
    consultation = _consultation(request, pk)
    recipient = get_object_or_404(
        Recipient.objects.visible_to(request.user).filter(consultation=consultation),
        pk=request.POST.get("recipient") or 0,
    )
    if not request.user.may_act_for(recipient.organisation_id):
        raise PermissionDenied
    clauses = {c.pk: c for c in Clause.objects.visible_to(request.user).filter(consultation=consultation)}
    specs = []
    for key, value in request.POST.items():
        if key.startswith("clause_") and value.strip():
            try:
                clause = clauses[int(key.removeprefix("clause_"))]
            except (KeyError, ValueError):
                messages.error(request, _("That clause is not part of this draft."))
                return redirect(consultation)
            specs.append(CommentSpec(value, clause, request.POST.get(f"suggestion_{clause.pk}", "")))
    if request.POST.get("general", "").strip():
        specs.append(CommentSpec(request.POST["general"]))
    try:
        consultation_feedback(
            actor=request.user, recipient=recipient, comments=specs, no_comments=bool(request.POST.get("no_comments"))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your feedback was sent."))
    return redirect(consultation)


@login_required
def consultation_table_view(request, pk):
    """Every comment by clause with its handling (members: their own company's; staff and regulators it is
    shared with: all), and the xlsx such a consultation is documented with."""
    consultation = _consultation(request, pk)
    comments = list(consultation_comments(consultation, user=request.user))
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("Clause"), "text", 10),
            Column(_("Clause text"), "text", 40),
            Column(_("Company"), "text", 24),
            Column(_("Comment"), "text", 40),
            Column(_("Suggested wording"), "text", 30),
            Column(_("Handling"), "text", 10),
            Column(_("Reason / how it was handled"), "text", 30),
        ]
        rows = [
            [
                c.clause.number if c.clause_id else _("General"),
                c.clause.text if c.clause_id else "",
                c.organisation.name,
                c.text,
                c.suggestion,
                c.get_handling_display(),
                c.handling_note,
            ]
            for c in comments
        ]
        no_comments = [
            r.organisation.name for r in consultation_recipients(consultation, user=request.user) if r.no_comments
        ]
        notes = [_("No comments: %(names)s") % {"names": "、".join(no_comments)}] if no_comments else []
        return xlsx_response(
            _("Feedback on %(title)s") % {"title": consultation.title},
            columns,
            rows,
            name=f"consultation-{consultation.pk}-feedback",
            period_label=_("Feedback due %(due)s")
            % {"due": f"{consultation.feedback_due_at.astimezone(BEIJING):%Y-%m-%d %H:%M}"},
            notes=notes,
        )
    return render(
        request,
        "governance/consultation_table.html",
        {
            "consultation": consultation,
            "comments": comments,
            "is_staff": request.user.is_association_staff,
            "handling_form": HandlingForm(),
            "editable": request.user.is_association_staff and consultation.status != ConsultationStatus.PUBLISHED,
            "Handling": Handling,
        },
    )


@login_required
@require_POST
def comment_handle_view(request, pk):
    comment = get_object_or_404(Comment.objects.visible_to(request.user).select_related("consultation"), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    form = HandlingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose how the comment was handled."))
        comment_handle(actor=request.user, comment=comment, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Handling recorded."))
    return redirect("governance-consultation-table", pk=comment.consultation_id)


@login_required
@require_POST
def consultation_close_view(request, pk):
    consultation = _consultation(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    try:
        consultation_close(actor=request.user, consultation=consultation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Feedback closed."))
    return redirect(consultation)


@login_required
@require_POST
def consultation_publish_view(request, pk):
    consultation = _consultation(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    form = PublishForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        consultation_publish(actor=request.user, consultation=consultation, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Final version published."))
    return redirect(consultation)


@login_required
def consultation_document_view(request, pk, which):
    consultation = _consultation(request, pk)
    if which == "draft":
        return serve(consultation.draft_document, consultation.draft_document_name)
    if which == "final":
        return serve(consultation.final_document, consultation.final_document_name)
    raise Http404
