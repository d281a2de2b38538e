"""Time `manage.py import_cases` on a made-up list of 10,000 prisoners (not a test).

    DATABASE_URL=sqlite:///var/bench/import.sqlite3 .venv/bin/python -m tests.bench.import_cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_import_bench \\
        .venv/bin/python -m tests.bench.import_cases --rows 10000

The database must exist, empty for a first import's figure; it is migrated
first. The list is written to a temporary file: invented names (a tenth only
in Cyrillic, so transliterated), dates at mixed precision, two charges and two
URLs a row. Prints the time of a first import (everything created), of the
same file again (everything unchanged) and of a file with one row in ten
changed: wall-clock time, and the CPU time of this process (which includes
SQLite's work, not PostgreSQL's), since on a shared machine the wall clock
also measures the neighbours (the load average is printed first).
"""

import argparse
import csv
import os
import random
import secrets
import tempfile
import time
from io import StringIO
from pathlib import Path

import django

FIRST = ["Ivan", "Maria", "Petr", "Olga", "Anna", "Sergei", "Elena", "Pavel", "Nina", "Oleg"]
SURNAMES = ["Testov", "Fictiva", "Primerov", "Vydumov", "Obraztsova", "Shablonov", "Maketova"]
CYRILLIC_FIRST = ["Иван", "Мария", "Пётр", "Ольга", "Анна"]
CYRILLIC_SURNAMES = ["Тестов", "Выдуманный", "Примеров", "Шаблонов"]
STATUSES = ["detained", "imprisoned", "released", "house arrest"]
HEADER = ["No.", "Name", "Native name", "Born", "Detained", "Status", "Charges", "Links"]
MAP = [
    "--map=No.=case.external_id",
    "--map=Name=person.name",
    "--map=Native name=person.native_name",
    "--map=Born=person.birth_date",
    "--map=Detained=case.detained_on",
    "--map=Status=case.status",
    "--map=Charges=charge.description",
    "--map=Links=source.url",
    "--set=case.detaining_country=BY",
]


def made_up_rows(count, rng):
    for number in range(1, count + 1):
        native = rng.random() < 0.1
        name = "" if native else f"{rng.choice(FIRST)} {rng.choice(SURNAMES)} {number}"
        native_name = f"{rng.choice(CYRILLIC_FIRST)} {rng.choice(CYRILLIC_SURNAMES)} {number}"
        born = rng.choice(["%Y", "%Y-%m", "%Y-%m-%d"])
        year = rng.randint(1940, 2000)
        yield [
            f"B-{number}",
            name,
            native_name if native else "",
            born.replace("%Y", str(year)).replace("%m", "06").replace("%d", "14"),
            f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}",
            rng.choice(STATUSES),
            "Espionage; Extremism",
            f"https://example.org/bench/{number} https://example.org/bench/{number}/appeal",
        ]


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([HEADER, *rows])


def timed(call_command, path):
    out = StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    call_command("import_cases", str(path), *MAP, stdout=out, stderr=StringIO())
    seconds = f"{time.perf_counter() - start:.1f} s, CPU {time.process_time() - cpu:.1f} s"
    return seconds, out.getvalue().strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    # Production settings, as `make bench` serves with: with DEBUG on, Django would keep
    # the SQL of every statement, and build it in full for SQLite's bulk inserts.
    os.environ.update(
        DJANGO_SETTINGS_MODULE="registry.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
    )
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"{args.rows} rows, {connection.vendor}, load average {os.getloadavg()[0]:.1f}")
    rows = list(made_up_rows(args.rows, random.Random(args.seed)))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench-list.csv"
        write(path, rows)
        for label in ("first import", "same file again"):
            seconds, summary = timed(call_command, path)
            print(f"{label}: {seconds} ({summary})")
        for row in rows[::10]:
            row[5] = "released"
        write(path, rows)
        seconds, summary = timed(call_command, path)
        print(f"one row in ten changed: {seconds} ({summary})")


if __name__ == "__main__":
    main()
