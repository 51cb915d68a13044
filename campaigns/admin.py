"""Admin: templates, the publicity evaluation rules (saving them recomputes the scores, through the service),
and the campaigns' records, which are worked in the portal: a campaign's dates and status, news drafts and
alerts change only through the services (the close action here, the portal's pages)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from association.admin.base import ScopedAdmin, ServiceInline
from campaigns.models import Activity, Campaign, CampaignTemplate, NewsDraft, OpinionAlert, ScoringItem, ScoringRuleSet
from campaigns.services import activities as activity_services
from campaigns.services import campaigns as campaign_services
from campaigns.services import scores as score_services


@admin.register(CampaignTemplate)
class CampaignTemplateAdmin(ScopedAdmin):
    plain_writes = True  # a template is read when next year's campaign is created from it
    list_display = ["name", "kind", "start_month", "start_day", "duration_days", "is_active"]
    list_filter = ["kind", "is_active"]


class ScoringItemInline(ServiceInline, admin.TabularInline):
    model = ScoringItem
    extra = 0

    def service_create(self, request, parent, fields):
        return score_services.scoring_item_create(rule_set=parent, actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return score_services.scoring_item_update(item=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        score_services.scoring_item_delete(item=obj, actor=request.user)


@admin.register(ScoringRuleSet)
class ScoringRuleSetAdmin(ScopedAdmin):
    list_display = ["name", "valid_from_year", "campaign_cap", "updated_at"]
    inlines = [ScoringItemInline]
    readonly_fields = ["updated_at"]

    def service_create(self, request, fields):
        return score_services.rule_set_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return score_services.rule_set_update(rule_set=obj, actor=request.user, **changes)

    def _recomputing(self, request):
        messages.info(request, _("The scores of the campaigns these rules govern are being recomputed."))

    def response_add(self, request, obj, post_url_continue=None):
        self._recomputing(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._recomputing(request)
        return super().response_change(request, obj)


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    """Created in the portal, with its deliverables and obligations (so its kind and dates stay); closed by the
    action; only its texts are corrected here."""

    list_display = ["title", "kind", "starts_on", "ends_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = [
        "kind",
        "starts_on",
        "ends_on",
        "status",
        "plan_document",
        "plan_document_name",
        "template",
        "created_at",
        "created_by",
    ]
    date_hierarchy = "starts_on"
    actions = ["close"]

    def service_update(self, request, obj, changes):
        return campaign_services.campaign_update(campaign=obj, actor=request.user, **changes)

    @admin.action(description=gettext_lazy("Close the campaign (scores are computed one last time)"))
    def close(self, request, queryset):
        for campaign in queryset:
            try:
                campaign_services.campaign_close(actor=request.user, campaign=campaign)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{campaign}: {text}", messages.ERROR)
            else:
                self.message_user(request, _("%(campaign)s closed.") % {"campaign": campaign}, messages.SUCCESS)


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    """Recorded by the members in the portal; staff may delete one (the member's score is recomputed)."""

    list_display = ["title", "campaign", "organisation", "kind", "held_on", "views"]  # fits 1,366 px
    list_filter = ["kind", "campaign"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["campaign", "organisation"]

    def service_delete(self, request, obj):
        activity_services.activity_delete(actor=request.user, activity=obj)


@admin.register(NewsDraft)
class NewsDraftAdmin(ScopedAdmin):
    """Submitted by the members, published or declined by staff in the portal (news_draft_publish/decline)."""

    list_display = ["title", "campaign", "organisation", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["campaign", "organisation"]


@admin.register(OpinionAlert)
class OpinionAlertAdmin(ScopedAdmin):
    """Recorded in the portal (contacts are notified there), acknowledged and closed there."""

    list_display = ["organisation", "source", "severity", "status", "detected_at", "response_due_at"]
    list_filter = ["severity", "status"]
    list_select_related = ["organisation"]
