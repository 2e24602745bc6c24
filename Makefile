# The README's two commands are `make run` and `make test`; CI runs `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test test-fast test-tools test-crash check lint format typecheck imports-check migrations-check lock messages screenshots bench clean

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(INSTALLED)

# The pinned runtime versions the Dockerfile installs (and that constrain the dev install),
# made from pyproject.toml: run after changing its dependencies.
lock: $(INSTALLED)
	$(VENV)/bin/pip-compile --quiet --strip-extras --allow-unsafe --no-header --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml

# The Spanish catalogue: collect the marked strings into locale/es/LC_MESSAGES/django.po
# (translate what is new there), then compile the .mo that is committed beside it, so
# `make run` and `make test` need no gettext on a new machine (tests/i18n checks both).
MESSAGES_IGNORE := --ignore=.venv --ignore=.tools --ignore=var --ignore=tests --ignore=scripts --ignore=docs
messages: $(INSTALLED)
	$(PY) manage.py makemessages -l es --add-location=file $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l es $(MESSAGES_IGNORE)

run: $(INSTALLED)
	./scripts/run_local.sh

# The whole suite twice, crash tests included: on SQLite (the local default), then on
# PostgreSQL (production's database); only the database changes. pytest-django creates
# and drops a test database of its own per run.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/edu4all

# Chromium, docker-compose and the Azure Blob emulator (.tools/), when missing.
TOOLS := $(CURDIR)/.tools/node_modules/.bin
export PATH := $(TOOLS):$(PATH)

test-tools:
	./scripts/install_test_tools.sh

# Two test processes (pytest-xdist), one a core: the suite waits on browsers, workers and
# fake providers as much as it computes. TEST_PROCESSES=0 runs it in this one process.
TEST_PROCESSES ?= 2

test: $(INSTALLED) test-tools
	DATABASE_URL= $(PY) -m pytest -n $(TEST_PROCESSES)
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -n $(TEST_PROCESSES)

# The quick loop while working: SQLite only, without the browser, crash and storage
# tests (`make test` runs everything, on both databases).
test-fast: $(INSTALLED)
	DATABASE_URL= $(PY) -m pytest -q -m "not browser and not crash and not storage"

# What CI runs before the tests: lint, formatting, types and migrations all clean.
check: lint typecheck imports-check migrations-check

# The import-linter contracts in pyproject.toml: the arrows of DESIGN.md.
imports-check: $(INSTALLED)
	$(VENV)/bin/lint-imports

migrations-check: $(INSTALLED)
	$(PY) manage.py makemigrations --check --dry-run

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(INSTALLED)
	$(VENV)/bin/mypy

# Each prints PASS/FAIL against its targets; the burst, the quota, the stream and the
# edits need Redis and PostgreSQL on 127.0.0.1, the class book PostgreSQL (about six
# minutes in all).
bench: $(INSTALLED)
	$(PY) scripts/bench_safety.py
	$(PY) scripts/bench_signing.py
	$(PY) scripts/bench_burst.py
	$(PY) scripts/bench_quota.py
	$(PY) scripts/bench_stream.py
	$(PY) scripts/bench_edits.py
	$(PY) scripts/bench_book.py

# Only the crash tests (kill -9 a worker, restart a private Redis, a hung provider);
# `make test` runs them too, on both databases.
test-crash: $(INSTALLED)
	$(PY) -m pytest -m crash tests/system/crash

screenshots: $(INSTALLED)
	EDU4ALL_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest tests/system/test_browser_journey.py tests/system/test_browser_marks.py tests/system/test_review_browser.py tests/system/test_teachers_day.py -q

clean:
	rm -rf var .pytest_cache
