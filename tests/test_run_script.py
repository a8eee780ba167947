"""`scripts/run.sh` (what `make run` ends with): gunicorn, a Celery worker and beat from
the Procfile under honcho, against the test's database. The site becomes healthy;
one Ctrl-C stops all three with their children; if one of them dies, the others are
stopped too — nothing is left running on its own."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings

from tests.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)  # the processes must see committed rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - our own loopback server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def _children(pid: int) -> list[int]:
    """Every process below `pid` (honcho gives each program a session of its own)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True, text=True).stdout
        kids = [int(p) for p in out.split()]
        found += kids
        todo += kids
    return found


def _args(pid: int) -> str:
    return subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True).stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose.
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


@pytest.fixture
def run_script(tmp_path):
    url, _ = database_url(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACENTER_VAR_DIR": str(tmp_path / "var"),
        "CELERY_QUEUE": f"test-run-{uuid.uuid4().hex[:8]}",
        "CELERY_CONCURRENCY": "1",
        "WEB_CONCURRENCY": "1",
        "PORT": str(port),
        "VENV_BIN": os.path.dirname(sys.executable),  # the .venv the tests run in
    }
    env.pop("DEBUG", None)
    log = (tmp_path / "run.log").open("w")
    proc = subprocess.Popen(["scripts/run.sh"], cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _status(f"{base}/healthz") != 200:
            assert proc.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            time.sleep(0.5)
        assert _status(f"{base}/healthz") == 200, (tmp_path / "run.log").read_text()[-3000:]
        yield proc, base, tmp_path / "run.log"
    finally:
        # Whatever a failed test left: every program's process group (honcho gives each
        # one a session of its own), found before honcho goes and they are re-parented.
        for pid in [*_children(proc.pid), proc.pid]:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        proc.wait(timeout=10)


def _wait_all_gone(proc, pids, seconds=30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None and not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.25)
    return False


def test_serves_production_pages_and_ctrl_c_stops_everything(run_script):
    proc, base, log = run_script
    assert _status(f"{base}/no/such/page/") == 404  # DEBUG off: the plain page
    pids = _children(proc.pid)
    assert len(pids) >= 3  # web, worker, beat (and their children)

    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    assert _wait_all_gone(proc, pids), log.read_text()[-3000:]


def test_when_one_process_dies_the_others_are_stopped(run_script):
    proc, base, log = run_script
    pids = _children(proc.pid)
    web = [pid for pid in pids if "gunicorn" in _args(pid)]
    assert web, log.read_text()[-3000:]
    for pid in web:
        os.kill(pid, signal.SIGKILL)  # the web server crashes

    assert _wait_all_gone(proc, pids), log.read_text()[-3000:]
    assert proc.returncode != 0
