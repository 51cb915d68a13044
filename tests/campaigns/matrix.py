"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them)."""

ROWS = []
