"""Faults in production mode, with real processes: gunicorn workers, PostgreSQL, Redis.

- A worker killed (SIGKILL) during a burst of writes leaves no record without
  its "created" history row and no broken citation.
- PostgreSQL connections terminated mid-burst: the workers recover without a restart.
- Redis down (REDIS_URL at a closed port): the API, its schema and the pages still answer.

Each test starts its own gunicorn on a free port with a database of its own.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests

from tests.processes import ROOT, clean_environment, free_port, run_manage

pytestmark = pytest.mark.slow


def postgresql_server_url():
    """The server of the suite's own database when that is PostgreSQL (`make test-postgres`)."""
    if "FAULTS_POSTGRES_URL" in os.environ:
        return os.environ["FAULTS_POSTGRES_URL"]
    suite = os.environ.get("DATABASE_URL", "")
    if suite.startswith(("postgres://", "postgresql://")):
        return suite.rsplit("/", 1)[0] + "/postgres"
    return "postgres://postgres@127.0.0.1:5432/postgres"


POSTGRES = postgresql_server_url()
SECRET_KEY = "fault-tests-k8Zq3v6Jx0pWm2Rt7Ys9Lb4Nc1Hd5Gf8Ke3Qa6Uo0Ti2Ew7Ry4Iz9"
QUOTE = "The registry keeps every passage it cites"
SOURCE_TEXT = f"Statement.\n{QUOTE}, word for word.\nEnd."


def postgresql_unavailable():
    try:
        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"no PostgreSQL server answers at {POSTGRES} ({error}); set FAULTS_POSTGRES_URL"
    return None


needs_postgresql = pytest.mark.skipif(
    postgresql_unavailable() is not None, reason=postgresql_unavailable() or ""
)


def production_environment(**overrides):
    env = clean_environment()
    env.pop("REDIS_URL", None)
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        API_THROTTLE_ANON="100000/min",
        API_THROTTLE_USER="100000/min",
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def manage(env, *args):
    result = run_manage(env, *args, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextlib.contextmanager
def postgresql_database():
    """A fresh database on the PostgreSQL server, migrated; its URL. Dropped afterwards."""
    name = f"registry_faults_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def gunicorn(env, wsgi="registry.wsgi:application", workers=2):
    """A production server; its base URL and process (`server.log` names its log). Stopped afterwards."""
    port = free_port()
    env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        "python:registry.gunicorn",
        "--access-logfile",
        "/dev/null",
        wsgi,
    ]
    # A file rather than a pipe, which a chatty server could fill and block on.
    with tempfile.NamedTemporaryFile(mode="w+", suffix=".log") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log, text=True)
        server.log = Path(log.name)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                # Not up yet: refused, or accepted by a worker still booting.
                with contextlib.suppress(requests.RequestException):
                    requests.get(f"{base}/api/v1/", timeout=10)
                    break
                assert server.poll() is None, server.log.read_text()
                time.sleep(0.5)
            else:
                pytest.fail("gunicorn did not answer within 60 s")
            yield base, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def workers_of(server):
    listed = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True
    )
    return [int(pid) for pid in listed.stdout.split()]


def prepare(env):
    """What `make serve` does before starting gunicorn: static files collected, database migrated."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput")


def editor_token(env):
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        "user = User.objects.create_user('fault-editor', password='x'); "
        "user.groups.add(Group.objects.get(name='editors'))",
    )
    return manage(env, "issue_token", "fault-editor").strip()


class Registry:
    """The API of a running server, as an editor."""

    def __init__(self, base, token):
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {token}"

    def post(self, resource, body):
        return self.session.post(f"{self.base}/api/v1/{resource}/", json=body, timeout=60)

    def created(self, resource, body):
        response = self.post(resource, body)
        assert response.status_code == 201, response.text
        return response.json()


def burst(registry, case_id, source_id, count, threads=4):
    """`count` writes from several threads: people, charges and citations. Their status codes."""
    statuses, lock = [], threading.Lock()

    def write(n):
        kind = n % 3
        try:
            if kind == 0:
                response = registry.post("people", {"name": f"Burst Person {n}"})
            elif kind == 1:
                response = registry.post("charges", {"case": case_id, "description": f"Count {n}"})
            else:
                response = registry.post(
                    "citations", {"case": case_id, "source": source_id, "quote": QUOTE}
                )
            status = response.status_code
        except requests.ConnectionError:
            status = "connection lost"
        with lock:
            statuses.append(status)

    def run(start):
        for n in range(start, count, threads):
            write(n)

    workers = [threading.Thread(target=run, args=(start,)) for start in range(threads)]
    for worker in workers:
        worker.start()
    return workers, statuses


RECORD_TABLES = ["person", "case", "charge", "citation", "source", "event", "position", "actor"]


def records_without_history(database_url):
    missing = {}
    with psycopg.connect(database_url) as connection:
        for table in RECORD_TABLES:
            rows = connection.execute(
                f"SELECT id FROM cases_{table} WHERE NOT EXISTS ("
                f"SELECT 1 FROM cases_historical{table} AS h "
                f"WHERE h.id = cases_{table}.id AND h.history_type = '+')"
            ).fetchall()
            if rows:
                missing[table] = [row[0] for row in rows]
    return missing


def seed_case_and_source(registry):
    person = registry.created("people", {"name": "Fault Tested"})
    case = registry.created("cases", {"person_id": person["id"], "published": True})
    source = registry.created("sources", {"title": "Statement", "text": SOURCE_TEXT})
    return case["id"], source["id"]


@needs_postgresql
def test_a_worker_killed_mid_write_leaves_no_record_without_history():
    with postgresql_database() as database_url:
        env = production_environment(DATABASE_URL=database_url, FAULT_HISTORY_DELAY="0.3")
        prepare(env)
        token = editor_token(env)
        with gunicorn(env, wsgi="tests.faults.slow_history_wsgi:application") as (base, server):
            registry = Registry(base, token)
            case_id, source_id = seed_case_and_source(registry)
            threads, statuses = burst(registry, case_id, source_id, count=60)
            killed = 0
            while any(thread.is_alive() for thread in threads) and killed < 3:
                time.sleep(1.0)
                for pid in workers_of(server)[:1]:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
            for thread in threads:
                thread.join()

        assert killed >= 2
        # Some requests died with their worker; everything answered was a success.
        assert set(statuses) <= {201, "connection lost", 502}, statuses
        assert statuses.count(201) > 30
        assert records_without_history(database_url) == {}
        manage({**env, "LOG_LEVEL": "WARNING"}, "verify_citations")


@needs_postgresql
def test_connections_terminated_mid_burst_are_recovered_without_a_restart():
    with postgresql_database() as database_url:
        name = database_url.rsplit("/", 1)[1]
        # Persistent connections, as a busy deployment would keep them (CONN_MAX_AGE).
        env = production_environment(DATABASE_URL=database_url, CONN_MAX_AGE="600")
        prepare(env)
        token = editor_token(env)
        with gunicorn(env) as (base, server):
            registry = Registry(base, token)
            case_id, source_id = seed_case_and_source(registry)
            threads, _ = burst(registry, case_id, source_id, count=60)
            with psycopg.connect(POSTGRES, autocommit=True) as admin:
                for _ in range(3):
                    time.sleep(0.5)
                    admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [name],
                    )
            for thread in threads:
                thread.join()

            # Every worker's connection was cut at least once; none was restarted.
            workers = workers_of(server)
            after = [registry.post("people", {"name": f"After {n}"}).status_code for n in range(8)]
            reads = [
                requests.get(f"{base}{path}", timeout=30).status_code
                for path in ("/api/v1/cases/", "/", "/api/schema/")
            ]
            assert workers_of(server) == workers

        assert after == [201] * 8
        assert reads == [200, 200, 200]
        assert records_without_history(database_url) == {}


def test_with_redis_down_the_api_schema_and_pages_still_answer(tmp_path):
    env = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'registry.sqlite3'}",
        # Nothing listens on port 1: every connection is refused.
        REDIS_URL="redis://127.0.0.1:1/0",
        LOG_LEVEL="ERROR",
    )
    prepare(env)
    manage(env, "load_seeds")
    token = editor_token(env)
    with gunicorn(env, workers=1) as (base, server):
        registry = Registry(base, token)
        reads = {
            path: requests.get(f"{base}{path}", timeout=30).status_code
            for path in (
                "/api/v1/cases/",
                "/api/schema/",
                "/",
                "/?search=whelan",
                "/api/v1/people/",
            )
        }
        write = registry.post("people", {"name": "Written Without Redis"}).status_code
        log = server.log.read_text()

    assert reads == dict.fromkeys(reads, 200)
    assert write == 201
    assert "Redis at redis://127.0.0.1:1/0 is unreachable" in log
