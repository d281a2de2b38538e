# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve superuser screenshots test test-postgres lint format migrate seed install clean messages

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py load_seeds

run: seed
	@echo
	@echo "Admin: http://127.0.0.1:8000/admin/ - create your login first with: make superuser ADMIN_USER=... ADMIN_PASSWORD=..."
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production server: gunicorn with several workers, static files through WhiteNoise.
# Needs DEBUG=0, SECRET_KEY and ALLOWED_HOSTS (and usually DATABASE_URL, REDIS_URL).
serve: install
	@test -n "$$SECRET_KEY" || { echo "serve: set SECRET_KEY (and ALLOWED_HOSTS, DATABASE_URL); see README"; exit 1; }
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/gunicorn -c python:registry.gunicorn registry.wsgi

# `make superuser ADMIN_USER=admin ADMIN_PASSWORD=...` needs no terminal; without them it asks.
superuser: migrate
	@if [ -n "$(ADMIN_USER)" ] && [ -n "$(ADMIN_PASSWORD)" ]; then \
		DJANGO_SUPERUSER_PASSWORD="$(ADMIN_PASSWORD)" $(BIN)/python manage.py createsuperuser \
			--noinput --username "$(ADMIN_USER)" --email "$(ADMIN_EMAIL)"; \
	else \
		$(BIN)/python manage.py createsuperuser; \
	fi

test: install
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The same suite on PostgreSQL (a server at 127.0.0.1:5432, user postgres, trust auth, by default).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/registry
test-postgres: install
	@$(BIN)/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], dbname='postgres', connect_timeout=5).close()" "$(POSTGRES_URL)" \
		|| { echo "No PostgreSQL server answers at $(POSTGRES_URL): start one or set POSTGRES_URL."; exit 1; }
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest

# Phone and desktop screenshots of the public pages, into screenshots/ (git-ignored).
screenshots: seed
	$(BIN)/python manage.py screenshots

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Translations (needs GNU gettext): gather the messages of the code and templates into
# locale/$(LOCALE)/LC_MESSAGES/django.po, then compile every catalogue to its .mo. Both
# files are committed, so `make run` needs no gettext. A new language: `make messages LOCALE=uk`.
LOCALE ?= ru
messages: install
	$(BIN)/python manage.py makemessages --locale $(LOCALE) --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=var --ignore=staticfiles --ignore=seeds
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Speed at 100,000 synthetic cases on SQLite and on PostgreSQL (a server at 127.0.0.1:5432,
# user postgres; the database registry_bench, or BENCH_POSTGRES_DATABASE, is dropped and
# created again), in the README's production configuration. Writes
# tests/bench/results/latest.md and latest.json; takes 15 to 30 minutes on 2 cores. Not part of `make test`.
# BENCH_ARGS passes options on: `make bench BENCH_ARGS="--reuse"` keeps the databases of an
# earlier run and only migrates them; `--scenarios list --backends postgresql` runs a part.
.PHONY: bench
bench: install
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)
