"""GET /healthz: database, broker and beat, as JSON; 503 when one is down.

Every check is bounded in time (`CHECK_TIMEOUT`, half a second): a broker that does
not answer is "down" after that, not after the client's own retries. The broker
check makes a round trip each time (a Redis PING on a fresh connection), so a
short outage is seen while it lasts. Beat is stale when its last tick is older
than three heartbeat periods (`HEARTBEAT_SECONDS`), and two beat processes ticking
at once — each would schedule every periodic task — are reported as a failure:
every beat writes a row of its own (`beat:<host:pid:start>`), and two of them whose
ticks overlap in time are two beats, where a restart leaves one row ending before
the next begins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .celery import app as celery_app
from .models import Heartbeat

CHECK_TIMEOUT = 0.5  # seconds, per check
STALE_PERIODS = 3  # beat is stale after this many missed heartbeats
INSTANCE_PREFIX = "beat:"
# Rows of beat instances gone for this long are removed by the next heartbeat.
FORGET_INSTANCES_AFTER = timedelta(days=1)

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")


def beat_stale_after() -> timedelta:
    return timedelta(seconds=STALE_PERIODS * float(settings.HEARTBEAT_SECONDS))


def heartbeat_record(*, beat: str | None, now: datetime) -> None:
    """The heartbeat task's write: the latest tick, and the tick of this beat instance."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_tick_at": now})
    if beat:
        name = f"{INSTANCE_PREFIX}{beat}"[:200]
        if not Heartbeat.objects.filter(name=name).update(last_tick_at=now):
            Heartbeat.objects.get_or_create(name=name, defaults={"last_tick_at": now, "first_tick_at": now})
        Heartbeat.objects.filter(name__startswith=INSTANCE_PREFIX,
                                 last_tick_at__lt=now - FORGET_INSTANCES_AFTER).delete()


def _bounded(check, *args) -> dict:
    """Run `check` in a helper thread; "down" if it has not answered in time."""
    future = _pool.submit(check, *args)
    try:
        return future.result(timeout=CHECK_TIMEOUT)
    except FutureTimeout:
        return {"ok": False, "error": f"no answer within {CHECK_TIMEOUT} s"}
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": str(exc)}


def _check_database() -> dict:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(int(CHECK_TIMEOUT * 1000))])
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": str(exc)}


def _broker_url() -> str:
    return getattr(settings, "CELERY_BROKER_URL", None) or celery_app.conf.broker_url


def _ping_broker(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
        return {"ok": True, "transport": "redis"}
    with celery_app.connection_for_write(url) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)
        return {"ok": True, "transport": conn.transport_cls}


def _check_beat(now) -> dict:
    try:
        rows = list(Heartbeat.objects.filter(name__startswith="beat").values_list(
            "name", "first_tick_at", "last_tick_at"))
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)}
    latest = next((r[2] for r in rows if r[0] == "beat"), None)
    if latest is None:
        return {"ok": False, "last_tick_at": None, "error": "no tick recorded yet"}
    stale_after = beat_stale_after()
    age = (now - latest).total_seconds()
    result = {"ok": age <= stale_after.total_seconds(), "last_tick_at": latest.isoformat(), "age_s": round(age, 1),
              "stale_after_s": stale_after.total_seconds()}
    if not result["ok"]:
        result["error"] = "beat is stale"
    running = sorted((first or last, last, name[len(INSTANCE_PREFIX):]) for name, first, last in rows
                     if name.startswith(INSTANCE_PREFIX) and now - last <= stale_after)
    result["instances"] = [name for _first, _last, name in running]
    # Two beats: a later instance started before an earlier one's last tick.
    overlapping = any(later[0] <= earlier[1] for earlier, later in zip(running, running[1:], strict=False))
    if overlapping:
        result.update(ok=False, error=f"{len(running)} beat processes are running at once")
    return result


@require_GET
def healthz(request):
    now = timezone.now()
    checks = {"database": _check_database(), "broker": _bounded(_ping_broker, _broker_url()),
              "beat": _check_beat(now)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)
