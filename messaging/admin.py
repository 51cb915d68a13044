"""Admin: channels (configuration, secrets masked), the urgency table, and the outbox to read."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from association.admin.base import ScopedAdmin
from messaging.models import Channel, Delivery, UrgencyRule, UrgentMessage
from messaging.services import channels as channel_services


class ChannelForm(forms.ModelForm):
    """The secret is written, never shown back: an empty field keeps the stored one."""

    secret = forms.CharField(
        label=_("signing secret or token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored one. DingTalk: the signing secret (SEC…)."),
    )
    target = forms.CharField(
        label=_("webhook address"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_(
            "The robot's webhook address (or its key/token); the SMS gateway's address. Leave empty to keep it."
        ),
    )

    class Meta:
        model = Channel
        fields = ("organisation", "user", "kind", "label", "target", "secret", "is_active")

    def clean_target(self):
        value = self.cleaned_data.get("target", "").strip()
        if not value and (self.instance.pk is None):
            raise forms.ValidationError(_("Give the webhook address."))
        return value or self.instance.target

    def _post_clean(self):  # the service validates the model (with the secret kept when left empty)
        pass


@admin.register(Channel)
class ChannelAdmin(ScopedAdmin):
    form = ChannelForm
    list_display = ("label", "kind", "organisation", "user", "target_masked", "is_active", "failing_since")
    list_filter = ("kind", "is_active")
    search_fields = ("label", "organisation__name", "user__username")
    readonly_fields = ("target_masked", "secret_masked", "failing_since", "last_error")
    autocomplete_fields = ("organisation", "user")

    @admin.display(description=_("webhook address"))
    def target_masked(self, obj):
        return obj.target_masked

    @admin.display(description=_("signing secret or token"))
    def secret_masked(self, obj):
        return obj.secret_masked or "—"

    def service_create(self, request, fields):
        return channel_services.channel_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return channel_services.channel_update(actor=request.user, channel=obj, **changes)

    def service_delete(self, request, obj):
        channel_services.channel_delete(actor=request.user, channel=obj)


@admin.register(UrgencyRule)
class UrgencyRuleAdmin(ScopedAdmin):
    plain_writes = True  # a configuration table: the urgency of each kind and its ladder minutes
    list_display = ("description", "kind", "urgency", "ladder_minutes")
    list_filter = ("urgency",)
    search_fields = ("kind", "description")


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("step", "via", "recipient", "to_display", "status", "attempts", "sent_at", "acknowledged_at", "answer")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(UrgentMessage)
class UrgentMessageAdmin(ScopedAdmin):
    """Read-only: messages are written by the services that tell organisations."""

    list_display = ("title", "organisation", "urgency", "step", "created_at", "acknowledged_at", "acknowledged_by")
    list_filter = ("urgency", "kind", "is_test")
    search_fields = ("title", "organisation__name")
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]
    readonly_fields = [f.name for f in UrgentMessage._meta.fields if f.name != "id"]


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin):
    """Read-only: the outbox, with each provider's answer."""

    list_display = ("message", "step", "via", "recipient", "to_display", "status", "attempts", "sent_at")
    list_filter = ("status", "via", "step")
    search_fields = ("recipient", "message__title")
    readonly_fields = [f.name for f in Delivery._meta.fields if f.name not in ("id", "to")]
    exclude = ("to",)
