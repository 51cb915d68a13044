import importlib

import pytest


@pytest.fixture(autouse=True)
def urgency_rules(db):
    """The urgency table as the migration ships it (transactional tests flush the tables it filled)."""
    from django.apps import apps

    importlib.import_module("messaging.migrations.0002_urgency_rules_and_sweep").create(apps, None)
    importlib.import_module("messaging.migrations.0003_obligation_overdue_rule").create(apps, None)
