"""Chinese for what third-party apps show in the admin and the portal, where their catalogues have none.

Django looks a msgid up in LOCALE_PATHS (our catalogue, locale/zh_Hans) before an app's own catalogue, so
translating a third-party msgid in ours fixes it: django-axes has no Chinese at all, Django 5.2's Chinese
lacks the app list's new headings, django-celery-beat and django-import-export lack a few, and allauth's
Chinese writes "Email" where the portal says 电子邮箱. ``make messages`` runs ``makemessages --no-obsolete``,
which drops every msgid it does not find in our source: this module names each such msgid (``gettext_noop``
marks a msgid without translating anything) so that it stays in the catalogue with its translation.

django-pghistory and allauth's user sessions pass no label through gettext: ``label_third_party_models`` (run
by ``AssociationConfig.ready``) gives their models, fields, filters and apps translatable names. It sets the
names Django reads (``verbose_name``, ``_meta.verbose_name``), not the ones their migrations were written
from (``_verbose_name``, ``_meta.original_attrs``), so no migration follows from it.

The admin's JavaScript (the multi-select's "Choose all %s") is translated in locale/zh_Hans/LC_MESSAGES/
djangojs.po, which ``make messages`` does not regenerate.
"""

from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

#: django-axes (sign-in attempts and lock-outs): models, fields, admin sections and actions
AXES = (
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
)

#: Django 5.2's admin: msgids its Chinese catalogue does not have yet
DJANGO_ADMIN = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
)

#: django-celery-beat's periodic tasks: fieldsets it leaves untranslated, crontab help whose Chinese says "all"
CELERY_BEAT = (
    gettext_noop("Schedule"),
    gettext_noop("Arguments"),
    gettext_noop("Execution Options"),
    gettext_noop('Cron Minutes to Run. Use "*" for "all". (Example: "0,30")'),
    gettext_noop('Cron Hours to Run. Use "*" for "all". (Example: "8,20")'),
    gettext_noop('Cron Days Of The Month to Run. Use "*" for "all". (Example: "1,15")'),
    gettext_noop('Cron Months (1-12) Of The Year to Run. Use "*" for "all". (Example: "1,12")'),
    gettext_noop('Cron Days Of The Week to Run. Use "*" for "all", Sunday is 0 or 7, Monday is 1. (Example: "0,5")'),
)

#: django-import-export's export form
IMPORT_EXPORT = (
    gettext_noop("Resource"),
    gettext_noop("Home"),
    gettext_noop("Select all"),
)

#: allauth's Chinese writes "Email"; the portal writes 电子邮箱
ALLAUTH_EMAIL = (
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address."),
    gettext_noop(
        "An account already exists with this email address. Please sign in to that account first, then connect "
        "your %s account."
    ),
    gettext_noop("Email Addresses"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Email Changed"),
    gettext_noop("Your email has been confirmed."),
    gettext_noop("Email Confirmation"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
    gettext_noop("Email Removed"),
    gettext_noop("Email Address"),
    gettext_noop("Current email"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Primary email address set."),
    gettext_noop("Verify Your Email Address"),
)

#: django-pghistory's events (the history of every tracked row): field -> (label, help)
PGHISTORY_FIELDS = {
    "pgh_slug": (_("event key"), _("The unique identifier across all event tables.")),
    "pgh_model": (_("event table"), _("The event model.")),
    "pgh_id": (_("event number"), _("The primary key of the event.")),
    "pgh_created_at": (_("recorded at"), _("When the event was created.")),
    "pgh_label": (_("event kind"), _("The event label.")),
    "pgh_data": (_("data"), _("The raw data of the event.")),
    "pgh_diff": (_("changes"), _("The diff between the previous event of the same label.")),
    "pgh_context_id": (_("context number"), _("The context UUID.")),
    "pgh_context": (_("context (who, from where)"), _("The context associated with the event.")),
    "pgh_obj_model": (_("object type"), _("The object model.")),
    "pgh_obj_id": (_("object number"), _("The primary key of the object.")),
}
#: pghistory's list filters: class name -> title
PGHISTORY_FILTERS = {
    "MethodFilter": _("method"),
    "LabelFilter": _("event kind"),
    "EventModelFilter": _("event table"),
    "ObjFilter": _("object"),
    "ModelFilter": _("model"),
}
#: pghistory's event labels (the label filter offers each tracker's label)
PGHISTORY_LABELS = {
    "insert": pgettext_lazy("history event", "created"),
    "update": pgettext_lazy("history event", "changed"),
    "delete": pgettext_lazy("history event", "deleted"),
    "snapshot": pgettext_lazy("history event", "snapshot"),
}
#: allauth's user sessions (signed-in devices): field -> label
USER_SESSION_FIELDS = {
    "user": _("user"),
    "created_at": _("session started at"),
    "ip": _("IP address"),
    "last_seen_at": _("last seen at"),
    "user_agent": _("browser"),
    "data": _("data"),
}


def _history_event_name(event) -> str:
    return gettext("History event %(key)s") % {"key": event.pk}


def _translated_label_lookups(lookups):
    def labelled(self, request, model_admin):
        return [(value, PGHISTORY_LABELS.get(value, label)) for value, label in lookups(self, request, model_admin)]

    return labelled


def label_third_party_models() -> None:
    """Translatable names for what pghistory and allauth's user sessions show in English (see the module)."""
    from allauth.usersessions.models import UserSession
    from django.apps import apps
    from pghistory import models as pghistory_models
    from pghistory.admin import core as pghistory_admin

    apps.get_app_config("pghistory").verbose_name = _("Change history")
    apps.get_app_config("axes").verbose_name = _("Sign-in attempts")
    for model in (pghistory_models.Events, pghistory_models.MiddlewareEvents):
        model._meta.verbose_name = _("history event")
        model._meta.verbose_name_plural = _("history events")
        model.__str__ = _history_event_name
    for name, (label, help_text) in PGHISTORY_FIELDS.items():
        field = pghistory_models.Events._meta.get_field(name)
        field.verbose_name, field.help_text = label, help_text
    for name, title in PGHISTORY_FILTERS.items():
        getattr(pghistory_admin, name).title = title
    if not hasattr(pghistory_admin.LabelFilter, "_untranslated_lookups"):  # ready() may run twice in tests
        pghistory_admin.LabelFilter._untranslated_lookups = pghistory_admin.LabelFilter.lookups
        pghistory_admin.LabelFilter.lookups = _translated_label_lookups(pghistory_admin.LabelFilter.lookups)
    UserSession._meta.verbose_name = _("signed-in device")
    UserSession._meta.verbose_name_plural = _("signed-in devices")
    for name, label in USER_SESSION_FIELDS.items():
        UserSession._meta.get_field(name).verbose_name = label
