"""The project's own code rules, in the style of Zulip's custom lint checks.

``python -m devtools.code_rules`` (and ``tests/quality/test_code_rules.py``, so ``make test``) checks:

1. **One door for writes**: no model write (``.save(``, ``.delete(``, ``.objects.create(``,
   ``.update(`` / ``.delete(`` on a queryset, ``bulk_create`` ...) outside the services, the
   migrations, the tests and the demo data, except the places in ``ALLOWED_WRITES`` (each with
   its reason).
2. **One door for reads**: views, API and admin modules do not read a scoped model (one whose
   queryset derives from ``ScopedQuerySet``) through ``Model.objects.get/filter/all/...``; they
   start from ``visible_to(user)`` (or a selector that does). Exceptions in ``ALLOWED_UNSCOPED``.
3. **No naive datetimes**: no ``datetime.now()`` without a time zone, ``utcnow()``, ``today()``;
   use ``django.utils.timezone.now()`` / ``localdate()``.
4. **Layering**: ``association`` imports no domain app; domain apps do not import each other.
5. **Translatable strings are found**: django.utils.translation's functions are imported under their own
   names or as ``_``: makemessages (xgettext) reads only those, so ``gettext_lazy as _lazy`` left the
   disaster admin's actions out of the catalogue and in English (issue 15).

The checks read the source with ``ast``; rule 2 asks Django which models are scoped.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "association",
    "accounts",
    "messaging",
    "selfregulation",
    "mediation",
    "disasters",
    "campaigns",
    "governance",
    "config",
)

#: where writes belong (path fragments, relative to the project root)
WRITE_ZONES = (
    "/services/",
    "/services.py",
    "/migrations/",
    "/demo/",
    "/demo.py",
    "/management/commands/seed_demo.py",
    "selfregulation/checklists_data.py",  # the checklists a data migration ships
)

#: (file, line text fragment) -> reason. Keep it short; every entry says why.
ALLOWED_WRITES: dict[tuple[str, str], str] = {
    ("association/api/views.py", "Token.objects.get_or_create"): "DRF's own token sign-in (accounts issue replaces it)",
    **{
        ("association/admin/base.py", f"return super().{hook}("): (
            "the admin base's default write, only for an admin that declares plain_writes (configuration "
            "tables whose writes carry no rule)"
        )
        for hook in ("save_model", "save_related", "save_formset", "delete_model", "delete_queryset")
    },
}

#: (file, line text fragment) where an unscoped read of a scoped model is right, with the reason
ALLOWED_UNSCOPED: dict[tuple[str, str], str] = {
    ("selfregulation/api/serializers.py", 'extra_kwargs = {"organisation"'): (
        "the serializer's related fields are ScopedPrimaryKeyRelatedField (serializer_related_field)"
    ),
}

QUERYSET_METHODS = {"get", "filter", "exclude", "all", "first", "last", "count", "exists", "values",
                    "values_list", "in_bulk", "iterator", "aggregate", "annotate", "order_by", "select_related",
                    "prefetch_related", "only", "defer", "get_or_create", "update_or_create", "latest",
                    "earliest", "distinct", "members"}  # fmt: skip
MANAGER_WRITES = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_CHAIN = {"objects", "filter", "exclude", "all", "select_for_update", "order_by", "select_related",
                  "visible_to", "annotate", "distinct", "only", "defer", "none"}  # fmt: skip
#: receivers of ``.save(`` / ``.delete(`` that are not model instances
NOT_MODELS = {"cache", "wb", "workbook", "book", "canvas", "pdf", "doc", "document", "buffer", "image", "img",
              "storage", "default_storage", "session", "po", "catalogue", "messages", "pool"}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    text: str

    def __str__(self):
        return f"{self.path}:{self.line}: [{self.rule}] {self.text}"


def _chain(node) -> list[str]:
    """The attribute names of a call chain, outermost last: ``A.objects.filter(x).update`` ->
    ``["A", "objects", "filter", "update"]``."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            break
        else:
            names.append("?")
            break
    return list(reversed(names))


def python_files():
    for app in APPS:
        yield from sorted((ROOT / app).rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _in_write_zone(rel: str) -> bool:
    return any(zone in f"/{rel}" for zone in WRITE_ZONES)


#: the admin's default writes (``super().save_model(...)`` saves the form's instance as it is)
ADMIN_DEFAULT_WRITES = {"save_model", "delete_model", "save_formset", "delete_queryset", "save_related"}


def _is_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    method = call.func.attr
    chain = _chain(call.func.value)
    if method in ADMIN_DEFAULT_WRITES:
        return chain[-1] == "super"
    if method in MANAGER_WRITES:
        return "objects" in chain or any(n in QUERYSET_CHAIN for n in chain[1:])
    if method in ("update", "delete"):
        if len(chain) > 1 and (chain[-1] in QUERYSET_CHAIN or "objects" in chain):
            return True  # a queryset's update/delete
        if method == "delete":
            return chain[-1] not in NOT_MODELS and not any(kw.arg == "save" for kw in call.keywords)
        return False
    if method == "save":
        return not (
            chain[-1] in NOT_MODELS
            or any(
                kw.arg == "commit" and isinstance(kw.value, ast.Constant) and kw.value.value is False
                for kw in call.keywords
            )
        )
    return False


def check_writes() -> list[Problem]:
    problems = []
    for path in python_files():
        rel = _rel(path)
        if _in_write_zone(rel):
            continue
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and _is_write(node):
                text = lines[node.lineno - 1].strip()
                if any(rel == f and frag in text for (f, frag) in ALLOWED_WRITES):
                    continue
                problems.append(Problem(rel, node.lineno, "write-outside-service", text))
    return problems


def scoped_model_names() -> dict[str, set[str]]:
    """The class names of the scoped models, each with the apps whose model of that name is scoped (two apps
    may each have an ``Invitation``, one scoped and one not)."""
    from django.apps import apps

    from association.models.scoping import ScopedQuerySet

    names: dict[str, set[str]] = {}
    for model in apps.get_models():
        if isinstance(model._default_manager.all(), ScopedQuerySet):
            names.setdefault(model.__name__, set()).add(model._meta.app_label)
    return names


def _imported_from_models(tree) -> dict[str, str]:
    """Names a module imports from an app's models (``from accounts.models import Invitation``): name -> app."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and ".models" in f".{node.module}":
            app, _, rest = node.module.partition(".")
            if rest.startswith("models"):
                for alias in node.names:
                    found[alias.asname or alias.name] = app
    return found


def _is_door(rel: str) -> bool:
    parts = rel.split("/")
    return (
        "views" in parts
        or "api" in parts
        or "admin" in parts
        or parts[-1] in ("views.py", "admin.py")
        or parts[-1].startswith("views_")
    )


def check_unscoped_reads(scoped: set[str] | dict[str, set[str]]) -> list[Problem]:
    """``scoped``: the scoped models' class names, or (``scoped_model_names``) each with the apps whose model of
    that name is scoped; a name imported from another app's models is then that app's unscoped model."""
    problems = []
    for path in python_files():
        rel = _rel(path)
        if not _is_door(rel):
            continue
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source)
        imported = _imported_from_models(tree) if isinstance(scoped, dict) else {}
        # a queryset handed to a scoped field is narrowed to the user by the field itself
        scoped_args = {
            id(arg)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call) and _chain(call.func)[-1] == "ScopedPrimaryKeyRelatedField"
            for kw in call.keywords
            for arg in ast.walk(kw.value)
        }
        for node in ast.walk(tree):
            if id(node) in scoped_args:
                continue
            if not (isinstance(node, ast.Attribute) and node.attr in QUERYSET_METHODS):
                continue
            base = node.value
            if (
                isinstance(base, ast.Attribute)
                and base.attr == "objects"
                and isinstance(base.value, ast.Name)
                and base.value.id in scoped
                and (base.value.id not in imported or imported[base.value.id] in scoped[base.value.id])
            ):
                text = lines[node.lineno - 1].strip()
                if not any(rel == f and frag in text for (f, frag) in ALLOWED_UNSCOPED):
                    problems.append(Problem(rel, node.lineno, "unscoped-read", text))
    return problems


NAIVE = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today")}


def check_naive_datetimes() -> list[Problem]:
    problems = []
    for path in python_files():
        rel = _rel(path)
        if "/migrations/" in f"/{rel}":
            continue
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            chain = _chain(node.func)
            if len(chain) >= 2 and (chain[-2], chain[-1]) in NAIVE:
                if chain[-1] == "now" and (node.args or node.keywords):
                    continue  # datetime.now(tz) is aware
                problems.append(Problem(rel, node.lineno, "naive-datetime", lines[node.lineno - 1].strip()))
    return problems


DOMAIN_APPS = ("selfregulation", "mediation", "disasters", "campaigns", "governance")
#: core apps beside ``association``: they import ``association`` only; domain apps may import them;
#: ``association`` imports none of them (it hears of them through AppConfig hooks)
CORE_APPS = ("messaging",)


def check_layering() -> list[Problem]:
    """Imports point one way: a domain app imports ``association`` (and the core apps); a core app imports
    ``association`` only; ``association`` imports no other app of the project; no domain app imports another."""
    problems = []
    for path in python_files():
        rel = _rel(path)
        owner = rel.split("/")[0]
        if owner not in ("association", *CORE_APPS, *DOMAIN_APPS):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                core_wrong = top in CORE_APPS and owner in ("association", *CORE_APPS) and top != owner
                if (top in DOMAIN_APPS and top != owner) or core_wrong:
                    problems.append(Problem(rel, node.lineno, "layering", f"{owner} imports {name}"))
    return problems


def check_translation_imports() -> list[Problem]:
    problems = []
    for path in python_files():
        rel = _rel(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.asname and alias.asname not in ("_", alias.name) and "gettext" in alias.name:
                        what = f"{alias.name} as {alias.asname}: makemessages does not read {alias.asname}()"
                        problems.append(Problem(rel, node.lineno, "translation-import", what))
    return problems


def check_all() -> list[Problem]:
    return [
        *check_writes(),
        *check_unscoped_reads(scoped_model_names()),
        *check_naive_datetimes(),
        *check_layering(),
        *check_translation_imports(),
    ]


def main() -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://localhost/unused")
    os.environ.setdefault("REDIS_URL", "redis://localhost:1/0")
    django.setup()
    problems = check_all()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
