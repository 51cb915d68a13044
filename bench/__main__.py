"""``python -m bench``: create a throw-away database, generate data, measure, drop the database."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
#: further benchmarks: modules bench/<name>.py with run(log) -> dict, table(result) -> str, ok(result) -> bool
EXTRA = ["reminders", "disasters", "mediation", "selfregulation", "campaigns", "overview", "messaging"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per measurement (default 50)")
    parser.add_argument(
        "--scales", default="10,1000", help="member organisation counts, comma-separated (default 10,1000)"
    )
    parser.add_argument("--only", choices=["lists", *EXTRA], help="run one benchmark only (default: all of them)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="JSON results file")
    args = parser.parse_args(argv)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "test")
    os.environ.setdefault("CACHE_KEY_PREFIX", "portal-bench")  # keep off the keys of a running portal
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one "successful login" line per force_login
    import importlib

    from django.db import connections
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases, teardown_test_environment

    from bench import api_lists

    extras = {}
    for name in EXTRA:
        if args.only in (None, name) and (Path(__file__).parent / f"{name}.py").exists():
            extras[name] = importlib.import_module(f"bench.{name}")

    settings_dict = connections["default"].settings_dict
    settings_dict.setdefault("TEST", {})["NAME"] = f"test_{settings_dict['NAME']}_bench"
    started = time.perf_counter()
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
    print(f"[bench] database {connections['default'].settings_dict['NAME']} ready", flush=True)
    try:
        result = {"all_constant": True}
        if args.only in (None, "lists"):
            result = api_lists.run(scales=scales, requests=args.requests, log=lambda m: print(m, flush=True))
        for name, module in extras.items():
            result[name] = module.run(log=lambda m: print(m, flush=True))
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
        print("[bench] database dropped", flush=True)

    result["meta"] = {
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
    }
    print()
    if args.only in (None, "lists"):
        print(api_lists.table(result))
    for name, module in extras.items():
        print()
        print(module.table(result[name]))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n[bench] {result['meta']['seconds']}s; results in {args.output}")
    ok = result["all_constant"] and all(module.ok(result[name]) for name, module in extras.items())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
