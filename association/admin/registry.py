from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from association.importing import FORMATS, ImportAdminMessagesMixin
from association.models import ContactPerson, Membership, Organisation, Region, User
from association.resources import ContactResource, OrganisationResource

admin.site.site_header = _("Insurance Association Portal — administration")
admin.site.site_title = _("Association admin")
admin.site.index_title = _("Administration")


class ScopedAdminMixin:
    """Admin querysets start from ``visible_to`` like every other door into the data."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "visible_to"):
            return qs.visible_to(request.user)
        return qs


class ImportExportScoped(ImportAdminMessagesMixin, ScopedAdminMixin, ImportExportModelAdmin):
    formats = FORMATS
    from_encoding = "utf-8-sig"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ("duty", "slot", "name", "position", "phone", "office_phone", "email", "effective_from")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "organisation"
    autocomplete_fields = ("user",)
    fields = ("user", "role", "is_active")


@admin.register(Organisation)
class OrganisationAdmin(ImportExportScoped):
    resource_classes = [OrganisationResource]
    list_display = ("name", "short_name", "kind", "tier", "region", "credit_code", "membership_status", "joined_on")
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


@admin.register(ContactPerson)
class ContactPersonAdmin(ImportExportScoped):
    resource_classes = [ContactResource]
    list_display = ("organisation", "duty", "slot", "name", "position", "phone", "email", "effective_from")
    list_filter = ("duty", "slot", "organisation__kind")
    search_fields = ("name", "phone", "email", "organisation__name", "organisation__short_name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"
    autocomplete_fields = ("organisation",)
    fields = ("organisation", "role", "is_active")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "last_login")
    search_fields = ("username", "display_name", "email", "memberships__organisation__name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("display_name", "phone")}),
    )
    inlines = [UserMembershipInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_association_staff else qs.filter(pk=request.user.pk)


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__display_name", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")
