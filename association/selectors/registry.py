"""Reads: scoped querysets with the joins their pages need."""

from django.db.models import Count, Q

from association.models import ContactPerson, Organisation, Region


def organisation_list(*, user):
    return Organisation.objects.visible_to(user).select_related("region", "parent")


def organisation_detail_queryset(*, user):
    return organisation_list(user=user).prefetch_related("contacts", "branches__region")


def contact_list(*, user):
    return ContactPerson.objects.visible_to(user).select_related("organisation")


def region_overview(*, user, region: Region):
    """Counts of organisations by kind in a region's subtree, as the user may see them."""
    orgs = Organisation.objects.visible_to(user).filter(region_id__in=region.subtree_ids())
    by_kind = orgs.values("kind").annotate(n=Count("id")).order_by("kind")
    prefectures = (
        Region.objects.filter(parent=region)
        .annotate(
            n_orgs=Count("organisations", filter=Q(organisations__in=orgs), distinct=True),
        )
        .order_by("code")
    )
    return {"by_kind": list(by_kind), "prefectures": list(prefectures), "total": orgs.count()}
