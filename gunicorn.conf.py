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
# Behind a proxy on another host, let gunicorn trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
