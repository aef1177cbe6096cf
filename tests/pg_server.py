"""A real PostgreSQL server for the tests: a temporary cluster on the loopback address, started from the
binaries the `pgserver` wheel ships (the test extra installs it), else from Debian's postgresql package.
initdb refuses to run as root, so under root the cluster belongs to `nobody`."""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    """The folder holding initdb and postgres, or None when this machine has neither."""
    # Found without importing it: its module sets up folders of its own that the tests do not use.
    spec = importlib.util.find_spec("pgserver")
    for location in (spec.submodule_search_locations or []) if spec else []:
        wheel = Path(location) / "pginstall" / "bin"
        if (wheel / "postgres").exists():
            return wheel
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "postgres").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a cluster, yield its address (database `postgres`, user `postgres`, no password), stop it."""
    folder = binaries()
    if folder is None:
        raise RuntimeError("no PostgreSQL server binaries: pip install pgserver, or apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="cyberread-pg-"))
    owner: dict[str, object] = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        owner = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    data = root / "data"
    subprocess.run(
        [folder / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        **owner,  # type: ignore[arg-type]
    )
    port = _free_port()
    log = open(root / "log", "wb")  # noqa: SIM115 - the server writes it while it runs
    server = subprocess.Popen(
        [folder / "postgres", "-D", data, "-k", root, "-h", "127.0.0.1", "-p", str(port), "-c", "fsync=off"],
        stdout=log,
        stderr=subprocess.STDOUT,
        **owner,  # type: ignore[arg-type]
    )
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        _wait(url, server, root)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(root, ignore_errors=True)


def _wait(url: str, server: subprocess.Popen[bytes], root: Path) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((root / "log").read_text(errors="replace")) from None
            time.sleep(0.1)


def new_database(server_url: str, name: str) -> str:
    """A fresh, empty database on the server; its address."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"'.encode())
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0'.encode())
    return server_url.rsplit("/", 1)[0] + "/" + name
