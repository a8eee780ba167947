"""A real Celery worker and a real Celery beat, started as processes the way
`make run` starts them: beat schedules the heartbeat, the worker consumes it and
writes the row /healthz reads.

The processes use the test's broker (Redis on a queue of their own when REDIS_URL is
set, else kombu's filesystem transport in a temporary folder) and see the test's
database: on PostgreSQL the test database itself (hence a transactional test); on
SQLite, whose in-memory test database another process cannot open, a file copy of
it made with SQLite's backup API.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from slacenter.models import Heartbeat

BASE_DIR = Path(settings.BASE_DIR)
WAIT_SECONDS = 60


def _database_url(tmp_path: Path) -> tuple[str, callable]:
    """The DATABASE_URL for the subprocesses and a function reading the beat tick."""
    if connection.vendor == "sqlite":
        db_file = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(db_file) as target:
            connection.connection.backup(target)

        def read_tick():
            with sqlite3.connect(db_file, timeout=10) as db:
                row = db.execute("SELECT last_tick_at FROM slacenter_heartbeat WHERE name = 'beat'").fetchone()
            return datetime.fromisoformat(row[0]) if row else None

        return f"sqlite:///{db_file}", read_tick
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
    url = f"postgresql://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"

    def read_tick():
        beat = Heartbeat.objects.filter(name="beat").first()
        return beat.last_tick_at if beat else None

    return url, read_tick


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "slacenter", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: one killpg stops it and its children
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.mark.django_db(transaction=True)
def test_beat_schedules_and_worker_records_heartbeat(tmp_path):
    database_url, read_tick = _database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "slacenter.settings",
        "DATABASE_URL": database_url,
        "SLACENTER_VAR_DIR": str(tmp_path / "var"),  # own filesystem broker, beat schedule file
        "CELERY_QUEUE": f"test-heartbeat-{uuid.uuid4().hex[:8]}",
        "HEARTBEAT_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    worker = _start(
        ["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env,
        worker_log,
    )
    beat = _start(["beat", "--loglevel=INFO"], env, beat_log)
    ticks = []
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and len(set(ticks)) < 2:
            assert worker.poll() is None, f"worker died:\n{worker_log.read_text()}"
            assert beat.poll() is None, f"beat died:\n{beat_log.read_text()}"
            tick = read_tick()
            if tick is not None:
                ticks.append(tick)
            time.sleep(0.5)
    finally:
        _stop(beat)
        _stop(worker)
    logs = f"worker:\n{worker_log.read_text()[-3000:]}\nbeat:\n{beat_log.read_text()[-3000:]}"
    # Two distinct ticks: beat keeps scheduling and the worker keeps consuming.
    assert len(set(ticks)) >= 2, f"no heartbeat within {WAIT_SECONDS} s\n{logs}"
    assert "slacenter.tasks.heartbeat" in worker_log.read_text()
    assert worker.returncode is not None and beat.returncode is not None
