"""GET /healthz: database, broker and the last beat tick, as JSON; 503 when one is down."""

from datetime import timedelta

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .celery import app as celery_app
from .models import Heartbeat

BEAT_STALE_AFTER = timedelta(minutes=3)


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": str(exc)}


def _check_broker() -> dict:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return {"ok": True, "transport": conn.transport_cls}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)}


def _check_beat(now) -> dict:
    try:
        beat = Heartbeat.objects.filter(name="beat").first()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)}
    if beat is None:
        return {"ok": False, "last_tick_at": None, "error": "no tick recorded yet"}
    age = (now - beat.last_tick_at).total_seconds()
    return {
        "ok": age <= BEAT_STALE_AFTER.total_seconds(),
        "last_tick_at": beat.last_tick_at.isoformat(),
        "age_s": round(age, 1),
    }


@require_GET
def healthz(request):
    now = timezone.now()
    checks = {"database": _check_database(), "broker": _check_broker(), "beat": _check_beat(now)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)
