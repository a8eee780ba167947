"""gunicorn settings (read by `gunicorn slacenter.wsgi` from the project folder).

Threaded workers: WEB_CONCURRENCY processes × GUNICORN_THREADS threads answer requests.
Each thread keeps at most one database connection (persistent for DB_CONN_MAX_AGE
seconds), so one web instance holds at most workers × threads connections; size
PostgreSQL's max_connections for all instances plus the Celery workers (README
"Deploying").
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
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
