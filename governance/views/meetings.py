"""Meeting pages: list and creation, the meeting (agenda, replies, sign-in, minutes, resolutions), the
QR code at the door, attendance rates per year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from association.models import Organisation
from association.reports.registry import Column, scope_label
from governance.choices import MeetingStatus, Reply
from governance.forms import (
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
    ReplyForm,
    ResolutionForm,
    StaffSignInForm,
)
from governance.models import AgendaItem, Invitation, Meeting, Resolution, SignIn
from governance.qr import qr_svg
from governance.selectors import (
    attendance_by_year,
    meeting_invitations,
    meeting_list,
    meeting_resolutions,
    meeting_sign_ins,
)
from governance.services.meetings import (
    AgendaSpec,
    attendance_counts,
    meeting_cancel,
    meeting_create,
    meeting_minutes_save,
    meeting_publish,
    meeting_reply,
    meeting_sign_in,
    meeting_sign_in_remove,
    resolution_follow_up,
    resolution_record,
)
from governance.views.common import add_errors, serve, xlsx_response, year_param


def _staff(request):
    if not request.user.is_association_staff:
        raise PermissionDenied


@login_required
def meeting_list_view(request):
    meetings = meeting_list(user=request.user)
    status = request.GET.get("status")
    if status in MeetingStatus.values:
        meetings = meetings.filter(status=status)
    return render(
        request,
        "governance/meeting_list.html",
        {"meetings": meetings[:300], "total": meetings.count(), "status": status, "statuses": MeetingStatus.choices},
    )


@login_required
def meeting_create_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = MeetingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agenda = [AgendaSpec(line.strip()) for line in d["agenda"].splitlines() if line.strip()]
        if d.get("agenda_document"):
            agenda.append(AgendaSpec(_("Meeting documents"), document=d["agenda_document"]))
        try:
            meeting = meeting_create(
                actor=request.user,
                body=d["body"],
                session_number=d["session_number"],
                title=d["title"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                reply_due_at=d["reply_due_at"],
                place=d["place"],
                online_link=d["online_link"],
                invitees=list(d["invitees"]) or None,
                agenda=agenda,
                shared_with_regulators=d["shared_with_regulators"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Meeting created; every invitee owes an attendance reply."))
            return redirect(meeting)
    return render(request, "governance/meeting_form.html", {"form": form})


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("body", "term"), pk=pk)


@login_required
def meeting_detail_view(request, pk):
    user = request.user
    meeting = _meeting(request, pk)
    invitations = list(meeting_invitations(meeting, user=user))
    mine = [i for i in invitations if user.may_act_for(i.organisation_id) and not user.is_association_staff]
    is_staff = user.is_association_staff
    counts = attendance_counts(meeting) if is_staff else None
    minutes_visible = is_staff or meeting.minutes_published_at is not None
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "invitations": invitations,
            "mine": mine,
            "reply_form": ReplyForm(),
            "sign_ins": list(meeting_sign_ins(meeting, user=user)),
            "resolutions": list(meeting_resolutions(meeting, user=user)) if minutes_visible else [],
            "minutes_visible": minutes_visible,
            "counts": counts,
            "is_staff": is_staff,
            "open": meeting.status == MeetingStatus.SCHEDULED,
            "sign_in_form": StaffSignInForm(
                organisations=Organisation.objects.visible_to(user).filter(
                    pk__in=[i.organisation_id for i in invitations]
                )
            )
            if is_staff
            else None,
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}) if is_staff else None,
            "resolution_form": ResolutionForm() if is_staff else None,
            "cancel_form": ReasonForm() if is_staff else None,
            "follow_up_form": FollowUpForm(
                organisations=Organisation.objects.visible_to(user).filter(
                    pk__in=[i.organisation_id for i in invitations]
                )
            )
            if is_staff
            else None,
            "Reply": Reply,
        },
    )


@login_required
@require_POST
def meeting_reply_view(request, pk):
    meeting = _meeting(request, pk)
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user).filter(meeting=meeting), pk=request.POST.get("invitation") or 0
    )
    if not request.user.may_act_for(invitation.organisation_id):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            meeting_reply(actor=request.user, invitation=invitation, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your reply was recorded."))
    else:
        messages.error(request, _("Choose whether your company will attend."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_sign_in_view(request, pk):
    meeting = _meeting(request, pk)
    _staff(request)
    if request.POST.get("remove"):
        sign_in = get_object_or_404(
            SignIn.objects.visible_to(request.user).filter(meeting=meeting), pk=request.POST["remove"]
        )
        meeting_sign_in_remove(actor=request.user, sign_in=sign_in)
        messages.success(request, _("Sign-in removed."))
        return redirect(meeting)
    form = StaffSignInForm(
        request.POST,
        organisations=Organisation.objects.visible_to(request.user).filter(
            pk__in=meeting.invitations.values("organisation_id")
        ),
    )
    if form.is_valid():
        try:
            meeting_sign_in(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Marked present."))
    else:
        messages.error(request, _("Choose the organisation and give the name."))
    return redirect(meeting)


@login_required
def meeting_qr_view(request, pk):
    meeting = _meeting(request, pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("governance-checkin", args=[meeting.checkin_token]))
    return render(request, "governance/qr.html", {"event": meeting, "url": url, "svg": qr_svg(url)})


@login_required
@require_POST
def meeting_minutes_view(request, pk):
    meeting = _meeting(request, pk)
    _staff(request)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            meeting_minutes_save(actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Minutes saved."))
    else:
        messages.error(request, _("Write the minutes."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_resolution_view(request, pk):
    meeting = _meeting(request, pk)
    _staff(request)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            r = resolution_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Resolution recorded: passed.") if r.passed else _("Resolution recorded: not passed.")
            )
    else:
        messages.error(request, _("Give the resolution's title; votes are whole numbers."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_publish_view(request, pk):
    meeting = _meeting(request, pk)
    _staff(request)
    try:
        meeting_publish(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Minutes and resolutions published to the invitees."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_cancel_view(request, pk):
    meeting = _meeting(request, pk)
    _staff(request)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for cancelling."))
        meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Meeting cancelled; the invitees were told."))
    return redirect(meeting)


@login_required
@require_POST
def resolution_follow_up_view(request, pk):
    resolution = get_object_or_404(Resolution.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    _staff(request)
    form = FollowUpForm(
        request.POST,
        organisations=Organisation.objects.visible_to(request.user).filter(
            pk__in=resolution.meeting.invitations.values("organisation_id")
        ),
    )
    if form.is_valid():
        try:
            n = resolution_follow_up(actor=request.user, resolution=resolution, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)d members owe the follow-up.") % {"n": n})
    else:
        messages.error(request, _("Choose the members, say what is to be done and by when."))
    return redirect(resolution.meeting)


@login_required
def agenda_document_view(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk, meeting__in=Meeting.objects.visible_to(request.user))
    return serve(item.document, item.document_name)


@login_required
def attendance_view(request):
    year = year_param(request)
    by_body, by_org = attendance_by_year(year, user=request.user)
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("Organisation"), "text", 30),
            Column(_("Meetings invited to"), "int", 12),
            Column(_("Attended"), "int", 10),
            Column(_("On leave"), "int", 10),
            Column(_("Attendance rate"), "percent", 12),
        ]
        rows = [[r["name"], r["invited"], r["present"], r["leave"], r["rate"]] for r in by_org]
        invited, present = sum(r[1] for r in rows), sum(r[2] for r in rows)
        totals = [_("Total"), invited, present, sum(r[3] for r in rows), present / invited if invited else None]
        return xlsx_response(
            _("Meeting attendance %(year)d") % {"year": year},
            columns,
            rows,
            name=f"attendance-{year}",
            period_label=str(year),
            scope=scope_label(request.user),
            totals=totals if rows else None,
        )
    return render(request, "governance/attendance.html", {"year": year, "by_body": by_body, "by_org": by_org})
