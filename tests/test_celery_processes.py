"""A real Celery worker and a real Celery beat, started as processes the way
`make run` starts them: beat schedules the heartbeat, the worker consumes it and
writes the row /healthz reads. (How the processes find the test's database and a
broker of their own: `tests/processes.py`.)"""

import pytest

from tests.processes import CeleryProcesses

WAIT_SECONDS = 60


@pytest.mark.django_db(transaction=True)
def test_beat_schedules_and_worker_records_heartbeat(tmp_path):
    ticks = set()

    def two_ticks():
        rows = procs.query("SELECT last_tick_at FROM slacenter_heartbeat WHERE name = 'beat'")
        ticks.update(row[0] for row in rows)
        return len(ticks) >= 2

    with CeleryProcesses(tmp_path, name="heartbeat", extra_env={"HEARTBEAT_SECONDS": "2"}) as procs:
        procs.wait_for(two_ticks, timeout=WAIT_SECONDS)
    # Two distinct ticks: beat keeps scheduling and the worker keeps consuming.
    assert len(ticks) >= 2, f"no heartbeat within {WAIT_SECONDS} s\n{procs.logs()}"
    assert "slacenter.tasks.heartbeat" in procs.worker_log.read_text()
    assert procs.worker.returncode is not None and procs.beat.returncode is not None
