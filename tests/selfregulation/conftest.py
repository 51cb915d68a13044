import pytest


@pytest.fixture(autouse=True)
def _shipped(shipped_data):
    """Checklists, rules, templates and schedules from the data migrations (see tests/conftest.py)."""
