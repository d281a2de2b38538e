"""Figures from the samples, the targets they are held to, and the Markdown report."""

import statistics

# Issue 7's targets, on PostgreSQL at 100,000 cases: scenario -> p95 bound in ms.
P95_TARGETS_MS = {"list": 100, "detail": 30, "search": 150}
# Time above the database (the request's time in Django minus its database time)
# at most this many times the database's own time.
ABOVE_DB_RATIO_TARGET = 2.0


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
        "queries_median": statistics.median(queries),
        "queries_max": max(queries),
        "response_kb_mean": round(statistics.mean(s.size for s in ok) / 1024, 1) if ok else 0,
    }


def judge(backend_results: dict) -> list[dict]:
    """Pass or fail for each target, on the PostgreSQL results."""
    checks = []
    scenarios = backend_results["scenarios"]
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
    for name, figures in scenarios.items():
        ratio = figures["above_db_ratio"]
        checks.append(
            {
                "target": f"{name}: time above the database <= {ABOVE_DB_RATIO_TARGET:g}x database time",
                "value": f"{ratio}x" if ratio is not None else "n/a",
                "passed": ratio is not None and ratio <= ABOVE_DB_RATIO_TARGET,
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
        f"- Server: gunicorn, {settings['workers']} sync workers, the README's production "
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
            + ".",
            "",
            "| scenario | " + " | ".join(title for _, title in COLUMNS) + " |",
            "|---" * (len(COLUMNS) + 1) + "|",
        ]
        for name, figures in results["scenarios"].items():
            cells = ["" if figures[key] is None else str(figures[key]) for key, _ in COLUMNS]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        if results.get("notes"):
            lines += ["", *[f"- {note}" for note in results["notes"]]]
        if results.get("targets"):
            lines += ["", "Targets (issue 7, PostgreSQL at 100,000 cases):", ""]
            lines += ["| target | value | result |", "|---|---|---|"]
            for check in results["targets"]:
                verdict = "pass" if check["passed"] else "**FAIL**"
                lines.append(f"| {check['target']} | {check['value']} | {verdict} |")
    lines.append("")
    return "\n".join(lines)
