"""gunicorn settings (read by `gunicorn slacenter.wsgi` from the project folder).

WEB_CONCURRENCY worker processes answer requests, each one at a time (gunicorn's sync
workers, behind the TLS proxy of README "Deploying", which holds slow clients). The
default, 2 × cores + 1, keeps the cores busy while a worker waits on the database.
Requests queue in one accept queue and go to whichever worker is free: on 2 cores at
concurrency 8 (bench/api.py) the API list's p95 was 69 ms at 171/s, and the detail's
59 ms at 203/s, where 4 threaded workers × 2 threads, whose kept-alive connections
stay with the worker that accepted them however busy it is, gave 103 ms at 173/s and
68 ms at 224/s. GUNICORN_THREADS > 1 makes the workers threaded (gthread), for load
that waits on I/O more than it computes.

Each worker (each thread, when threaded) keeps at most one database connection
(persistent for DB_CONN_MAX_AGE seconds): one web instance holds at most workers ×
threads connections; size PostgreSQL's max_connections for all instances plus the
Celery workers (README "Deploying").
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))  # > 1: gunicorn runs gthread workers
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
# Recycle a worker now and then (a slow leak never grows without bound).
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
reload = os.environ.get("RELOAD", "0") == "1"
# Django is imported once, in the master, and the workers are forked from it: a worker
# (a new one after max_requests too) answers at once instead of spending ~1.5 s of CPU
# importing the project while the others carry its load. (Not with reload.)
preload_app = not reload
# Behind a proxy on another host, let gunicorn trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """Nothing the master opened while loading may be shared by the forked workers."""
    if preload_app:
        from django.db import connections

        connections.close_all()
