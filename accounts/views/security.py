"""Staff's security page: who is locked out (clear it), the account audit, reset a person's second factor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AccountEvent, EventKind
from accounts.services.security import locked_out_attempts, lockout_clear, mfa_reset
from association.models import User


def _staff(request):
    if not request.user.is_association_staff:
        raise Http404


@login_required
def security_page(request):
    _staff(request)
    kind = request.GET.get("kind", "")
    events = AccountEvent.objects.select_related("user", "actor")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"locked": locked_out_attempts(), "page": page, "kind": kind, "kinds": EventKind.choices}
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def lockout_clear_view(request):
    _staff(request)
    username = (request.POST.get("username") or "").strip()[:150]
    if username:
        lockout_clear(actor=request.user, username=username, request=request)
        messages.success(request, _("%(username)s may sign in again.") % {"username": username})
    return redirect("account-security")


@login_required
@require_POST
def mfa_reset_view(request, pk: int):
    _staff(request)
    person = get_object_or_404(User, pk=pk)
    mfa_reset(actor=request.user, user=person, request=request)
    messages.success(request, _("The two-factor sign-in of %(person)s was reset; they set it up again at their "
                                "next sign-in.") % {"person": person})  # fmt: skip
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/") else "people-list")
