"""Staff's notice pages: compose (a draft), preview what recipients will see, issue in one step, the reply
status of every recipient with "remind those who have not replied", and the saved recipient groups.

Staff only: anyone else gets 404, exactly as for a page that does not exist. Members read notices addressed
to them on the notice list and detail pages (``association.views.obligations``). Writes go through
``association.services.notice_composer`` and ``association.services.notices``.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from association.forms.notices import REPLY_ROWS, NoticeComposeForm
from association.models import Notice
from association.selectors.notices import notice_reply_status, recipient_group_list
from association.services.notice_composer import (
    notice_compose,
    notice_remind,
    recipient_group_create,
    recipient_group_delete,
)
from association.services.notices import notice_delete, notice_issue


def _staff_only(user):
    if not user.is_association_staff:
        raise Http404


def _staff_notice(request, pk, *, draft=None):
    _staff_only(request.user)
    qs = Notice.objects.visible_to(request.user)
    if draft is not None:
        qs = qs.filter(issued_at__isnull=draft)
    return get_object_or_404(qs, pk=pk)


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _initial(notice):
    if notice is None:
        return {"kind": Notice.Kind.NOTICE}
    initial = {
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "organisations": notice.recipients.all(),
    }
    for i, reply in enumerate(notice.replies.all()[:REPLY_ROWS], start=1):
        initial[f"reply_title_{i}"] = reply.title
        initial[f"reply_due_{i}"] = reply.due_at
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def notice_compose_page(request, pk=None):
    """A new draft, or a draft rewritten (``pk``); saving leads to the preview."""
    _staff_only(request.user)
    notice = _staff_notice(request, pk, draft=True) if pk is not None else None
    form = NoticeComposeForm(
        request.POST or None, request.FILES or None, user=request.user, notice=notice, initial=_initial(notice)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"kind": data["kind"], "title": data["title"], "body": data["body"]}
        if data.get("document") or notice is None:
            fields["document"] = data.get("document") or ""
        try:
            notice = notice_compose(
                actor=request.user, notice=notice, recipients=data["recipients"], replies=data["replies"], **fields
            )
            if data["save_group_as"]:
                recipient_group_create(actor=request.user, name=data["save_group_as"], organisations=data["recipients"])
                messages.info(
                    request, _("The selection was saved as the group “%(name)s”.") % {"name": data["save_group_as"]}
                )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Check it as recipients will see it, then issue it."))
            return redirect("notice-preview", notice.pk)
    return render(
        request,
        "association/notices/compose.html",
        {"form": form, "notice": notice, "document_name": _document_name(notice) if notice else ""},
    )


def _document_name(notice):
    return os.path.basename(notice.document.name) if notice.document else ""


@login_required
@require_GET
def notice_preview(request, pk):
    notice = _staff_notice(request, pk, draft=True)
    recipients = list(notice.recipients.select_related("region").order_by("name"))
    return render(
        request,
        "association/notices/preview.html",
        {
            "notice": notice,
            "replies": list(notice.replies.all()),
            "recipients": recipients,
            "document_name": _document_name(notice),
        },
    )


@login_required
@require_POST
def notice_issue_page(request, pk):
    notice = _staff_notice(request, pk, draft=True)
    try:
        notice_issue(notice=notice, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notice-preview", notice.pk)
    notice.refresh_from_db()
    messages.success(request, _("Issued as %(reference)s to its recipients.") % {"reference": notice.reference})
    return redirect("notice-replies", notice.pk)


@login_required
@require_POST
def notice_delete_page(request, pk):
    notice = _staff_notice(request, pk, draft=True)
    notice_delete(notice=notice, actor=request.user)
    messages.success(request, _("The draft was deleted."))
    return redirect("notice-list")


@login_required
@require_GET
def notice_replies(request, pk):
    notice = _staff_notice(request, pk, draft=False)
    status = notice_reply_status(notice=notice, user=request.user)
    return render(
        request,
        "association/notices/replies.html",
        {"notice": notice, "replies": list(notice.replies.all()), **status},
    )


@login_required
@require_POST
def notice_remind_page(request, pk):
    notice = _staff_notice(request, pk, draft=False)
    try:
        count = notice_remind(notice=notice, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("notice-replies", notice.pk)
    if count:
        messages.success(
            request,
            ngettext(
                "%(n)d recipient that has not replied was reminded.",
                "%(n)d recipients that have not replied were reminded.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, _("Every recipient has replied: nobody to remind."))
    return redirect("notice-replies", notice.pk)


@login_required
@require_GET
def recipient_groups(request):
    _staff_only(request.user)
    return render(request, "association/notices/groups.html", {"groups": recipient_group_list(user=request.user)})


@login_required
@require_POST
def recipient_group_delete_page(request, pk):
    _staff_only(request.user)
    group = get_object_or_404(recipient_group_list(user=request.user), pk=pk)
    recipient_group_delete(group=group, actor=request.user)
    messages.success(request, _("The group “%(name)s” was deleted.") % {"name": group.name})
    return redirect("recipient-groups")
