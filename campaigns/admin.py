"""Admin: templates, the publicity evaluation rules (saving them recomputes the scores), and read views."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity, Campaign, CampaignTemplate, NewsDraft, OpinionAlert, ScoringItem, ScoringRuleSet


@admin.register(CampaignTemplate)
class CampaignTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start_month", "start_day", "duration_days", "is_active"]
    list_filter = ["kind", "is_active"]


class ScoringItemInline(admin.TabularInline):
    model = ScoringItem
    extra = 0


@admin.register(ScoringRuleSet)
class ScoringRuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from_year", "campaign_cap", "updated_at"]
    inlines = [ScoringItemInline]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rule_set_id = form.instance.pk

        def recompute():
            from campaigns.tasks import scores_recompute_for_rules_task

            scores_recompute_for_rules_task.delay(rule_set_id)

        transaction.on_commit(recompute)
        messages.info(request, _("The scores of the campaigns these rules govern are being recomputed."))


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["template", "created_at", "created_by"]
    date_hierarchy = "starts_on"

    def has_add_permission(self, request):  # created in the portal, with its deliverables and obligations
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "organisation", "kind", "held_on", "audience", "views"]
    list_filter = ["kind", "campaign"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["campaign", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NewsDraft)
class NewsDraftAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "organisation", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["campaign", "organisation"]

    def has_add_permission(self, request):
        return False


@admin.register(OpinionAlert)
class OpinionAlertAdmin(admin.ModelAdmin):
    list_display = ["organisation", "source", "severity", "status", "detected_at", "response_due_at"]
    list_filter = ["severity", "status"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request):  # recorded in the portal: contacts are notified there
        return False

    def has_change_permission(self, request, obj=None):
        return False
