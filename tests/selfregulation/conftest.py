import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _migration_data(db):
    """Checklists, anomaly rules and beat schedules come from a data migration; a transactional test
    elsewhere in the suite (browser tests with live_server) flushes them, so put them back."""
    migration = importlib.import_module("selfregulation.migrations.0002_shipped_data_and_schedules")
    migration.create(apps, None)
