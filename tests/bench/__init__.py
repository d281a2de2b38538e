"""`make bench`: the registry's speed at 100,000 cases on SQLite and PostgreSQL.

Not collected by pytest (pyproject's `norecursedirs`). `run.py` orchestrates;
`load.py` is the load generator; `timing.py` and `settings.py` measure the
database's share of each request on the server; `report.py` writes
`results/latest.md` and `results/latest.json`.
"""
