"""The project's code rules (devtools/code_rules.py) hold for the whole tree, and each rule catches
what it is meant to catch."""

import ast

from devtools import code_rules


def test_the_tree_keeps_the_rules():
    problems = code_rules.check_all()
    assert not problems, "\n".join(str(p) for p in problems)


def _writes(source: str) -> list[bool]:
    return [code_rules._is_write(node) for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]


def test_write_rule_catches_model_writes_and_leaves_other_calls():
    assert any(_writes("obj.save()"))
    assert any(_writes("Case.objects.create(number='1')"))
    assert any(_writes("Case.objects.filter(pk=1).update(status='x')"))
    assert any(_writes("qs.all().delete()"))
    assert any(_writes("contact.delete()"))
    assert any(_writes("super().save_model(request, obj, form, change)"))
    assert not any(_writes("form.save(commit=False)"))
    assert not any(_writes("cache.delete('k')"))
    assert not any(_writes("wb.save(buffer)"))
    assert not any(_writes("context.update(extra)"))


def test_naive_datetime_rule(tmp_path, monkeypatch):
    module = tmp_path / "association"
    module.mkdir()
    (module / "clock.py").write_text(
        "import datetime as dt\nA = dt.datetime.now()\nB = dt.date.today()\nC = dt.datetime.now(dt.UTC)\n"
    )
    monkeypatch.setattr(code_rules, "ROOT", tmp_path)
    monkeypatch.setattr(code_rules, "APPS", ("association",))
    assert [(p.line, p.rule) for p in code_rules.check_naive_datetimes()] == [
        (2, "naive-datetime"),
        (3, "naive-datetime"),
    ]


def test_translation_import_rule(tmp_path, monkeypatch):
    module = tmp_path / "association"
    module.mkdir()
    (module / "labels.py").write_text(
        "from django.utils.translation import gettext as _\n"
        "from django.utils.translation import gettext_lazy, pgettext_lazy\n"
        "from django.utils.translation import gettext_lazy as _lazy\n"
    )
    monkeypatch.setattr(code_rules, "ROOT", tmp_path)
    monkeypatch.setattr(code_rules, "APPS", ("association",))
    assert [(p.line, p.rule) for p in code_rules.check_translation_imports()] == [(3, "translation-import")]


def test_unscoped_read_rule(tmp_path, monkeypatch):
    views = tmp_path / "association" / "views"
    views.mkdir(parents=True)
    (views / "pages.py").write_text(
        "a = Organisation.objects.filter(pk=1)\n"
        "b = Organisation.objects.visible_to(user).filter(pk=1)\n"
        "c = ScopedPrimaryKeyRelatedField(queryset=Organisation.objects.all())\n"
        "d = Region.objects.all()\n"
    )
    monkeypatch.setattr(code_rules, "ROOT", tmp_path)
    monkeypatch.setattr(code_rules, "APPS", ("association",))
    assert [p.line for p in code_rules.check_unscoped_reads({"Organisation"})] == [1]


def test_unscoped_read_rule_knows_which_app_a_model_name_is_from(tmp_path, monkeypatch):
    """Two apps may each have an ``Invitation``: the accounts' one is not scoped, the governance one is."""
    views = tmp_path / "accounts" / "views"
    views.mkdir(parents=True)
    (views / "people.py").write_text("from accounts.models import Invitation\na = Invitation.objects.all()\n")
    (views / "meetings.py").write_text("from governance.models import Invitation\na = Invitation.objects.all()\n")
    monkeypatch.setattr(code_rules, "ROOT", tmp_path)
    monkeypatch.setattr(code_rules, "APPS", ("accounts",))
    problems = code_rules.check_unscoped_reads({"Invitation": {"governance"}})
    assert [(p.path, p.line) for p in problems] == [("accounts/views/meetings.py", 2)]
