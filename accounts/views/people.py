"""People: staff onboard and look after everybody's accounts; a company manager looks after its own.

Another company's person or invitation answers 404, like a missing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import InviteForm, UploadForm
from accounts.models import Invitation
from accounts.services.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
    roles_invitable_by,
)
from accounts.services.people import may_manage_membership, person_deactivate, person_set_role
from accounts.services.people_import import people_upload
from association.choices import MEMBER_ROLES, Role
from association.models import Membership, Organisation

PAGE_SIZE = 50


def _may_use(user) -> bool:
    return user.is_association_staff or user.has_role(Role.MEMBER_MANAGER)


def _organisations(user):
    """Where the person may invite: everywhere for staff, the manager's organisations and branches."""
    orgs = Organisation.objects.visible_to(user).filter(is_active=True).order_by("name")
    ids = user.manageable_organisation_ids()
    return orgs if ids is None else orgs.filter(pk__in=ids)


def _memberships(user):
    qs = (
        Membership.objects.visible_to(user)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
    )
    if user.is_association_staff:
        return qs
    return qs.filter(organisation_id__in=user.manageable_organisation_ids() or [], role__in=MEMBER_ROLES)


def _invitations(user):
    qs = Invitation.objects.select_related("organisation", "invited_by").order_by("-created_at")
    if user.is_association_staff:
        return qs
    return qs.filter(organisation_id__in=user.manageable_organisation_ids() or [], role__in=MEMBER_ROLES)


def _guard(request):
    if not _may_use(request.user):
        raise Http404


def _page(request, *, invite_form=None, upload_form=None, upload_errors=(), status=200):
    user = request.user
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    memberships = _memberships(user)
    if q:
        memberships = memberships.filter(
            Q(user__username__icontains=q) | Q(user__display_name__icontains=q) | Q(organisation__name__icontains=q)
        )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    waiting = _invitations(user).filter(accepted_at__isnull=True, revoked_at__isnull=True)
    context = {
        "page": page,
        "q": q,
        "waiting": waiting[:200],
        "waiting_count": waiting.count(),
        "expired_count": waiting.filter(expires_at__lte=now).count(),
        "invite_form": invite_form or InviteForm(organisations=_organisations(user), roles=roles_invitable_by(user)),
        "upload_form": upload_form or (UploadForm() if user.is_association_staff else None),
        "upload_errors": upload_errors,
        "roles": [(r, Role(r).label) for r in roles_invitable_by(user)],
        "now": now,
    }
    return render(request, "accounts/people.html", context, status=status)


@login_required
def people_list(request):
    _guard(request)
    return _page(request)


@login_required
@require_POST
def people_invite(request):
    _guard(request)
    user = request.user
    form = InviteForm(request.POST, organisations=_organisations(user), roles=roles_invitable_by(user))
    if form.is_valid():
        try:
            invitation_create(actor=user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            for field, texts in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, texts)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % form.cleaned_data)
            return redirect("people-list")
    return _page(request, invite_form=form, status=400)


@login_required
@require_POST
def people_upload_view(request):
    if not request.user.is_association_staff:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        invited = people_upload(data=upload.read(), filename=upload.name, actor=request.user, request=request)
    except ValidationError as exc:
        return _page(request, upload_form=form, upload_errors=exc.messages, status=400)
    messages.success(request, _("%(n)d people were invited; each gets an e-mail with a link.") % {"n": len(invited)})
    return redirect("people-list")


def _membership(request, pk):
    memberships = Membership.objects.visible_to(request.user).select_related("organisation", "user")
    membership = get_object_or_404(memberships, pk=pk)
    if not may_manage_membership(request.user, membership):
        raise Http404
    return membership


@login_required
@require_POST
def membership_role(request, pk: int):
    _guard(request)
    membership = _membership(request, pk)
    try:
        person_set_role(actor=request.user, membership=membership, role=request.POST.get("role", ""), request=request)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The role of %(person)s was changed.") % {"person": membership.user})
    return redirect("people-list")


@login_required
@require_POST
def membership_deactivate(request, pk: int):
    _guard(request)
    membership = _membership(request, pk)
    try:
        person_deactivate(actor=request.user, membership=membership, request=request)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("%(person)s was deactivated and signed out.") % {"person": membership.user})
    return redirect("people-list")


def _invitation(request, pk):
    return get_object_or_404(_invitations(request.user), pk=pk)


@login_required
@require_POST
def invitation_resend_view(request, pk: int):
    _guard(request)
    invitation = _invitation(request, pk)
    try:
        invitation_resend(actor=request.user, invitation=invitation, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A new link was sent to %(email)s.") % {"email": invitation.email})
    return redirect("people-list")


@login_required
@require_POST
def invitation_revoke_view(request, pk: int):
    _guard(request)
    invitation = _invitation(request, pk)
    try:
        invitation_revoke(actor=request.user, invitation=invitation, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation of %(email)s was revoked.") % {"email": invitation.email})
    return redirect("people-list")
