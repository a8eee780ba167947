"""A small fixed-window rate limit on Django's cache (shared through Redis when
REDIS_URL is set), for the public pages."""

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one hit for `key`; False once more than `limit` in the current window."""
    full = f"ratelimit:{key}"
    if cache.add(full, 1, timeout=window):
        return True
    try:
        count = cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.add(full, 1, timeout=window)
        return True
    return count <= limit
