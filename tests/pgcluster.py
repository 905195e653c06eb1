"""A throw-away PostgreSQL cluster for the tests and benchmarks: initdb into a temporary folder, the server on a
free port of 127.0.0.1, stopped and deleted at the end.

The server refuses to run as root, and the tests run as root in this project's containers: there the cluster's
folder is given to the unprivileged user ``nobody`` and initdb and postgres run as it. Durability is switched off
(fsync, synchronous_commit, full_page_writes): the cluster lives only as long as the test run.

    python tests/pgcluster.py      start one, print its URL, stop it on Enter or Ctrl-C (scripts/pg.sh)
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "linkwatch"


def bindir() -> Path | None:
    """Where initdb and postgres are: $LINKWATCH_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else
    the PATH. None when PostgreSQL is not installed."""
    given = os.environ.get("LINKWATCH_PG_BIN")
    if given:
        return Path(given) if (Path(given) / "postgres").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("postgres")
    return Path(on_path).parent if on_path and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """``with Cluster() as c: c.url(...)``; ``start()`` / ``stop()`` for longer lives."""

    def __init__(self) -> None:
        found = bindir()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/setup.sh installs Debian's postgresql)")
        self.bin = found
        self.folder = Path(tempfile.mkdtemp(prefix="linkwatch-pg-"))
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        # As root, everything runs as nobody (the server refuses root); otherwise as ourselves.
        self.user: str | None = "nobody" if os.geteuid() == 0 else None

    def _run_as(self) -> dict[str, object]:
        if self.user is None:
            return {}
        import pwd

        entry = pwd.getpwnam(self.user)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def start(self, timeout: float = 60.0) -> Cluster:
        data = self.folder / "data"
        if self.user is not None:
            import pwd

            entry = pwd.getpwnam(self.user)
            os.chmod(self.folder, 0o755)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        log = self.folder / "server.log"
        subprocess.run([str(self.bin / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True, cwd=self.folder,
                       **self._run_as())  # type: ignore[call-overload]
        for _attempt in range(5):  # a free port can be taken between choosing it and the server binding it
            self.port = _free_port()
            with open(log, "ab") as out:
                self.process = subprocess.Popen(
                    [str(self.bin / "postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.folder),
                     "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off", "-c", "max_connections=100", "-c", "shared_buffers=64MB"],
                    stdout=out, stderr=subprocess.STDOUT, cwd=self.folder, start_new_session=True,
                    **self._run_as())  # type: ignore[call-overload]
            if self._wait(timeout):
                return self
            self.process.kill()
            self.process.wait()
        raise RuntimeError(f"PostgreSQL did not start; its log:\n{log.read_text(errors='replace')[-3000:]}")

    def _wait(self, timeout: float) -> bool:
        import psycopg

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        return False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new database (with the extensions linkwatch's migrations use made ready), and its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.url(name), autocommit=True) as db:
            for ext in ("pg_trgm", "unaccent"):
                db.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT: fast shutdown (clients disconnected, no waiting on them)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    with Cluster() as cluster:
        print(cluster.create_database("linkwatch"), flush=True)
        try:
            input("PostgreSQL is running; Enter stops it and deletes its folder\n")
        except (KeyboardInterrupt, EOFError):
            pass
