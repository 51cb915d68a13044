"""Portal pages of the association core: home by role, organisations, contacts, region overview."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q
from django.forms.models import model_to_dict
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from association.choices import MEMBER_KINDS, ContactDuty, ContactSlot, OrganisationKind, required_contact_duties
from association.forms.registry import ContactForm
from association.models import ContactPerson, Organisation, Region
from association.selectors import registry as selectors
from association.services.contacts import contact_create, contact_update


@login_required
def home(request):
    """Send each role to the page that fits it."""
    user = request.user
    if user.is_association_staff:
        return redirect("staff-home")
    if user.is_regulator or user.is_member_user or user.is_mediator:
        return redirect("overview")  # a mediator's: their cases and time limits
    return render(request, "association/no_role.html", status=200)


@login_required
def staff_home(request):
    if not request.user.is_association_staff:
        raise Http404
    orgs = Organisation.objects.visible_to(request.user)
    stats = {
        "members": orgs.members().filter(membership_status="member").count(),
        "organisations": orgs.count(),
        "contacts": ContactPerson.objects.visible_to(request.user).count(),
        "missing_contacts": orgs.members().filter(parent__isnull=False, contacts__isnull=True).distinct().count(),
    }
    provinces = Region.objects.filter(parent__isnull=True)
    from association.workdays import years_missing_official_schedule

    today = timezone.localdate()
    missing_years = years_missing_official_schedule([today.year, today.year + 1])
    from association.app_hooks import staff_warnings
    from association.views.overview import overview_context

    context = {
        "stats": stats,
        "provinces": provinces,
        "missing_calendar_years": missing_years,
        "app_warnings": staff_warnings(user=request.user),
    }
    return render(request, "association/staff_home.html", context | overview_context(request))


class OrganisationListView(LoginRequiredMixin, ListView):
    template_name = "association/organisation_list.html"
    paginate_by = 50

    def get_queryset(self):
        qs = selectors.organisation_list(user=self.request.user)
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(credit_code__icontains=q))
        kind = self.request.GET.get("kind")
        if kind in OrganisationKind.values:
            qs = qs.filter(kind=kind)
        region = self.request.GET.get("region", "")
        if region.isdigit():
            qs = qs.filter(Q(region__code=region) | Q(region__parent__code=region))
        return qs.order_by("kind", "name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = OrganisationKind.choices
        ctx["regions"] = Region.objects.order_by("code")
        ctx["filters"] = self.request.GET
        return ctx


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(selectors.organisation_detail_queryset(user=request.user), pk=pk)
    contacts = {(c.duty, c.slot): c for c in organisation.contacts.all()}
    required = required_contact_duties(organisation.kind)
    # the duties its kind must fill first (a missing contact is marked), then any other duty already filled
    duties = [*required, *(d for d in ContactDuty if d not in required and any(k[0] == d for k in contacts))]
    rows = [
        {
            "duty": duty.value,
            "label": duty.label,
            "required": duty in required,
            "a": contacts.get((duty.value, "A")),
            "b": contacts.get((duty.value, "B")),
        }
        for duty in duties
    ]
    optional = [d for d in ContactDuty if d not in duties]
    can_edit = request.user.may_manage(organisation.pk)
    branches = selectors.organisation_list(user=request.user).filter(parent=organisation)
    from association.app_hooks import organisation_actions

    return render(
        request,
        "association/organisation_detail.html",
        {
            "organisation": organisation,
            "contact_rows": rows,
            "optional_duties": optional,
            "can_edit_contacts": can_edit,
            "branches": branches,
            "actions": organisation_actions(user=request.user, organisation=organisation),
        },
    )


@login_required
def contact_edit(request, pk, duty, slot):
    organisation = get_object_or_404(selectors.organisation_list(user=request.user), pk=pk)
    if duty not in ContactDuty.values or slot not in ContactSlot.values:
        raise Http404
    if not request.user.may_manage(organisation.pk):
        raise PermissionDenied
    contact = organisation.contacts.filter(duty=duty, slot=slot).first()
    # the form gets a copy of the values (not the instance), so the service sees what changed; never the
    # date the current person took effect (a new person needs theirs: the service asks for it)
    initial = model_to_dict(contact, fields=ContactForm.Meta.fields) if contact else None
    form = ContactForm(
        request.POST or None, initial=initial, current_effective_from=contact.effective_from if contact else None
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if contact is not None and data["effective_from"] is None:
            del data["effective_from"]  # left empty: the stored date stays (refused if the person changes)
        try:
            if contact is None:
                contact_create(actor=request.user, organisation=organisation, duty=duty, slot=slot, **data)
            else:
                contact_update(actor=request.user, contact=contact, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            back = request.GET.get("next", "")
            if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return redirect(back)  # e.g. the annual confirmation page the edit was opened from
            return redirect("organisation-detail", pk=organisation.pk)
    return render(
        request,
        "association/contact_form.html",
        {
            "organisation": organisation,
            "form": form,
            "duty_label": ContactDuty(duty).label,
            "slot": slot,
        },
    )


@login_required
def region_overview(request, code):
    region = get_object_or_404(Region, code=code)
    if (
        request.user.visible_organisation_ids() is not None
        and not Organisation.objects.visible_to(request.user).filter(region_id__in=region.subtree_ids()).exists()
    ):
        raise Http404
    overview = selectors.region_overview(user=request.user, region=region)
    kind_labels = dict(OrganisationKind.choices)
    by_kind = [{"label": kind_labels.get(row["kind"], row["kind"]), **row} for row in overview["by_kind"]]
    members = (
        selectors.organisation_list(user=request.user)
        .filter(region_id__in=region.subtree_ids(), kind__in=MEMBER_KINDS)
        .order_by("kind", "name")[:200]
    )
    return render(
        request,
        "association/region_overview.html",
        {"region": region, "overview": overview, "by_kind": by_kind, "members": members},
    )


@never_cache
def healthz(request):
    """200 when PostgreSQL and Redis both answer, 503 otherwise."""
    from django.core.cache import cache

    result = {"database": "ok", "redis": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a health answer, not a 500
        result["database"] = f"error: {exc.__class__.__name__}"
    try:
        client = cache._cache.get_client()  # django's RedisCache
        client.ping()
    except Exception as exc:
        result["redis"] = f"error: {exc.__class__.__name__}"
    healthy = result["database"] == "ok" and result["redis"] == "ok"
    result["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(result, status=200 if healthy else 503)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)
