"""Admin for the registry: regions, organisations, contacts, users and memberships. Every write goes
through ``association.services`` (organisations, contacts, users, memberships), so the rules written
there (a contact change is reported within 5 working days, a role fits its organisation) run here too."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from association.admin.base import ScopedAdmin, ScopedAdminMixin, ScopedImportExportAdmin, ServiceInline
from association.models import ContactPerson, Membership, Organisation, Region, User
from association.resources import ContactResource, OrganisationResource
from association.services import contacts as contact_services
from association.services import memberships as membership_services
from association.services import organisations as organisation_services
from association.services import users as user_services

admin.site.site_header = _("Insurance Association Portal — administration")
admin.site.site_title = _("Association admin")
admin.site.index_title = _("Administration")
#: the app list beside every page took 276 of 1,366 px from every list; the index and breadcrumbs lead there
admin.site.enable_nav_sidebar = False

#: kept for imports of the old name (the base now lives in association.admin.base)
ImportExportScoped = ScopedImportExportAdmin


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    plain_writes = True  # the administrative divisions: reference data (files load through regions_load)
    list_display = ("code", "name", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)


class ContactInline(ServiceInline, admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ("duty", "slot", "name", "position", "phone", "office_phone", "email", "effective_from")

    def service_create(self, request, parent, fields):
        return contact_services.contact_create(actor=request.user, organisation=parent, **fields)

    def service_update(self, request, obj, changes):
        return contact_services.contact_update(actor=request.user, contact=obj, **changes)

    def service_delete(self, request, obj):
        contact_services.contact_delete(actor=request.user, contact=obj)


class MembershipInline(ServiceInline, admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "organisation"
    autocomplete_fields = ("user",)
    fields = ("user", "role", "is_active")

    def service_create(self, request, parent, fields):
        return membership_services.membership_create(actor=request.user, organisation=parent, **fields)

    def service_update(self, request, obj, changes):
        return membership_services.membership_update(actor=request.user, membership=obj, **changes)

    def service_delete(self, request, obj):
        membership_services.membership_delete(actor=request.user, membership=obj)


@admin.register(Organisation)
class OrganisationAdmin(ScopedImportExportAdmin):
    resource_classes = [OrganisationResource]
    # fits 1,366 px beside the filters; the credit code is searched, tier and dates are on the page
    list_display = ("name", "short_name", "kind", "region", "membership_status")
    list_filter = ("kind", "tier", "membership_status", "region", "is_active")
    search_fields = ("name", "short_name", "name_en", "credit_code")
    list_select_related = ("region", "parent")
    autocomplete_fields = ("parent",)
    inlines = [ContactInline, MembershipInline]
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "name_en", "credit_code")}),
        (_("Structure"), {"fields": ("kind", "tier", "parent", "region")}),
        (_("Membership"), {"fields": ("membership_status", "joined_on", "left_on", "is_active")}),
        (_("Contact"), {"fields": ("address", "phone", "email")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def service_create(self, request, fields):
        return organisation_services.organisation_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return organisation_services.organisation_update(organisation=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        organisation_services.organisation_delete(organisation=obj, actor=request.user)


@admin.register(ContactPerson)
class ContactPersonAdmin(ScopedImportExportAdmin):
    resource_classes = [ContactResource]
    # fits 1,366 px beside the filters; position and e-mail are on the page (and searched)
    list_display = ("name", "organisation", "duty", "slot", "phone", "effective_from")
    list_filter = ("duty", "slot", "organisation__kind")
    search_fields = ("name", "phone", "email", "organisation__name", "organisation__short_name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)

    def get_readonly_fields(self, request, obj=None):
        # a contact belongs to its organisation: another organisation's contact is a new contact
        return ("organisation", "updated_at") if obj is not None else ("updated_at",)

    def service_create(self, request, fields):
        return contact_services.contact_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return contact_services.contact_update(actor=request.user, contact=obj, **changes)

    def service_delete(self, request, obj):
        contact_services.contact_delete(actor=request.user, contact=obj)


class UserMembershipInline(MembershipInline):
    fk_name = "user"
    autocomplete_fields = ("organisation",)
    fields = ("organisation", "role", "is_active")

    def service_create(self, request, parent, fields):
        return membership_services.membership_create(actor=request.user, user=parent, **fields)


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "last_login")
    search_fields = ("username", "display_name", "email", "memberships__organisation__name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("display_name", "phone")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [UserMembershipInline]

    def scope_queryset(self, request, qs):
        return qs if request.user.is_association_staff else qs.filter(pk=request.user.pk)

    def service_fields(self, form, change, exclude=()):
        fields = super().service_fields(form, change, exclude=("password", "last_login", "date_joined", *exclude))
        if not change:  # the creation form's password fields are not model fields
            usable = form.cleaned_data.get("set_usable_password", True)
            fields["password"] = form.cleaned_data.get("password1") if usable else None
        return fields

    def service_create(self, request, fields):
        return user_services.user_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return user_services.user_update(user=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        user_services.user_delete(user=obj, actor=request.user)


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ("user", "organisation", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__display_name", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")

    def service_create(self, request, fields):
        return membership_services.membership_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return membership_services.membership_update(actor=request.user, membership=obj, **changes)

    def service_delete(self, request, obj):
        membership_services.membership_delete(actor=request.user, membership=obj)
