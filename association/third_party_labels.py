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

from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, gettext_noop, pgettext_lazy
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

#: django-celery-beat: a heading its catalogue lacks, help texts whose Chinese keeps True/False/None/enabled
CELERY_BEAT_MORE = (
    gettext_noop("Periodic Tasks Using This Schedule"),
    gettext_noop("Set to False to disable the schedule"),
    gettext_noop("If True, the schedule will only run the task a single time"),
    gettext_noop(
        "Datetime that the schedule last triggered the task to run. Reset to None if enabled is set to False."
    ),
)
#: names of django-axes' and allauth's models and fields that their catalogues do not translate
MORE_MODEL_NAMES = (
    gettext_noop("access log"),
    gettext_noop("access logs"),
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
#: allauth's second factors: field -> label
AUTHENTICATOR_FIELDS = {
    "user": _("user"),
    "type": _("kind of second factor"),
    "data": _("data"),
    "created_at": _("set up at"),
    "last_used_at": _("last used at"),
}
#: day and month names cron-descriptor writes in English whatever its language
CRON_WORDS = {
    "Monday": "星期一", "Tuesday": "星期二", "Wednesday": "星期三", "Thursday": "星期四", "Friday": "星期五",
    "Saturday": "星期六", "Sunday": "星期日", "January": "1月", "February": "2月", "March": "3月", "April": "4月",
    "May": "5月", "June": "6月", "July": "7月", "August": "8月", "September": "9月", "October": "10月",
    "November": "11月", "December": "12月",
}  # fmt: skip
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
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


def _history_of(model):
    return lazy(lambda: gettext("history of %(model)s") % {"model": model._meta.verbose_name}, str)()


def _cron_description(expression, options=None):
    """cron-descriptor in the language of the request (django-celery-beat calls it in English)."""
    from cron_descriptor import Options, get_description

    options = options or Options()
    options.use_24hour_time_format = True
    if get_language().startswith("zh"):
        options.locale_code = "zh_CN"
        text = get_description(expression, options)
        for english, chinese in CRON_WORDS.items():
            text = text.replace(english, chinese)
        return text
    return get_description(expression, options)


def _permission_name(permission) -> str:
    action, _sep, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if (
        action in PERMISSION_ACTIONS
        and model is not None
        and permission.codename == f"{action}_{model._meta.model_name}"
    ):
        name = PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = permission.name
    return f"{permission.content_type} | {name}"


def _axes_names() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.__str__ = lambda a: gettext("Sign-in attempt by %(user)s") % {"user": a.username}
    AccessLog.__str__ = lambda a: gettext("Sign-in of %(user)s") % {"user": a.username}
    AccessFailureLog.__str__ = lambda a: gettext("Failed sign-in by %(user)s") % {"user": a.username}
    from axes.admin import AccessAttemptAdmin

    AccessAttemptAdmin.status.short_description = _("status")
    AccessAttemptAdmin.expiration.short_description = _("Expires At")


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
    for model in apps.get_models():  # the tables of tracked rows' history
        if issubclass(model, pghistory_models.Event) and getattr(model, "pgh_tracked_model", None):
            model._meta.verbose_name = model._meta.verbose_name_plural = _history_of(model.pgh_tracked_model)
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Permission
    from django_celery_beat import models as beat_models

    Authenticator._meta.verbose_name = _("second factor")
    Authenticator._meta.verbose_name_plural = _("second factors")
    for name, label in AUTHENTICATOR_FIELDS.items():
        Authenticator._meta.get_field(name).verbose_name = label
    from django_celery_beat import admin as beat_admin

    beat_models.PeriodicTask._meta.get_field("task").verbose_name = _("task")
    beat_models.CrontabSchedule.human_readable.fget.short_description = _("schedule in words")
    beat_models.PeriodicTask.scheduler.fget.short_description = _("schedule")
    beat_admin.PeriodicTaskAdmin.crontab_translation.short_description = _("schedule in words")
    beat_models.get_description = _cron_description
    Permission.__str__ = _permission_name
    _axes_names()
    UserSession._meta.verbose_name = _("signed-in device")
    UserSession._meta.verbose_name_plural = _("signed-in devices")
    for name, label in USER_SESSION_FIELDS.items():
        UserSession._meta.get_field(name).verbose_name = label
