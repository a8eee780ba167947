#!/usr/bin/env bash
# Runs the web server (gunicorn), a Celery worker and Celery beat together — what
# `make run` ends with — from the Procfile, under honcho. Ctrl-C (or SIGTERM) stops all
# three with their children; if any one of them dies, honcho stops the others, so
# nothing is left running on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV_BIN="${VENV_BIN:-.venv/bin}"
export PATH="$(cd "$VENV_BIN" && pwd):$PATH"  # the Procfile names gunicorn and celery
export PORT="${PORT:-8000}"
export HOST="${HOST:-127.0.0.1}"
# One machine, a few users: 3 web workers, not gunicorn.conf.py's 2 × cores + 1 for production.
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-3}"
export PYTHONUNBUFFERED=1

echo "slacenter: http://$HOST:$PORT/  (health: /healthz, admin: /admin/) — worker and beat running; Ctrl-C stops all." >&2
# honcho gives the first Procfile entry (web) the port passed with -p.
exec honcho start --no-colour -f Procfile -p "$PORT"
