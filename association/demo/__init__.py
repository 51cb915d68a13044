"""Demo data for `python manage.py seed_demo` (idempotent)."""
