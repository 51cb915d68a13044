"""What a person reads on a page, and the English left in it (tests/quality/test_no_english.py uses it).

``visible_texts(html)`` yields every piece of text a browser shows: text outside ``<script>``, ``<style>``
and ``<template>``, the ``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes, and the value of
buttons. Each piece comes with where it is (the element, and the nearest ancestor with an id, a name or a
class), so a failure points at the template.

``EnglishFinder`` says which English words a piece of Chinese-interface text still holds once the data
(organisation names, user names, e-mail addresses ... as found in the database), addresses, file names,
codes and the allowed proper nouns are taken out; and whether the piece is a msgid of a catalogue (ours,
Django's or a third-party app's) that was left untranslated, so the fix is plain.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

HIDDEN_CONTENT = {"script", "style", "template"}
#: code shown as code (column names of an import file, an HTTP header): not words of the interface
CODE_ELEMENTS = {"code", "kbd", "samp", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}

#: proper nouns and units a Chinese interface shows in Latin letters, with the reason
ALLOWED_WORDS = {
    "API", "REST", "OpenAPI", "JSON", "URL", "HTTP", "HTTPS", "IP", "ID", "UUID",  # technical names
    "GET", "POST", "LDAP",  # a request's methods (a sign-in attempt's data), the directory protocol
    "PDF", "Excel", "xlsx", "CSV", "Word", "docx", "ZIP",  # file formats
    "WeCom", "SMS", "Lark",  # channels (Lark is Feishu's international edition, named so in Chinese too)
    "Authorization", "Bearer",  # the HTTP header an API client sends, quoted as it is written
    "English",  # the language menu names each language in itself (issue 15, point 6)
    "UTC", "GMT",  # time standards (a time zone's name is a code)
    "TOTP", "MFA", "WebAuthn", "Passkey", "passkey",  # sign-in standards, named as such by allauth's Chinese
    "Token",  # the API token's own name in DRF's Chinese catalogue
    "KB", "MB", "GB", "km",  # units
    "csv", "xls",  # the export formats' names in the admin's format menu
    "Celery", "crontab", "cron",  # the task runner the periodic tasks configure (django-celery-beat)
    "Django",  # the framework named on its own pages
    "JPEG", "PNG", "UTF", "GBK", "iCalendar", "ics",  # image formats, text encodings, the calendar standard
    "Webhook",  # the robots' address as the chat platforms name it in Chinese (钉钉, 企业微信: "Webhook 地址")
    "SEC",  # DingTalk's signing secrets start with these letters
    "YYYY", "MM", "DD",  # a date format shown as such (2026-07)
    "Control", "Command", "Mac",  # keys and computer named in Django's own Chinese help of a multi-select
    "AMQP", "RabbitMQ", "Redis",  # the message broker's protocol and servers (a periodic task's routing options)
}  # fmt: skip
#: the admin's boolean icons: Django writes the value as the icon's alt text (the icon is what is seen)
BOOLEAN_ICON_ALT = {"True", "False", "None"}

#: pieces of text that are codes or addresses rather than words
CODE_PATTERNS = [
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+",  # e-mail addresses
    r"(https?|wss?)://\S+",  # web addresses
    r"(?<![\w/])/[\w\-./?=&%{}:]*",  # paths (/admin/..., /api/v1/...)
    r"\b[\w\-]+\.(xlsx|xls|pdf|csv|docx|doc|zip|png|jpe?g|txt|json|html)\b",  # file names
    r"\b\w+(\.\w+)+\b",  # dotted names: tasks (association.tasks.x), apps, hosts
    r"\b\w*_\w*\b",  # identifiers with underscores (codes, user names such as member_a_manager)
    r"\b[A-Za-z]+/[A-Za-z_]+\b",  # time zone names (Asia/Shanghai)
    r"\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\b",  # uuids
    r"\b(?=\w*\d)\w+\b",  # codes with digits (91650100MA..., 2026Q1, v1, A1)
    r"\bpk\b|\bid\b",  # the admin's URL keys in links shown as text
    r"(?<![A-Za-z])[IVX]+(?![A-Za-z])",  # grades and levels in Roman numerals (III 级)
    r"(?<![A-Za-z])[A-Z]{1,5}-\d[\w.\-]*",  # item codes (CP-3.1, IM-8.1)
    r"[\w\-.*]+(/[\w\-.*]+)+",  # relative paths of stored files (reports/2026/11/x.xlsx)
    r"\S*\*{3,}\S*",  # masked secrets (gg*****)
    r"\{[^{}]*\}|\[[^\[\]]*\]",  # JSON written as an example ({"argument": "value"})
]
CODES = re.compile("|".join(f"(?:{p})" for p in CODE_PATTERNS))
WORD = re.compile(r"[A-Za-z]{2,}")
#: a JSON field's empty value, shown as stored
JSON_WORDS = {"null", "true", "false"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, label)
        self.hidden = 0
        self.found: list[tuple[str, str]] = []  # (where, text)

    def _where(self, what: str) -> str:
        anchor = next((label for _tag, label in reversed(self.stack) if label), "")
        return f"{what} in {anchor}" if anchor else what

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        label = ""
        for key, mark in (("id", "#"), ("name", "[name="), ("class", ".")):
            if attrs.get(key):
                value = attrs[key].split()[0] if key == "class" else attrs[key]
                label = f"{tag}{mark}{value}{']' if key == 'name' else ''}"
                break
        if not self.hidden:
            for attribute in TEXT_ATTRIBUTES:
                if tag == "img" and attribute == "alt" and attrs.get("alt") in BOOLEAN_ICON_ALT:
                    continue
                if attrs.get(attribute):
                    self.found.append((self._where(f"<{tag} {attribute}>"), attrs[attribute]))
            if tag == "input" and attrs.get("type", "").lower() in BUTTON_INPUTS and attrs.get("value"):
                self.found.append((self._where(f"<input type={attrs['type']} value>"), attrs["value"]))
        if tag in VOID:
            return
        self.stack.append((tag, label))
        if tag in HIDDEN_CONTENT or tag in CODE_ELEMENTS:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):  # forgiving: close up to the matching start tag
            if self.stack[i][0] == tag:
                for closed, _label in self.stack[i:]:
                    if closed in HIDDEN_CONTENT or closed in CODE_ELEMENTS:
                        self.hidden -= 1
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.found.append((self._where(f"<{self.stack[-1][0]}>" if self.stack else "text"), data))


def visible_texts(html: str) -> list[tuple[str, str]]:
    """(where, text) for every piece of visible text, whitespace collapsed."""
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return [(where, " ".join(text.split())) for where, text in parser.found if text.strip()]


# --- the catalogues: which English is a source string ----------------------------------------


def _catalogue_msgids(po_path: Path) -> dict[str, bool]:
    """msgid (and plural) -> whether it has a translation there."""
    import polib

    found = {}
    for entry in polib.pofile(str(po_path)):
        translated = bool(entry.msgstr or any(entry.msgstr_plural.values())) and "fuzzy" not in entry.flags
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            found[msgid] = found.get(msgid, False) or translated
    return found


@cache
def catalogues() -> list[tuple[str, dict[str, bool]]]:
    """(name, msgids) of our catalogue, then the Chinese (or, where there is none, any) catalogue of every
    installed app that has one."""
    from django.apps import apps
    from django.conf import settings

    ours = Path(settings.LOCALE_PATHS[0]) / "zh_Hans/LC_MESSAGES/django.po"
    found = [("our catalogue locale/zh_Hans", _catalogue_msgids(ours))]
    roots = {Path(c.path) for c in apps.get_app_configs()} | {Path(__import__("django").__file__).parent / "conf"}
    for root in sorted(roots):
        locale = root / "locale"
        if not locale.is_dir() or root == Path(settings.BASE_DIR) / "locale":
            continue
        chinese = [locale / lang / "LC_MESSAGES" / "django.po" for lang in ("zh_Hans", "zh_CN")]
        chosen = next((p for p in chinese if p.exists()), None)
        other = next(iter(sorted(locale.glob("*/LC_MESSAGES/django.po"))), None)
        if chosen or other:
            msgids = _catalogue_msgids(chosen or other)
            if not chosen:  # no Chinese at all: none of its strings is translated (unless ours does it)
                msgids = dict.fromkeys(msgids, False)
            found.append((f"{root.name} ({(chosen or other).parent.parent.name})", msgids))
    return found


def source_of(text: str) -> str:
    """Where an English text comes from, as a hint for the fix."""
    found = [(name, msgids[text]) for name, msgids in catalogues() if text in msgids]
    if any(translated for _name, translated in found):
        names = ", ".join(name for name, translated in found if translated)
        return f"translated in {names}, yet shown in English: the page does not pass it through gettext"
    if found:
        if found[0][0].startswith("our"):
            return "a msgid of our catalogue without a (non-fuzzy) translation: add it"
        return (
            f"a msgid of {found[0][0]}, which has no Chinese for it: translate it in our catalogue "
            "(and keep the msgid in association/third_party_labels.py)"
        )
    return "in no catalogue: wrap it in gettext (verbose_name, description=, ...) and translate it"


class EnglishFinder:
    """The English words in a text of the Chinese interface, once data, codes and proper nouns are out."""

    def __init__(self, data_values):
        import zoneinfo

        zones = zoneinfo.available_timezones()  # a time zone menu: codes, some with spaces for underscores
        data_values = {*data_values, *zones, *(z.replace("_", " ") for z in zones)}
        values = {v.strip() for v in data_values if v and WORD.search(v)}
        self.values = sorted((v for v in values if len(v) >= 2), key=len, reverse=True)
        self.exact = {v.casefold() for v in self.values}
        words = "|".join(re.escape(v) for v in self.values)
        # a user name may be shown in capitals (the admin's header does so with CSS)
        self._values = re.compile(rf"(?<![A-Za-z])(?:{words})(?![A-Za-z])", re.IGNORECASE) if self.values else None

    def english(self, text: str) -> list[str]:
        if not WORD.search(text) or text.casefold() in self.exact or text in JSON_WORDS:
            return []
        if text[:1] in "{[" and text[-1:] in "}]…":  # a JSON field's stored value, shown as it is
            return []
        # a data value may be part of a code (an app label in a model's name) and a code part of a data value
        # (a time in a task's name): a word is English when it is left over whichever goes out first
        values = self._values.sub if self._values else (lambda _repl, t: t)
        codes_first = WORD.findall(values(" ", CODES.sub(" ", text)))
        data_first = set(WORD.findall(CODES.sub(" ", values(" ", text))))
        return [w for w in codes_first if w in data_first and w not in ALLOWED_WORDS]


def database_values() -> set[str]:
    """Every text stored in the database that has Latin letters: the data a page may show as it is."""
    from django.apps import apps
    from django.db import models

    kinds = (models.CharField, models.TextField)
    found = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, kinds) and not field.choices:
                values = model._base_manager.values_list(field.attname, flat=True).distinct()[:3000]
                found.update(v for v in values if isinstance(v, str) and WORD.search(v) and len(v) < 500)
    return found
