"""Real Celery worker and beat processes for tests, started the way `make run` starts
them, against the test's database and a broker of their own.

The processes use the test's broker (Redis on a queue of their own when REDIS_URL is
set, else kombu's filesystem transport in a temporary folder) and see the test's
database: on PostgreSQL the test database itself (hence transactional tests); on
SQLite, whose in-memory test database another process cannot open, a file copy of
it made with SQLite's backup API. Whatever the test wants the processes to see must
therefore exist BEFORE `CeleryProcesses` starts; afterwards read what they wrote
with `CeleryProcesses.query` (raw SQL, on the file copy or the test database).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
WORKER_ARGS = ["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
               "--without-heartbeat"]


def database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """The DATABASE_URL the subprocesses use, and the SQLite file copy (None on PostgreSQL)."""
    if connection.vendor == "sqlite":
        db_file = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(db_file) as target:
            connection.connection.backup(target)
        return f"sqlite:///{db_file}", db_file
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}", None


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "slacenter", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: one killpg stops it and its children
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


class CeleryProcesses:
    """A worker and beat on a private queue and var dir; a context manager.

    `extra_env` adds settings for the processes (e.g. HEARTBEAT_SECONDS, SLA_SWEEP_SECONDS)."""

    def __init__(self, tmp_path: Path, *, name: str, extra_env: dict | None = None):
        self.tmp_path = tmp_path
        self.url, self.db_file = database_url(tmp_path)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "slacenter.settings",
            "DATABASE_URL": self.url,
            "SLACENTER_VAR_DIR": str(tmp_path / "var"),  # own filesystem broker, beat schedule file
            "CELERY_QUEUE": f"test-{name}-{uuid.uuid4().hex[:8]}",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.worker_log, self.beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
        self.worker = self.beat = None

    def __enter__(self) -> CeleryProcesses:
        self.worker = start(WORKER_ARGS, self.env, self.worker_log)
        self.beat = start(["beat", "--loglevel=INFO"], self.env, self.beat_log)
        return self

    def __exit__(self, *exc) -> None:
        for proc in (self.beat, self.worker):
            if proc is not None:
                stop(proc)

    def logs(self, tail: int = 3000) -> str:
        return f"worker:\n{self.worker_log.read_text()[-tail:]}\nbeat:\n{self.beat_log.read_text()[-tail:]}"

    def check_alive(self) -> None:
        assert self.worker.poll() is None, f"worker died:\n{self.logs()}"
        assert self.beat.poll() is None, f"beat died:\n{self.logs()}"

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of `sql` (with `%s` placeholders) as the processes see the database."""
        if self.db_file is not None:
            with sqlite3.connect(self.db_file, timeout=10) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def wait_for(self, condition, *, timeout: float, interval: float = 0.5):
        """Poll `condition()` until it returns something truthy (returned) or `timeout`
        seconds pass (None). Fails at once if a process dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            result = condition()
            if result:
                return result
            time.sleep(interval)
        return None
