"""Everyday paths under load, served the way README "Deploying" serves them.

    .venv/bin/python bench/api.py                      # 30 s per case, then 1,000,000 tickets
    BENCH_SECONDS=10 BENCH_SCALE=200000 .venv/bin/python bench/api.py
    BENCH_REUSE=1 .venv/bin/python bench/api.py        # keep the database of the last run
    BENCH_REUSE=1 BENCH_SCALE=0 BENCH_CASES=detail,list .venv/bin/python bench/api.py

What it does:
1. Fills its own PostgreSQL database (`BENCH_DB`, default `bench_api`): migrations and the
   demo data through the services (`seed_demo --tickets 1000`), 80 agents in all, an API
   token and a browser session per role.
2. Starts gunicorn with the project's `gunicorn.conf.py` and its defaults (DEBUG off,
   2 × cores + 1 sync workers; `WEB_CONCURRENCY` / `GUNICORN_THREADS` in the
   environment override them; `bench/querycount.py` adds only an `X-Queries` response
   header).
3. Runs each case for `BENCH_SECONDS` at concurrency `BENCH_CONCURRENCY` (8), each
   client asking for keep-alive (sync workers answer and close, as a proxy's upstream
   connections are; the time to reconnect is in the figures): create, list (50 a page,
   default ordering), list filtered and searched, detail, a transition command, an
   agent's workbench, a team lead's team queue and a department inbox (HTML).
4. Adds tickets in bulk with SQL (not through the services) up to `BENCH_SCALE` with
   their events and clocks, VACUUM ANALYZEs (what autovacuum reaches on its own), and
   runs the cases again.

Prints a line per case and, last, one JSON object:
{"create": {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "queries"}, …, "scale": {"tickets": N, …}}
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from api_data import analyze, scale_up  # bench/ is the script's folder

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = os.environ.get("BENCH_DB", "bench_api")
PG = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8900"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SCALE = int(os.environ.get("BENCH_SCALE", "1000000"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
ONLY = [name for name in os.environ.get("BENCH_CASES", "").split(",") if name]  # e.g. "detail,list"
AGENTS = 80
ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB}",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    "DEBUG": "0",
    "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# --- set-up -------------------------------------------------------------------------------


def database_prepare() -> None:
    import psycopg

    conn = psycopg.connect(f"{PG}/postgres", autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        exists = cur.fetchone() is not None
        if exists and not REUSE:
            cur.execute(f'DROP DATABASE "{DB}" WITH (FORCE)')
            exists = False
        if not exists:
            cur.execute(f'CREATE DATABASE "{DB}"')
    conn.close()
    if exists:
        log("reusing", DB)
        manage("migrate", "--noinput")  # the code's schema (new indexes) on the kept data
        return
    manage("migrate", "--noinput")
    manage("compile_translations")
    started = time.monotonic()
    manage("seed_demo", "--tickets", "1000", "--customers", "300")
    log(f"seed_demo: {time.monotonic() - started:.0f} s")


def manage(*args) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


def django_setup():
    os.environ.update({k: ENV[k] for k in ("DATABASE_URL", "REDIS_URL", "DEBUG")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def identities() -> dict:
    """Tokens and session cookies for an agent, a team lead and a department's staff,
    80 agents in all, and the ids the cases pick from."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from tickets.models import Category, Customer, Department, Role, Ticket
    from tickets.services import staff_create

    User = get_user_model()
    center = Department.objects.get(kind=Department.Kind.SERVICE_CENTER)
    have = User.objects.filter(profile__role=Role.AGENT).count()
    for i in range(have, AGENTS):
        staff_create(username=f"bench_agent{i}", password=None, role=Role.AGENT, department=center,
                     first_name="坐席", last_name=str(i))
    out = {}
    for key, username in (("agent", "agent1"), ("lead", "lead1"), ("dept", "logistics_staff")):
        user = User.objects.get(username=username)
        token, _ = Token.objects.get_or_create(user=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "slacenter.authentication.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out[key] = {"token": token.key, "session": session.session_key, "id": user.pk}
    agent = User.objects.get(username="agent1")
    out["customers"] = list(Customer.objects.values_list("pk", flat=True)[:300])
    leaves = Category.objects.filter(is_active=True, children__isnull=True)
    out["categories"] = list(leaves.values_list("pk", flat=True))
    from tickets.selectors import ticket_scope

    out["agent_tickets"] = list(ticket_scope(agent).order_by("-id").values_list("pk", flat=True)[:500])
    out["movable"] = list(
        Ticket.objects.filter(status__in=["in_progress", "waiting_customer"]).order_by("id")
        .values_list("pk", "status")[: CONCURRENCY * 40]
    )
    out["agent_ids"] = list(User.objects.filter(profile__role=Role.AGENT).values_list("pk", flat=True))
    return out


# --- server -----------------------------------------------------------------------------


def server_start() -> subprocess.Popen:
    # gunicorn.conf.py's own defaults (2 × cores + 1 sync workers) unless the
    # environment names WEB_CONCURRENCY / GUNICORN_THREADS.
    env = {**ENV, "DJANGO_SETTINGS_MODULE": "querycount", "PORT": str(PORT), "HOST": "127.0.0.1",
           "LOG_LEVEL": "WARNING"}
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "slacenter.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, start_new_session=True, stdout=open(out / "api-server.log", "ab"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def server_stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


# --- load -------------------------------------------------------------------------------


class Case:
    """One request shape. `make(rng, state)` returns (method, path, body, headers)."""

    def __init__(self, name, make):
        self.name, self.make = name, make


def api_headers(who):
    return {"Authorization": f"Token {who['token']}", "Accept": "application/json", "Content-Type": "application/json"}


def page_headers(who):
    return {"Cookie": f"sessionid={who['session']}; django_language=zh-hans", "Accept": "text/html"}


def cases(ids) -> list[Case]:
    agent, lead, dept = ids["agent"], ids["lead"], ids["dept"]

    def create(rng, state):
        body = {"customer": rng.choice(ids["customers"]), "category": rng.choice(ids["categories"]),
                "channel": "hotline", "title": f"压测来电 {rng.randrange(10**6)}",
                "description": "客户来电咨询配送进度"}
        return "POST", "/api/v1/tickets/", json.dumps(body), api_headers(agent)

    def listing(rng, state):
        return "GET", "/api/v1/tickets/?page_size=50", None, api_headers(agent)

    def searched(rng, state):
        query = urlencode({"page_size": 50, "status": "new", "q": rng.choice(["配送", "退款", "质量", "地址"])})
        return "GET", f"/api/v1/tickets/?{query}", None, api_headers(agent)

    def detail(rng, state):
        return "GET", f"/api/v1/tickets/{rng.choice(ids['agent_tickets'])}/", None, api_headers(agent)

    def transition(rng, state):
        # Each worker cycles its own tickets between "in progress" and "waiting on customer".
        mine = state.setdefault("movable", None)
        if mine is None:
            worker = state["worker"]
            mine = state["movable"] = [list(pair) for pair in ids["movable"][worker::CONCURRENCY]]
            state["next"] = 0
        pair = mine[state["next"] % len(mine)]
        state["next"] += 1
        action = "wait_customer" if pair[1] == "in_progress" else "customer_responded"
        pair[1] = "waiting_customer" if action == "wait_customer" else "in_progress"
        return "POST", f"/api/v1/tickets/{pair[0]}/transition/", json.dumps({"action": action}), api_headers(lead)

    def workbench(rng, state):
        return "GET", "/tickets/", None, page_headers(agent)

    def team_queue(rng, state):
        return "GET", "/tickets/?tab=team", None, page_headers(lead)

    def inbox(rng, state):
        return "GET", "/inbox/", None, page_headers(dept)

    return [Case("create", create), Case("list", listing), Case("list_searched", searched),
            Case("detail", detail), Case("transition", transition), Case("workbench", workbench),
            Case("team_queue", team_queue), Case("inbox", inbox)]


def run_case(case: Case, seconds: float, states: dict) -> dict:
    latencies: list[float] = []
    queries: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int):
        rng = random.Random(index)
        state = states.setdefault(index, {"worker": index})  # kept from the warm-up run
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, mine_q, mine_err = [], [], []
        while time.monotonic() < deadline:
            method, path, body, headers = case.make(rng, state)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body.encode() if body else None, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                mine_err.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                mine_err.append(str(response.status))
            if (count := response.getheader("X-Queries")) is not None:
                mine_q.append(int(count))
        conn.close()
        with lock:
            latencies.extend(mine)
            queries.extend(mine_q)
            errors.extend(mine_err)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONCURRENCY)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1) if latencies else None

    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "queries": round(statistics.mean(queries), 1) if queries else None,
        "n": len(latencies),
    }


def run_all(ids) -> dict:
    results = {}
    analyze()
    for case in cases(ids):
        if ONLY and case.name not in ONLY:
            continue
        states: dict = {}
        run_case(case, min(2.0, SECONDS), states)  # warm every worker's caches and connections
        results[case.name] = figures = run_case(case, SECONDS, states)
        if case.name == "create":
            analyze()
        log(f"  {case.name:14s} {figures['rps']:7.1f}/s  p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms  "
            f"p99 {figures['p99_ms']} ms  errors {figures['errors']} {figures['error_kinds']}  "
            f"queries {figures['queries']}")
    return results


def main() -> None:
    database_prepare()
    django_setup()
    ids = identities()
    server = server_start()
    try:
        log(f"base: {SECONDS:.0f} s per case, concurrency {CONCURRENCY}, load {os.getloadavg()[0]:.1f}")
        result = run_all(ids)
        if SCALE:
            tickets = scale_up(SCALE, ids)
            from django.db import connection

            connection.close()
            ids = identities()
            log(f"scale: {tickets} tickets, load {os.getloadavg()[0]:.1f}")
            result["scale"] = {"tickets": tickets, **run_all(ids)}
    finally:
        server_stop(server)
    result["load_average"] = round(os.getloadavg()[0], 1)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
