"""Staff manage one obligation in the portal: a new due time, or cancel it (what the admin's actions did).

Both pages sit beside the obligation page and call the spine's services (``obligation_set_due``,
``obligation_cancel``); a member or a regulator who may see the obligation is refused (403: they can see it
exists), anyone else gets the same 404 as for a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from association.choices import AWAITING_MEMBER, AWAITING_REVIEW
from association.forms.obligations import DueChangeForm, ObligationCancelForm
from association.selectors import obligations as selectors
from association.services.obligations import obligation_cancel, obligation_set_due


def _staff_obligation(request, pk):
    obligation = get_object_or_404(selectors.obligation_list(user=request.user).select_related("organisation"), pk=pk)
    if not request.user.is_association_staff:
        raise PermissionDenied
    return obligation


def may_change_due(obligation) -> bool:
    return obligation.status in AWAITING_MEMBER


def may_cancel(obligation) -> bool:
    return obligation.status in AWAITING_MEMBER or obligation.status in AWAITING_REVIEW


def _page(request, obligation, form, *, action: str):
    return render(
        request,
        "association/obligations/manage.html",
        {"obligation": obligation, "form": form, "action": action},
    )


@login_required
@require_http_methods(["GET", "POST"])
def obligation_due_change(request, pk):
    obligation = _staff_obligation(request, pk)
    if not may_change_due(obligation):
        messages.error(
            request,
            _("Only an obligation the member still owes gets a new due time (a submitted one is returned with one)."),
        )
        return redirect("obligation-detail", pk=obligation.pk)
    form = DueChangeForm(request.POST or None, initial={"due_at": obligation.due_at})
    if request.method == "POST" and form.is_valid():
        try:
            obligation_set_due(obligation=obligation, actor=request.user, due_at=form.cleaned_data["due_at"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The obligation has a new due time; its reminders start again."))
            return redirect("obligation-detail", pk=obligation.pk)
    return _page(request, obligation, form, action="due")


@login_required
@require_http_methods(["GET", "POST"])
def obligation_cancel_page(request, pk):
    obligation = _staff_obligation(request, pk)
    if not may_cancel(obligation):
        messages.error(request, _("This obligation is no longer open: there is nothing to cancel."))
        return redirect("obligation-detail", pk=obligation.pk)
    form = ObligationCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obligation_cancel(obligation=obligation, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The obligation was cancelled: nothing is owed any more."))
        return redirect("obligation-detail", pk=obligation.pk)
    return _page(request, obligation, form, action="cancel")
