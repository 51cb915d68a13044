"""`make run`: migrate, load demo data, print the logins, start web + worker + beat (honcho)."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEMO_USERS = [
    ("admin", "superuser, association staff (admin + portal)"),
    ("staff", "association staff (admin + portal)"),
    ("mediator", "mediator"),
    ("regulator", "provincial bureau regulator (sees the whole province)"),
    ("regulator.yili", "Ili sub-bureau regulator (sees Ili prefecture)"),
    ("picc.manager", "member manager, 人保财险 Xinjiang branch (and its prefecture branches)"),
    ("picc.reporter", "member reporter, 人保财险 Xinjiang branch"),
    ("pingan.manager", "member manager, 平安财险 Xinjiang branch"),
]


def manage(*args, **options):
    from django.core.management import call_command

    call_command(*args, **options)


def main() -> int:
    started = time.monotonic()
    os.environ.setdefault("DJANGO_DEBUG", "1")
    manage("migrate", "--no-input", verbosity=0)
    manage("seed_demo", "--if-empty")
    from accounts.demo import mark_demo_users

    mark_demo_users()  # DEMO_USERS_SKIP_MFA (set below): the README's logins open the portal without a second factor
    port = os.environ.get("PORTAL_PORT", "8000")
    from association.demo.seeding import DEMO_PASSWORD

    print("\n" + "=" * 72)
    print(f"  Portal:  http://127.0.0.1:{port}/      API docs: http://127.0.0.1:{port}/api/docs/")
    print(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, what in DEMO_USERS:
        print(f"    {username:<16} {what}")
    print("    <slug>.manager / <slug>.reporter for every member company (see README)")
    print(f"  Ready to start in {time.monotonic() - started:.1f}s. Ctrl-C stops everything.")
    print("=" * 72 + "\n", flush=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1", PATH=f"{Path(PY).parent}:{os.environ.get('PATH', '')}")
    honcho = Path(PY).parent / "honcho"
    return subprocess.call([str(honcho), "-f", str(ROOT / "Procfile"), "start"], cwd=ROOT, env=env)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEMO_USERS_SKIP_MFA", "1")  # `make run` is the demo; a deployment leaves it off
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
