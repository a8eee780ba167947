#!/usr/bin/env bash
# Runs the web server, a Celery worker and Celery beat side by side (what `make run`
# ends with). Ctrl-C (or SIGTERM) stops all three with their children; if any one of
# them dies, the others are stopped too, so nothing is left running on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV_BIN="${VENV_BIN:-.venv/bin}"
PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
export DEBUG="${DEBUG:-1}"  # the demo serves its static files through runserver
export PYTHONUNBUFFERED=1

# Job control: every background job gets a process group of its own, so one
# `kill -- -PGID` reaches the job and everything it started (runserver's reloader
# child, the worker's pool processes).
set -m
pids=()
stopping=0

alive() {  # alive PGID...: true while any process of these groups is running
  local pid
  for pid in "$@"; do kill -0 -- "-$pid" 2>/dev/null && return 0; done
  return 1
}

wait_gone() {  # wait_gone SECONDS PGID...
  local tries=$(($1 * 4)); shift
  while [ "$tries" -gt 0 ] && alive "$@"; do sleep 0.25; tries=$((tries - 1)); done
}

stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap - INT TERM
  echo "Stopping web server, worker and beat…" >&2
  # First the leaders alone, so the worker makes a warm shutdown of its own pool…
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait_gone 15 "${pids[@]}"
  # …then whatever is left in their groups, at last by force.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait_gone 5 "${pids[@]}"
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap 'stop' EXIT

reload="--noreload"
[ "${RELOAD:-0}" = 1 ] && reload=""
"$VENV_BIN/python" manage.py runserver $reload "$HOST:$PORT" &
pids+=($!)
"$VENV_BIN/celery" -A slacenter worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" &
pids+=($!)
"$VENV_BIN/celery" -A slacenter beat --loglevel=INFO &
pids+=($!)

echo "slacenter: http://$HOST:$PORT/  (health: /healthz, admin: /admin/) — worker and beat running; Ctrl-C stops all." >&2
# Whichever of the three ends first (or a signal) ends the whole group.
set +e
wait -n
status=$?
echo "A process exited (status $status); stopping the rest." >&2
exit "$status"
