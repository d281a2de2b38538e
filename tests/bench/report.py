"""Figures from the samples, the targets they are held to, and the Markdown report.

The physical limit of a request is the database's own time for its SQL plus
encoding the response: what any implementation must spend. Each scenario's
"ratio" is its p50 latency (the client's, connect to last byte) divided by
the p50 of that floor: the p50 database time (`Server-Timing`) plus the p50
time to encode the response body. Encoding is measured in the bench process
on each body as received: JSON with the encoder DRF uses (`json.dumps`,
compact, not ASCII-escaped; the data is plain by then), CSV with the `csv`
module the export writes with.
"""

import csv
import io
import json
import statistics
import time
from urllib.parse import parse_qsl, urlsplit

# Issue 7's targets, on PostgreSQL at 100,000 cases: scenario -> p95 bound in ms.
P95_TARGETS_MS = {"list": 100, "detail": 30, "search": 150}
# Issue 17's: p50 latency / (p50 DB + p50 encoding), on PostgreSQL at 100,000 cases
# (each list filter on its own), and SQLite's p50 within this factor of PostgreSQL's.
FLOOR_RATIO_TARGETS = {"list": 2.0, "search": 2.0, "detail": 3.0, "csv": 1.5}
SQLITE_FACTOR_TARGET = 2.0
# Issue 17's at 1,000,000 cases: each scenario's p50 within this factor of its 100,000 figure.
FLAT_FACTOR_TARGET = 1.25
FLAT_SCENARIOS = ("list", "detail", "search")


def encoding_ms(body: bytes, csv_body=False) -> float:
    """The fastest of three encodings of the response's data, in ms."""
    if csv_body:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))

        def encode():
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            return buffer.getvalue().encode("utf-8")

    else:
        data = json.loads(body)

        def encode():
            return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        encode()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def measure_encoding(samples, csv=False):
    for sample in samples:
        if sample.status == 200:
            sample.encode_ms = encoding_ms(sample.body, csv_body=csv)
        sample.body = b""


def by_filter(samples) -> dict:
    """The samples of each list filter (the source filter's ids taken as one)."""
    groups = {}
    for sample in samples:
        params = parse_qsl(urlsplit(sample.path).query)
        key = "&".join(f"{name}={'<id>' if name == 'source' else value}" for name, value in params)
        groups.setdefault(key, []).append(sample)
    return groups


def percentile(values, fraction):
    """The nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summarise(samples, seconds, concurrency) -> dict:
    ok = [sample for sample in samples if sample.status == 200]
    latencies = [sample.latency_ms for sample in ok] or [0.0]
    timed = [sample for sample in ok if sample.app_ms is not None]
    app = sum(sample.app_ms for sample in timed)
    db = sum(sample.db_ms for sample in timed)
    queries = [sample.queries for sample in timed] or [0]
    db_p50 = percentile([s.db_ms for s in timed] or [0.0], 0.50)
    encoded = [s.encode_ms for s in ok if getattr(s, "encode_ms", None) is not None]
    encode_p50 = percentile(encoded, 0.50) if encoded else None
    floor = db_p50 + encode_p50 if encode_p50 is not None else None
    return {
        "requests": len(samples),
        "errors": len(samples) - len(ok),
        "concurrency": concurrency,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "throughput_rps": round(len(ok) / seconds, 1) if seconds else 0.0,
        "server_p50_ms": round(percentile([s.app_ms for s in timed] or [0.0], 0.50), 1),
        "db_mean_ms": round(db / len(timed), 2) if timed else None,
        "app_mean_ms": round(app / len(timed), 2) if timed else None,
        "db_share": round(db / app, 3) if app else None,
        "above_db_ratio": round((app - db) / db, 2) if db else None,
        "db_p50_ms": round(db_p50, 2),
        "encode_p50_ms": round(encode_p50, 2) if encode_p50 is not None else None,
        "floor_ratio": round(percentile(latencies, 0.50) / floor, 2) if floor else None,
        "queries_median": statistics.median(queries),
        "queries_max": max(queries),
        "response_kb_mean": round(statistics.mean(s.size for s in ok) / 1024, 1) if ok else 0,
    }


def judge(backend_results: dict, sqlite_results: dict | None = None) -> list[dict]:
    """Pass or fail for each target, on the PostgreSQL results (and SQLite's beside them)."""
    checks = []
    scenarios = backend_results["scenarios"]
    for name, bound in FLOOR_RATIO_TARGETS.items():
        if name not in scenarios:
            continue
        parts = {name: scenarios[name]}
        if name == "list":
            parts = {
                f"list {query}": figures for query, figures in scenarios[name]["filters"].items()
            }
        for label, figures in parts.items():
            ratio = figures["floor_ratio"]
            checks.append(
                {
                    "target": f"{label}: p50 / (DB + encoding) <= {bound:g}x",
                    "value": f"{ratio}x ({figures['p50_ms']} ms / ({figures['db_p50_ms']} ms DB "
                    f"+ {figures['encode_p50_ms']} ms encoding))",
                    "passed": ratio is not None and ratio <= bound and figures["errors"] == 0,
                }
            )
    if sqlite_results is not None:
        checks += judge_sqlite(scenarios, sqlite_results["scenarios"])
    for name, bound in P95_TARGETS_MS.items():
        if name in scenarios:
            value = scenarios[name]["p95_ms"]
            checks.append(
                {
                    "target": f"{name} p95 < {bound} ms",
                    "value": f"{value} ms",
                    "passed": value < bound and scenarios[name]["errors"] == 0,
                }
            )
    return checks


def judge_sqlite(postgresql, sqlite) -> list[dict]:
    """SQLite's p50 within SQLITE_FACTOR_TARGET of PostgreSQL's, for each list filter and search."""
    pairs = []
    if "list" in postgresql and "list" in sqlite:
        for query, figures in postgresql["list"]["filters"].items():
            if query in sqlite["list"]["filters"]:
                pairs.append((f"list {query}", sqlite["list"]["filters"][query], figures))
    if "search" in postgresql and "search" in sqlite:
        pairs.append(("search", sqlite["search"], postgresql["search"]))
    checks = []
    for label, on_sqlite, on_postgresql in pairs:
        factor = on_sqlite["p50_ms"] / on_postgresql["p50_ms"] if on_postgresql["p50_ms"] else None
        checks.append(
            {
                "target": f"SQLite {label}: p50 <= {SQLITE_FACTOR_TARGET:g}x PostgreSQL's",
                "value": f"{factor:.2f}x ({on_sqlite['p50_ms']} ms vs {on_postgresql['p50_ms']} ms)"
                if factor is not None
                else "n/a",
                "passed": factor is not None and factor <= SQLITE_FACTOR_TARGET,
            }
        )
    return checks


def database_origin(build, reused) -> str:
    if reused:
        return (
            "Database reused from an earlier build with the same data, "
            f"migrated to the current code in {build['migrate']:.0f} s; "
        )
    return (
        f"Database built in {build['migrate']:.0f} s (migrate) + "
        f"{build['generate']:.0f} s (generate_demo_data); "
    )


def scale(base: dict, scaled: dict, backend: str = "postgresql") -> dict:
    """The figures of a run at more cases beside an earlier one's, with each p50's ratio."""
    small, large = base["backends"][backend], scaled["backends"][backend]
    rows = []
    for name, figures in large["scenarios"].items():
        if name not in small["scenarios"]:
            continue
        parts = [(name, small["scenarios"][name], figures)]
        for query, part in figures.get("filters", {}).items():
            if query in small["scenarios"][name].get("filters", {}):
                parts.append(
                    (f"{name} `{query}`", small["scenarios"][name]["filters"][query], part)
                )
        for label, before, after in parts:
            ratio = after["p50_ms"] / before["p50_ms"] if before["p50_ms"] else None
            db_ratio = after["db_p50_ms"] / before["db_p50_ms"] if before["db_p50_ms"] else None
            judged = name in FLAT_SCENARIOS and label == name
            rows.append(
                {
                    "scenario": label,
                    "p50_ms": [before["p50_ms"], after["p50_ms"]],
                    "db_p50_ms": [before["db_p50_ms"], after["db_p50_ms"]],
                    "p50_ratio": round(ratio, 2) if ratio is not None else None,
                    "db_p50_ratio": round(db_ratio, 2) if db_ratio is not None else None,
                    "target": f"<= {FLAT_FACTOR_TARGET:g}x" if judged else "",
                    "passed": (ratio is not None and ratio <= FLAT_FACTOR_TARGET)
                    if judged
                    else None,
                }
            )
    return {
        "backend": backend,
        "runs": [
            {
                "cases": run["settings"]["cases"],
                "finished_at": run["finished_at"],
                "rows": run["backends"][backend]["rows"],
                "database_bytes": run["backends"][backend].get("database_bytes"),
                "build_seconds": run["backends"][backend]["build_seconds"],
                "reused_database": run["settings"].get("reused_databases", False),
            }
            for run in (base, scaled)
        ],
        "scenarios": rows,
    }


def size(number_of_bytes) -> str:
    return f"{number_of_bytes / 2**30:.1f} GiB" if number_of_bytes else "not recorded"


def scale_markdown(comparison: dict) -> str:
    small, large = comparison["runs"]
    lines = [
        f"# Benchmark at scale: {large['cases']:,} cases beside {small['cases']:,}",
        "",
        f"{comparison['backend']}; the runs of {small['finished_at']} ({small['cases']:,} cases) "
        f"and {large['finished_at']} ({large['cases']:,} cases), same settings otherwise "
        "(see each run's report for the machine, the configuration and every figure). "
        f"Issue 17's target: list, detail and search p50 each within {FLAT_FACTOR_TARGET:g}x "
        "of the smaller run's (flat).",
        "",
        "| | " + " | ".join(f"{run['cases']:,} cases" for run in (small, large)) + " |",
        "|---|---|---|",
        "| database size (`pg_database_size`) | "
        + " | ".join(size(run["database_bytes"]) for run in (small, large))
        + " |",
    ]
    for name in ("generate", "analyze"):
        cells = []
        for run in (small, large):
            seconds = run["build_seconds"].get(name)
            reused = run["reused_database"] and name == "generate"
            cells.append("reused" if reused or seconds is None else f"{seconds:.0f} s")
        label = "`generate_demo_data`" if name == "generate" else "`VACUUM ANALYZE`"
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for table in small["rows"]:
        lines.append(f"| {table} | {small['rows'][table]:,} | {large['rows'].get(table, 0):,} |")
    lines += [
        "",
        "| scenario | p50 ms | p50 ratio | DB p50 ms | DB p50 ratio | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in comparison["scenarios"]:
        verdict = {True: "pass", False: "**FAIL**", None: ""}[row["passed"]]
        lines.append(
            f"| {row['scenario']} | {row['p50_ms'][0]} → {row['p50_ms'][1]} | "
            f"{row['p50_ratio']}x | {row['db_p50_ms'][0]} → {row['db_p50_ms'][1]} | "
            f"{row['db_p50_ratio']}x | {row['target']} | {verdict} |"
        )
    lines.append("")
    return "\n".join(lines)


COLUMNS = [
    ("requests", "requests"),
    ("concurrency", "conc."),
    ("errors", "errors"),
    ("p50_ms", "p50 ms"),
    ("p95_ms", "p95 ms"),
    ("throughput_rps", "req/s"),
    ("queries_median", "SQL queries"),
    ("app_mean_ms", "server mean ms"),
    ("db_mean_ms", "DB mean ms"),
    ("db_share", "DB share"),
    ("above_db_ratio", "above DB / DB"),
    ("db_p50_ms", "DB p50 ms"),
    ("encode_p50_ms", "encode p50 ms"),
    ("floor_ratio", "p50 / (DB + encode)"),
    ("response_kb_mean", "KiB"),
]


def markdown(report: dict) -> str:
    machine, versions, settings = report["machine"], report["versions"], report["settings"]
    lines = [
        "# Benchmark: the registry at scale",
        "",
        f"Run {report['finished_at']} by `make bench` (tests/bench/). Synthetic data from "
        f"`generate_demo_data --cases {settings['cases']} --seed {settings['seed']}`.",
        "",
        "## Machine, versions, settings",
        "",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM, "
        f"{machine['os']}",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- Server: gunicorn with registry/gunicorn.py (`make serve`), {settings['workers']} "
        "sync workers, access log to a file, the README's production "
        f"configuration (DEBUG=0, {settings.get('connections', 'connections as configured')}), "
        f"cache {settings['cache']}; the load generator runs on the same machine, over loopback.",
        f"- Load: per scenario {settings['warmup']} warm-up requests (not counted), then a fixed "
        f"number of requests at a fixed concurrency (below). Latency is the client's, from "
        "connect to last byte; server and DB times come from the `Server-Timing` header of "
        "tests/bench/timing.py (DB time = executing statements and fetching rows).",
        "",
        "Scenarios:",
        "",
    ]
    for name, description in report["scenarios"].items():
        lines.append(f"- **{name}**: {description}")
    for backend, results in report["backends"].items():
        lines += [
            "",
            f"## {backend}",
            "",
            database_origin(results["build_seconds"], settings.get("reused_databases"))
            + ", ".join(f"{number:,} {name}" for name, number in results["rows"].items())
            + (
                f"; {size(results['database_bytes'])} on disk"
                if results.get("database_bytes")
                else ""
            )
            + ".",
            "",
            "| scenario | " + " | ".join(title for _, title in COLUMNS) + " |",
            "|---" * (len(COLUMNS) + 1) + "|",
        ]
        for name, figures in results["scenarios"].items():
            cells = ["" if figures[key] is None else str(figures[key]) for key, _ in COLUMNS]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
            for query, part in figures.get("filters", {}).items():
                cells = ["" if part[key] is None else str(part[key]) for key, _ in COLUMNS]
                lines.append(f"| &nbsp;&nbsp;`{query}` | " + " | ".join(cells) + " |")
        if results.get("notes"):
            lines += ["", *[f"- {note}" for note in results["notes"]]]
        if results.get("detail_profile"):
            lines += ["", "Where a detail request's time goes (tests/bench/profile.py):", ""]
            lines += [results["detail_profile"]]
        if results.get("targets"):
            lines += [
                "",
                "Targets (issues 7 and 17, set for PostgreSQL at 100,000 cases; this run: "
                f"{settings['cases']:,}):",
                "",
            ]
            lines += ["| target | value | result |", "|---|---|---|"]
            for check in results["targets"]:
                verdict = "pass" if check["passed"] else "**FAIL**"
                lines.append(f"| {check['target']} | {check['value']} | {verdict} |")
    lines.append("")
    return "\n".join(lines)
