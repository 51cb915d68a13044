"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

Each row: (route name, method, url builder(world), payload builder(world) or None, {role: status}).
"""

ROWS: list = []
