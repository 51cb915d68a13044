"""Portal pages for obligations: the inbox, one obligation (submit, review), attachments,
the compliance table (and its xlsx export), notifications and notices.

Scope is ``visible_to(user)`` everywhere: what a user may not see is a 404. Writes go through
``association.services.obligations``; a ``ValidationError`` from a service is shown on the form.
"""

import datetime as dt
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from association.answer_pages import answer_page
from association.attachments import ALLOWED_KINDS
from association.choices import AWAITING_MEMBER, AWAITING_REVIEW, ObligationKind, ObligationStatus
from association.files import send_file
from association.forms.obligations import AcceptForm, CompliancePeriodForm, ReturnForm, SubmissionForm
from association.models import Attachment, Notice, Notification, Obligation, Organisation
from association.numbers import countdown, countdown_labels
from association.reports.compliance import period_label
from association.reports.registry import Column, ReportTable, scope_label
from association.reports.writers import write_xlsx
from association.selectors import obligations as selectors
from association.services.notifications import notification_mark_read, notifications_mark_all_read
from association.services.obligations import (
    obligation_accept,
    obligation_return,
    obligation_submit,
    submits_on_behalf,
)
from association.views import obligation_manage, review

INBOX_PAGE_SIZE = 50
NOTIFICATIONS_PAGE_SIZE = 50
NOTICES_PAGE_SIZE = 30

STATUS_BADGES = {
    ObligationStatus.OPEN: "bg-primary",
    ObligationStatus.RETURNED: "bg-warning text-dark",
    ObligationStatus.SUBMITTED: "bg-info text-dark",
    ObligationStatus.RESUBMITTED: "bg-info text-dark",
    ObligationStatus.ACCEPTED: "bg-success",
    ObligationStatus.CANCELLED: "bg-secondary",
}
OUTCOME_BADGES = {"pending": "bg-info text-dark", "accepted": "bg-success", "returned": "bg-warning text-dark"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- time left ------------------------------------------------------------------------------


def time_left_text(due_at: dt.datetime, now: dt.datetime) -> str:
    """``"3 days 4 hours left"`` / ``"overdue by 5 hours 12 minutes"``; the same text countdown.js writes."""
    return countdown(due_at - now)


def _decorate(obligations, now=None):
    """Attributes the templates show: badge class, ISO due time for the countdown, time left."""
    now = now or timezone.now()
    for ob in obligations:
        ob.badge_class = STATUS_BADGES.get(ob.status, "bg-secondary")
        ob.due_iso = timezone.localtime(ob.due_at).replace(microsecond=0).isoformat()
        ob.counting_down = ob.status in AWAITING_MEMBER
        ob.overdue_now = ob.counting_down and ob.due_at < now
        ob.time_left = time_left_text(ob.due_at, now) if ob.counting_down else ""
    return obligations


def _filter_value(request, name, allowed) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


# --- inbox ---------------------------------------------------------------------------------

#: besides each status: "overdue", "owed" (open or returned: the member's turn), "review" (staff's turn)
INBOX_STATUS_FILTERS = ("", "overdue", "owed", "review", *ObligationStatus.values)
INBOX_GROUPS = {"owed": AWAITING_MEMBER, "review": AWAITING_REVIEW}


@login_required
@require_GET
def inbox(request):
    """What is owed: next due first. Members see their organisation and its branches, regulators
    their region (read-only), staff everything."""
    user = request.user
    kind = _filter_value(request, "kind", ObligationKind.values)
    status = _filter_value(request, "status", INBOX_STATUS_FILTERS)
    organisations = list(Organisation.objects.visible_to(user).members().only("id", "name").order_by("name"))
    org_ids = {str(o.pk) for o in organisations}
    organisation = _filter_value(request, "organisation", org_ids)

    due = _filter_value(request, "due", ("", "week"))
    waiting = _filter_value(request, "waiting", review.WAITING_FILTERS)
    if status == "":
        qs = selectors.inbox(user=user, kind=kind or None)
    else:
        qs = selectors.obligation_list(user=user)
        qs = qs.overdue() if status == "overdue" else qs.filter(status__in=INBOX_GROUPS.get(status, (status,)))
        if kind:
            qs = qs.filter(kind=kind)
        if status in (ObligationStatus.ACCEPTED, ObligationStatus.CANCELLED):
            qs = qs.order_by("-due_at", "-id")  # history: the most recent first
        else:
            qs = qs.order_by("due_at", "id")
    if organisation:
        qs = qs.filter(organisation_id=int(organisation))
    if waiting:
        since = timezone.now() - dt.timedelta(days=review.WAITING_FILTERS[waiting])
        qs = qs.filter(status__in=AWAITING_REVIEW, submitted_at__lte=since)
    if due == "week":
        week_start, week_end = selectors.week_bounds(timezone.now())
        qs = qs.filter(due_at__gte=week_start, due_at__lt=week_end)

    page = Paginator(qs, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    _decorate(page.object_list, now)
    submittable = user.submittable_organisation_ids()
    for ob in page.object_list:
        ob.can_submit = ob.counting_down and (submittable is None or ob.organisation_id in submittable)
        ob.can_review = user.is_association_staff and ob.status in AWAITING_REVIEW
    filters = {"kind": kind, "status": status, "organisation": organisation, "due": due, "waiting": waiting}
    reviewing = user.is_association_staff
    return render(
        request,
        "association/obligations/inbox.html",
        {
            "page_obj": page,
            "obligations": page.object_list,
            "filters": filters,
            "query": "&".join(f"{k}={v}" for k, v in filters.items() if v),
            "kinds": ObligationKind.choices,
            "statuses": [
                ("owed", _("Still owed")),
                ("overdue", _("Overdue")),
                ("review", _("Waiting for review")),
                *ObligationStatus.choices,
            ],
            "organisations": organisations if len(organisations) > 1 else [],
            "read_only": submittable is not None and not submittable,
            "countdown_labels": countdown_labels(),
            "reviewing": reviewing,
            "review_left": review.review_queue(user).count() if reviewing else None,
            "may_accept_selected": reviewing and any(ob.can_review for ob in page.object_list),
            "waiting_choices": [
                ("1", _("Waiting for over a day")),
                ("3", _("Waiting for over 3 days")),
                ("7", _("Waiting for over a week")),
            ],
        },
    )


# --- one obligation ------------------------------------------------------------------------


def _subject_link(subject):
    if subject is None:
        return None
    if isinstance(subject, Notice):
        return reverse("notice-detail", args=[subject.pk])
    get_url = getattr(subject, "get_absolute_url", None)
    return get_url() if callable(get_url) else None


@login_required
@require_http_methods(["GET", "POST"])
def obligation_detail(request, pk):
    user = request.user
    obligation = get_object_or_404(selectors.obligation_list(user=user).select_related("owed_to", "created_by"), pk=pk)
    can_submit = user.may_act_for(obligation.organisation_id)
    can_review = user.is_association_staff
    submit_form = SubmissionForm()
    accept_form = AcceptForm(prefix="accept")
    return_form = ReturnForm(prefix="return")
    # answered on its app's page (an attendance reply, feedback, a registration): the member is sent there
    answer_url = answer_page(obligation)
    sent_there = _("Answer it on this page: your answer is recorded here, and the item in your inbox is then done.")
    if (
        answer_url
        and request.method == "GET"
        and can_submit
        and not user.is_association_staff
        and obligation.status in AWAITING_MEMBER
    ):
        messages.info(request, sent_there)
        return redirect(answer_url)

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "submit":
            if not can_submit:
                raise PermissionDenied
            if answer_url:
                messages.info(request, sent_there)
                return redirect(answer_url)
            submit_form = SubmissionForm(request.POST, request.FILES)
            if submit_form.is_valid():
                try:
                    submission = obligation_submit(
                        obligation=obligation,
                        actor=user,
                        text=submit_form.cleaned_data["text"],
                        files=submit_form.cleaned_data["files"],
                    )
                except ValidationError as exc:
                    submit_form.add_error(None, exc)
                else:
                    messages.success(request, _("Version %(version)s was submitted.") % {"version": submission.version})
                    return redirect("obligation-detail", pk=obligation.pk)
        elif action in ("accept", "return"):
            if not can_review:
                raise PermissionDenied
            if action == "accept":
                accept_form = form = AcceptForm(request.POST, prefix="accept")
            else:
                return_form = form = ReturnForm(request.POST, prefix="return")
            if form.is_valid():
                try:
                    if action == "accept":
                        obligation_accept(obligation=obligation, actor=user, comment=form.cleaned_data["comment"])
                        done = _("The submission was accepted.")
                    else:
                        obligation_return(
                            obligation=obligation,
                            actor=user,
                            comment=form.cleaned_data["comment"],
                            new_due_at=form.cleaned_data["new_due_at"],
                        )
                        done = _("The submission was returned for correction.")
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    return review.after_review(request, obligation, done)
        else:
            return HttpResponseBadRequest(_("Unknown action."))

    _decorate([obligation])
    subject = obligation.subject if obligation.subject_type_id else None
    submissions = list(
        obligation.submissions.select_related("submitted_by", "reviewed_by")
        .prefetch_related("attachments")
        .order_by("-version")
    )
    for submission in submissions:
        submission.badge_class = OUTCOME_BADGES.get(submission.outcome, "bg-secondary")
    awaiting_member = obligation.status in AWAITING_MEMBER
    awaiting_review = obligation.status in AWAITING_REVIEW
    show_review = can_review and (awaiting_review or accept_form.is_bound or return_form.is_bound)
    following, review_left = review.next_for_review(user, after=obligation) if show_review else (None, None)
    return render(
        request,
        "association/obligations/detail.html",
        {
            "obligation": obligation,
            "subject": subject,
            "subject_url": _subject_link(subject),
            "submissions": submissions,
            "submit_form": submit_form,
            "accept_form": accept_form,
            "return_form": return_form,
            "show_submit": can_submit and not answer_url and (awaiting_member or submit_form.is_bound),
            "answer_url": answer_url,
            "show_review": show_review,
            "next_for_review": following,
            "review_left": review_left,
            "on_behalf": can_submit and submits_on_behalf(user, obligation),
            "manage_due": can_review and obligation_manage.may_change_due(obligation),
            "manage_cancel": can_review and obligation_manage.may_cancel(obligation),
            "countdown_labels": countdown_labels(),
        },
    )


@login_required
@require_GET
def attachment_download(request, pk):
    visible = Obligation.objects.visible_to(request.user)
    attachment = get_object_or_404(Attachment.objects.filter(submission__obligation__in=visible), pk=pk)
    kind = ALLOWED_KINDS.get(attachment.kind)
    response = send_file(
        attachment.file,
        filename=attachment.original_name,
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- compliance ----------------------------------------------------------------------------


def _compliance_totals(rows):
    totals = {key: sum(getattr(r, key) for r in rows) for key in ("due", "on_time", "late", "overdue", "pending")}
    decided = totals["on_time"] + totals["late"] + totals["overdue"]
    totals["on_time_rate"] = totals["on_time"] / decided if decided else None
    totals["rate_percent"] = _percent(totals["on_time_rate"])
    return totals


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _compliance_headers():
    return [
        _("Organisation"),
        _("Region"),
        _("Due in the period"),
        _("On time"),
        _("Late"),
        _("Overdue"),
        _("Not yet due"),
        _("On-time rate"),
    ]


def _compliance_xlsx(user, rows, totals, start: dt.date, end: dt.date) -> HttpResponse:
    """The table as the page shows it, through the report writer: the title row (what, period, scope,
    when generated), counts and the rate as numbers, and the totals row."""
    labels = _compliance_headers()
    columns = [
        Column(labels[0], "text", 40),
        Column(labels[1], "text", 18),
        *(Column(label, "int", 10) for label in labels[2:7]),
        Column(labels[7], "percent", 12),
    ]
    keys = ("due", "on_time", "late", "overdue", "pending")
    table = ReportTable(
        title=_("Compliance"),
        period_label=period_label(start, end),
        region_label=scope_label(user),
        generated_at=timezone.now(),
        columns=columns,
        rows=[
            [org.name, org.region.name if org.region else "", *(getattr(org, k) for k in keys), org.on_time_rate]
            for org in rows
        ],
        totals=[_("Total"), "", *(totals[k] for k in keys), totals["on_time_rate"]] if rows else None,
    )
    response = HttpResponse(write_xlsx(table), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="compliance-{start:%Y-%m-%d}_{end:%Y-%m-%d}.xlsx"'
    return response


@login_required
@require_GET
def compliance(request):
    """Per organisation, obligations due in a period: on time, late, overdue, on-time rate.
    Association staff (everything) and regulators (their region, read-only)."""
    user = request.user
    if not (user.is_association_staff or user.is_regulator):
        raise Http404
    form = CompliancePeriodForm(request.GET)
    rows, totals, start, end = [], None, None, None
    if not form.is_bound or form.is_valid():
        start, end = form.period()
        rows = selectors.compliance_rows(user=user, start=start, end=end)
        for org in rows:
            org.rate_percent = _percent(org.on_time_rate)
        totals = _compliance_totals(rows)
        if request.GET.get("format") == "xlsx":
            return _compliance_xlsx(user, rows, totals, start, end)
    return render(
        request,
        "association/obligations/compliance.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "start": start,
            "end": end,
            "headers": _compliance_headers(),
            "export_query": f"date_from={start:%Y-%m-%d}&date_to={end:%Y-%m-%d}&format=xlsx" if start else "",
        },
    )


# --- notifications -------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request):
    page = Paginator(request.user.notifications.all(), NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "association/notifications.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_GET
def notification_open(request, pk):
    """Mark the notification read and follow its link (only the owner's; a foreign link is not followed)."""
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    notification_mark_read(notification=notification, actor=request.user)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(n)s notification marked read.", "%(n)s notifications marked read.", count) % {"n": count},
        )
    return redirect("notifications")


# --- notices -------------------------------------------------------------------------------


def _notice_queryset(user):
    qs = Notice.objects.visible_to(user)
    if not user.is_association_staff:
        qs = qs.filter(issued_at__isnull=False)
    return qs


@login_required
@require_GET
def notice_list(request):
    qs = _notice_queryset(request.user).prefetch_related("replies")
    page = Paginator(qs, NOTICES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "association/notices/list.html", {"page_obj": page, "notices": page.object_list})


@login_required
@require_GET
def notice_detail(request, pk):
    user = request.user
    notice = get_object_or_404(_notice_queryset(user).select_related("issued_by"), pk=pk)
    obligations = list(
        Obligation.objects.visible_to(user)
        .filter(subject_type=ContentType.objects.get_for_model(Notice), subject_id=notice.pk)
        .select_related("organisation")
        .order_by("due_at", "organisation__name", "id")
    )
    _decorate(obligations)
    recipients = list(notice.recipients.order_by("name")) if user.is_association_staff else []
    return render(
        request,
        "association/notices/detail.html",
        {
            "notice": notice,
            "replies": list(notice.replies.all()),
            "obligations": obligations,
            "recipients": recipients,
            "document_name": os.path.basename(notice.document.name) if notice.document else "",
            "countdown_labels": countdown_labels(),
        },
    )


@login_required
@require_GET
def notice_document(request, pk):
    notice = get_object_or_404(_notice_queryset(request.user), pk=pk)
    if not notice.document:
        raise Http404
    name = os.path.basename(notice.document.name)
    response = send_file(notice.document, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
