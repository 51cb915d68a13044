"""Writes of the disasters app. Admin, portal, API, importer and tasks call these, never ``save()``."""
