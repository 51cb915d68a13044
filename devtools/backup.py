"""Back up and restore the portal: the one PostgreSQL database (``pg_dump -Fc``) and the uploaded
media files (a tar.gz of ``MEDIA_ROOT``).

    python -m devtools.backup dump DIR       # DIR/portal.dump, DIR/media.tar.gz
    python -m devtools.backup restore DIR    # into DATABASE_URL (replacing what is there) and MEDIA_ROOT

DATABASE_URL says which database; the client programs come from PATH, or from the embedded
PostgreSQL (pgserver) when PATH has none of the server's major version.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DUMP = "portal.dump"
MEDIA = "media.tar.gz"


def libpq_env(url: str) -> dict:
    """PG* variables for the client programs from a postgres:// URL (host may be a socket directory)."""
    parts = urlsplit(url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    env = dict(os.environ, PGHOST=unquote(host) or "localhost", PGDATABASE=unquote(parts.path.lstrip("/")))
    env["PGUSER"] = unquote(user) or "postgres"
    if port:
        env["PGPORT"] = port
    if password:
        env["PGPASSWORD"] = unquote(password)
    return env


def server_major(url: str) -> int:
    import psycopg2

    with psycopg2.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        return connection.server_version // 10000


def tool(name: str, url: str) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version (pg_dump refuses a newer server)."""
    major = server_major(url)
    candidates = [shutil.which(name)]
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    for path in filter(None, candidates):
        if (
            Path(path).exists()
            and f" {major}." in subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        ):
            return path
    raise SystemExit(f"no {name} for PostgreSQL {major} found (install the client programs of that version)")


def media_root() -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def dump(directory: Path, url: str, media: Path | None) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    env = libpq_env(url)
    subprocess.run([tool("pg_dump", url), "-Fc", "--no-owner", "-f", str(directory / DUMP)], env=env, check=True)
    with tarfile.open(directory / MEDIA, "w:gz") as tar:
        if media is not None and media.exists():
            tar.add(media, arcname="media")
    print(f"backup in {directory}: {DUMP} ({(directory / DUMP).stat().st_size:,} bytes), {MEDIA}")


def restore(directory: Path, url: str, media: Path | None) -> None:
    env = libpq_env(url)
    subprocess.run(
        [
            tool("pg_restore", url),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            env["PGDATABASE"],
            str(directory / DUMP),
        ],
        env=env,
        check=True,
    )
    if media is not None and (directory / MEDIA).exists():
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(directory / MEDIA, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
            for member in members:
                member.name = member.name.removeprefix("media").lstrip("/") or "."
            tar.extractall(media, members=members, filter="data")
    print(f"restored {directory} into database {env['PGDATABASE']}" + (f" and {media}" if media else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.backup", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["dump", "restore"])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--no-media", action="store_true", help="the database only")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("DATABASE_URL is not set (run through `python -m devtools.services -- …` or `make backup`)")
    media = None if args.no_media else media_root()
    (dump if args.action == "dump" else restore)(args.directory, url, media)
    return 0


if __name__ == "__main__":
    sys.exit(main())
