"""A real PostgreSQL server for the tests: initdb + pg_ctl in a temporary directory, on a free
loopback port. PostgreSQL refuses to run as root, so under root (CI) the server runs as the
``postgres`` user (``runuser``) in a directory that user owns."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

_BINARY_DIRS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin")
USER = "claimdiff"


def find_bindir() -> Path | None:
    """The directory of initdb / pg_ctl (newest version first), or None when not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = [Path(d) for pattern in _BINARY_DIRS for d in glob.glob(pattern)]
    candidates = [d for d in candidates if (d / "initdb").exists()]
    return max(candidates, key=lambda d: d.parts, default=None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running server; :meth:`new_database` hands out empty databases."""

    bindir: Path
    datadir: Path
    port: int
    as_user: list[str]

    @property
    def admin_url(self) -> str:
        """URL of the maintenance database."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """An empty schema of its own (in one shared database: creating a schema is instant, a
        database takes a second); returns a URL whose search_path selects it."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            self.admin_url.replace("/postgres", "/claimdiff"), autocommit=True
        ) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"postgresql://{USER}@127.0.0.1:{self.port}/claimdiff?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        """Stop the server and delete its files."""
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "stop", "-D", str(self.datadir),
             "-m", "immediate", "-w"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start(bindir: Path) -> Server:
    """initdb and start a throw-away server (fsync off: the data dies with the test run)."""
    root = Path(tempfile.mkdtemp(prefix="claimdiff-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    datadir, port = root / "data", _free_port()
    run = {"check": True, "capture_output": True, "text": True, "cwd": root}
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(datadir), "-U", USER, "-A", "trust",
         "-E", "UTF8", "--no-sync", "--locale=C"],
        **run,
    )  # fmt: skip
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    try:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "start", "-D", str(datadir), "-w", "-t", "60",
             "-l", str(root / "server.log"), "-o", options],
            **run,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        log = (
            (root / "server.log").read_text(errors="replace")
            if (root / "server.log").exists()
            else ""
        )
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from exc
    server = Server(bindir, datadir, port, as_user)
    import psycopg

    with psycopg.connect(server.admin_url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE claimdiff")
    return server
