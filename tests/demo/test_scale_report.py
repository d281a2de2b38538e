"""The bench's comparison of a run at 1,000,000 cases with one at 100,000 (tests/bench/report.py)."""

from tests.bench import report


def figures(p50, db_p50):
    return {"p50_ms": p50, "db_p50_ms": db_p50}


def run(cases, list_p50, detail_p50, database_bytes):
    return {
        "settings": {"cases": cases, "reused_databases": False},
        "finished_at": "2026-12-06 08:00 UTC",
        "backends": {
            "postgresql": {
                "rows": {"cases": cases},
                "database_bytes": database_bytes,
                "build_seconds": {"migrate": 2.0, "generate": cases / 1000, "analyze": 9.0},
                "scenarios": {
                    "list": {
                        **figures(list_p50, 10.0),
                        "filters": {"citizenship=US": figures(list_p50, 10.0)},
                    },
                    "detail": figures(detail_p50, 1.0),
                    "csv": figures(900.0, 300.0),
                },
            }
        },
    }


def test_each_p50_is_put_beside_the_smaller_runs_with_its_ratio():
    comparison = report.scale(
        run(100_000, 100.0, 20.0, 2 * 2**30), run(1_000_000, 120.0, 30.0, 20 * 2**30)
    )

    rows = {row["scenario"]: row for row in comparison["scenarios"]}
    assert rows["list"]["p50_ratio"] == 1.2
    assert rows["list"]["passed"] is True
    assert rows["detail"]["p50_ratio"] == 1.5
    assert rows["detail"]["passed"] is False
    # Only list, detail and search are held to the target; a filter's row is information.
    assert rows["list `citizenship=US`"]["passed"] is None
    assert rows["csv"]["passed"] is None
    assert [run["database_bytes"] for run in comparison["runs"]] == [2 * 2**30, 20 * 2**30]


def test_the_scale_report_states_sizes_build_times_and_verdicts():
    comparison = report.scale(
        run(100_000, 100.0, 20.0, 2 * 2**30), run(1_000_000, 120.0, 30.0, 20 * 2**30)
    )

    text = report.scale_markdown(comparison)

    assert "| database size (`pg_database_size`) | 2.0 GiB | 20.0 GiB |" in text
    assert "| `generate_demo_data` | 100 s | 1000 s |" in text
    assert "| detail | 20.0 → 30.0 | 1.5x | 1.0 → 1.0 | 1.0x | <= 1.25x | **FAIL** |" in text
