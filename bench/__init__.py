"""Benchmarks of the portal against a throw-away PostgreSQL database: ``python -m bench``.

``make bench`` runs it with the embedded PostgreSQL and Redis (``devtools.services``). The
benchmark creates its own database (``test_<name>_bench``), fills it with ``bench.generate``
and drops it at the end; results go to stdout and ``bench/results/latest.json``.
"""
