"""`make bench`: build a large synthetic registry per backend, serve it, load it, report.

    python -m tests.bench.run [--cases 100000] [--backends sqlite postgresql] ...
    python -m tests.bench.run --reuse --backends postgresql --scenarios list --requests 80

For each backend: a fresh database (var/bench/registry.sqlite3, or the
PostgreSQL database `registry_bench`, dropped and created again), `migrate`,
`generate_demo_data`, then gunicorn with production settings (DEBUG=0) plus
the timing middleware (tests/bench/settings.py) on loopback, driven by
load.py. Results go to tests/bench/results/latest.{json,md}.

`--compare-with` an earlier run's latest.json (say at 100,000 cases, the
default) puts this run (say `--cases 1000000`, with BENCH_POSTGRES_DATABASE
naming a database of its own) beside it in scale.md and scale.json: each
p50, its ratio and the database sizes. `python -m tests.bench.scale A B`
writes the same from two results files.

`--reuse` keeps the databases an earlier run built (same --cases and --seed)
and only applies new migrations, which saves minutes per backend when
iterating. A run of only some scenarios writes to var/bench/results/ unless
`--out` says otherwise, so the committed report always covers every scenario.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import random
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg

from tests.bench import load, report

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"
SQLITE_FILE = ROOT / "var" / "bench" / "registry.sqlite3"
SERVER_LOG = ROOT / "var" / "bench" / "gunicorn.log"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
# A database of its own, dropped and created again: BENCH_POSTGRES_DATABASE names another.
POSTGRES_DATABASE = os.environ.get("BENCH_POSTGRES_DATABASE", "registry_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
HOST = "127.0.0.1"
# The server believes it sits behind a TLS proxy, as in production, so
# SECURE_SSL_REDIRECT does not answer the plain-HTTP bench with redirects.
HEADERS = {"Accept": "application/json", "X-Forwarded-Proto": "https", "Host": HOST}

SCENARIOS = {
    "list": "`/api/v1/cases/` (50 per page, with details) under eight typical filters in "
    "turn: status+country, citizenship, country+date, charge+outcome, stance+actor country, "
    "source, released+country, two statuses ordered by date",
    "detail": "`/api/v1/cases/<slug>/` of randomly chosen published cases",
    "search": "`/api/v1/cases/?search=` with surnames, Cyrillic names, full names in other "
    "spellings, a charge and a name that matches nothing",
    "csv": "`/api/v1/cases/?format=csv&detained_after=<date>`, the date chosen so the "
    "export holds 10,000 published cases",
}
ROW_COUNTS = {
    "cases": "case",
    "people": "person",
    "charges": "charge",
    "events": "event",
    "positions": "position",
    "actors": "actor",
    "sources": "source",
    "citations": "citation",
}
SEARCH_TERMS = [
    "Kuznetsov",
    "Кузнецова",
    "Aleksei Sokolov",
    "Yevgeny Vorobyov",
    "Wang Wei",
    "Müller",
    "Tehrani",
    "espionage",
    "Navalny",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--requests", type=int, default=300, help="per scenario (CSV: 1/15)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the databases an earlier run built; only apply new migrations.",
    )
    parser.add_argument("--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--out", type=Path, help="Default: tests/bench/results/ (every scenario)")
    parser.add_argument(
        "--compare-with",
        type=Path,
        metavar="RESULTS_JSON",
        help="An earlier run's latest.json (e.g. at 100,000 cases): also write scale.md and "
        "scale.json, this run's p50s beside that run's with their ratios and database sizes.",
    )
    options = parser.parse_args()
    # Read first: this run may write its latest.json over that very file.
    base = json.loads(options.compare_with.read_text()) if options.compare_with else None
    if options.out is None:
        every_scenario = options.scenarios == list(SCENARIOS)
        options.out = RESULTS if every_scenario else ROOT / "var" / "bench" / "results"

    redis_ok = port_open("127.0.0.1", 6379)
    results = {
        "finished_at": None,
        "machine": machine(),
        "versions": versions(),
        "settings": {
            "cases": options.cases,
            "seed": options.seed,
            "workers": options.workers,
            "concurrency": options.concurrency,
            "requests": options.requests,
            "warmup": options.warmup,
            "cache": "Redis" if redis_ok else "local memory",
            "reused_databases": options.reuse,
        },
        "scenarios": {name: SCENARIOS[name] for name in options.scenarios},
        "backends": {},
    }
    for backend in options.backends:
        results["backends"][backend] = bench_backend(backend, options, redis_ok)
        results["settings"]["connections"] = connection_settings(server_env(backend, redis_ok))
        results["versions"].update(backend_version(backend))
    results["finished_at"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if "postgresql" in results["backends"]:
        results["backends"]["postgresql"]["targets"] = report.judge(
            results["backends"]["postgresql"], results["backends"].get("sqlite")
        )
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "latest.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    (options.out / "latest.md").write_text(report.markdown(results))
    print((options.out / "latest.md").read_text())
    if base:
        write_scale(base, results, options.out)


def write_scale(base, scaled, out):
    comparison = report.scale(base, scaled)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(comparison, indent=2, ensure_ascii=False) + "\n")
    (out / "scale.md").write_text(report.scale_markdown(comparison))
    print((out / "scale.md").read_text())


def database_url(backend):
    if backend == "sqlite":
        return f"sqlite:///{SQLITE_FILE}"
    if backend == "postgresql":
        return f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    raise SystemExit(f"Unknown backend {backend!r}: use sqlite or postgresql.")


def server_env(backend, redis_ok):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(backend),
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "BEHIND_TLS_PROXY": "1",
        "LOG_LEVEL": "WARNING",
    }
    # The README's production configuration exactly: connection reuse is what
    # registry/settings.py sets for DEBUG=0, not something the bench adds.
    env.pop("CONN_MAX_AGE", None)
    if redis_ok:
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def bench_backend(backend, options, redis_ok):
    print(f"\n=== {backend} ===", flush=True)
    env = server_env(backend, redis_ok)
    build = {"migrate": 0.0, "generate": 0.0}
    if options.reuse:
        # The data stays as generated; the schema and indexes follow the code.
        build["migrate"] = timed(manage("migrate", "--noinput", env=env))
    else:
        fresh_database(backend)
        build["migrate"] = timed(manage("migrate", "--noinput", env=env))
        build["generate"] = timed(
            manage(
                "generate_demo_data",
                f"--cases={options.cases}",
                f"--seed={options.seed}",
                env=env,
            )
        )
    # Fresh statistics and visibility maps, as autovacuum would give a live
    # database in time: the planner's estimates and index-only scans need them.
    build["analyze"] = timed(lambda: analyze(backend))
    sample = sample_database(backend)
    if not sample["slugs"]:
        raise SystemExit(
            f"The {backend} database holds no published case to measure: "
            "build it (a run without --reuse)."
        )
    server = start_server(options, env)
    try:
        scenarios = run_scenarios(options, sample)
    finally:
        server.terminate()
        server.wait(timeout=30)
    detail_profile = profile_detail(sample, env)
    return {
        "database": backend,
        "build_seconds": build,
        "rows": sample["rows"],
        "database_bytes": database_bytes(backend),
        "scenarios": scenarios,
        "detail_profile": detail_profile,
        "notes": [f"CSV export rows: {sample['csv_rows_seen']:,}"]
        if sample.get("csv_rows_seen")
        else [],
    }


def profile_detail(sample, env) -> str:
    """tests/bench/profile.py's Markdown for 40 of the detail scenario's cases."""
    slugs = random.Random(1).sample(sample["slugs"], min(40, len(sample["slugs"])))
    command = [sys.executable, "-m", "tests.bench.profile", *slugs]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def fresh_database(backend):
    if backend == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")


def analyze(backend):
    if backend == "sqlite":
        with sqlite3.connect(SQLITE_FILE) as connection:
            connection.execute("ANALYZE")
        return
    with psycopg.connect(database_url(backend), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def manage(*args, env):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    print("$", " ".join(command[1:]), flush=True)
    return lambda: subprocess.run(command, env=env, cwd=ROOT, check=True)


def connection_settings(env) -> str:
    """CONN_MAX_AGE and CONN_HEALTH_CHECKS as the server's settings resolve them."""
    script = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(f\"CONN_MAX_AGE={d['CONN_MAX_AGE']}, CONN_HEALTH_CHECKS={d['CONN_HEALTH_CHECKS']}\")"
    )
    command = [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", script]
    return subprocess.run(
        command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def timed(action) -> float:
    started = time.monotonic()
    action()
    return round(time.monotonic() - started, 1)


def database_bytes(backend) -> int:
    if backend == "sqlite":
        return SQLITE_FILE.stat().st_size
    return query(backend, "SELECT pg_database_size(current_database())")[0][0]


def query(backend, sql):
    if backend == "sqlite":
        with sqlite3.connect(SQLITE_FILE) as connection:
            return connection.execute(sql).fetchall()
    with psycopg.connect(database_url(backend)) as connection:
        return connection.execute(sql).fetchall()


def sample_database(backend):
    """What the scenarios need from the data: slugs, a source, the CSV's start date, counts."""
    rng = random.Random(0)
    slugs = [row[0] for row in query(backend, "SELECT slug FROM cases_case WHERE published")]
    # Sources of published cases: one cited only by a draft is no choice the public API
    # offers (400), which the list scenario counted as an error.
    cited = query(
        backend,
        "SELECT source_id FROM cases_citation JOIN cases_case ON cases_case.id = case_id "
        "WHERE published GROUP BY source_id ORDER BY source_id LIMIT 500",
    )
    tenth_thousand = query(
        backend,
        "SELECT detained_on FROM cases_case WHERE published AND detained_on IS NOT NULL "
        "ORDER BY detained_on DESC LIMIT 1 OFFSET 9999",
    )
    rows = {
        name: query(backend, f"SELECT COUNT(*) FROM cases_{table}")[0][0]
        for name, table in ROW_COUNTS.items()
    }
    return {
        "slugs": rng.sample(slugs, min(len(slugs), 2000)),
        "sources": [row[0] for row in cited],
        "csv_after": str(tenth_thousand[0][0]) if tenth_thousand else "1900-01-01",
        "rows": rows,
    }


def start_server(options, env):
    if port_open(HOST, options.port):
        # Another server there would answer in this one's place, and be measured instead.
        raise SystemExit(f"Port {options.port} is in use: choose another with --port.")
    # The production configuration file (`make serve`), its address and worker count
    # set the way it reads them; its access log goes to a file rather than the report.
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        "python:registry.gunicorn",
        "registry.wsgi",
    ]
    env = {
        **env,
        "BIND": f"{HOST}:{options.port}",
        "WEB_CONCURRENCY": str(options.workers),
        "GUNICORN_TIMEOUT": "120",
    }
    print("$", " ".join(command), f"(BIND={env['BIND']} WEB_CONCURRENCY={options.workers})")
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("a") as log:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            answer = load.fetch(HOST, options.port, "/api/v1/cases/?page_size=1", HEADERS)
            if answer.status == 200:
                return server
            raise SystemExit(f"/api/v1/cases/ answered {answer.status}")
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def scenario_paths(options, sample):
    rng = random.Random(options.seed)
    n = options.requests
    sources = sample["sources"] or [0]
    filters = [
        {"status": "imprisoned", "detaining_country": "RU"},
        {"citizenship": "US"},
        {"detaining_country": "IR", "detained_after": "2020-01-01"},
        {"charge": "espionage", "outcome": "convicted"},
        {"stance": "calls_for_release", "actor_country": "US"},
        {"source": None},
        {"released": "false", "detaining_country": "CN"},
        {"status": "detained,house_arrest", "ordering": "-detained_on"},
    ]

    def list_path(index):
        params = dict(filters[index % len(filters)])
        if "source" in params:
            params["source"] = rng.choice(sources)
        return "/api/v1/cases/?" + urlencode(params, safe=",")

    paths = {
        "list": [list_path(i) for i in range(n)],
        "detail": [f"/api/v1/cases/{rng.choice(sample['slugs'])}/" for _ in range(n)],
        "search": [
            "/api/v1/cases/?" + urlencode({"search": SEARCH_TERMS[i % len(SEARCH_TERMS)]})
            for i in range(n)
        ],
        "csv": [
            "/api/v1/cases/?" + urlencode({"format": "csv", "detained_after": sample["csv_after"]})
        ]
        * max(4, n // 15),
    }
    return {name: paths[name] for name in options.scenarios}


def run_scenarios(options, sample):
    figures = {}
    for name, paths in scenario_paths(options, sample).items():
        concurrency = options.concurrency
        warmup = paths[: options.warmup] if name != "csv" else paths[:1]
        # DRF answers 406 to ?format=csv with an Accept header that excludes CSV.
        headers = {**HEADERS, "Accept": "text/csv"} if name == "csv" else HEADERS
        load.run(HOST, options.port, warmup, concurrency, headers)
        samples, seconds = load.run(HOST, options.port, paths, concurrency, headers, keep_body=True)
        report.measure_encoding(samples, csv=name == "csv")
        figures[name] = report.summarise(samples, seconds, concurrency)
        if name == "list":
            figures[name]["filters"] = {
                query: report.summarise(group, seconds * len(group) / len(samples), concurrency)
                for query, group in report.by_filter(samples).items()
            }
        print(name, figures[name], flush=True)
        if name == "csv":
            body = load.fetch(HOST, options.port, paths[0], headers, keep_body=True).body
            sample["csv_rows_seen"] = body.decode("utf-8").count("\n") - 1
    return figures


def port_open(host, port) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def machine():
    cpu = "unknown CPU"
    ram = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram, 1),
        "os": platform.platform(),
    }


def versions():
    found = {"Python": platform.python_version()}
    for package in ("Django", "djangorestframework", "gunicorn", "psycopg"):
        found[package] = importlib.metadata.version(package)
    return found


def backend_version(backend):
    if backend == "sqlite":
        return {"SQLite": sqlite3.sqlite_version}
    return {"PostgreSQL": query(backend, "SHOW server_version")[0][0]}


if __name__ == "__main__":
    main()
