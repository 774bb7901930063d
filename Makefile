# SOSTECI numérique — the two commands: `make run` (serve the demo) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install install-dev assets messages java pango db test check lint typecheck pytest test-pg e2e bench bench-national lock clean help

help:
	@echo "make run    — install, migrate, load the territory and the demo, serve on http://$(HOST):$(PORT)"
	@echo "make test   — lint, type check and the test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make e2e    — browser tests in Debian's Chromium (screenshots in var/screenshots/)"
	@echo "make bench  — national-scale timings as JSON (SQLite and, when reachable, PostgreSQL)"

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a lock file changes.
$(VENV)/.installed-base: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

# Bootstrap (and its icons) come from the npm registry, are served by staticfiles, and are never committed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed

# Compiled translations (.mo) are built, not committed; gettext provides msgfmt.
messages: | $(PY)
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq gettext >/dev/null; else sudo apt-get install -y -qq gettext >/dev/null; fi; }
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

# ODK Validate (JavaRosa, the engine of ODK Collect) checks every form in the tests; it needs a Java runtime.
java:
	@command -v java >/dev/null || { echo "Installing a Java runtime for ODK Validate…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq default-jre-headless >/dev/null; fi; }

# WeasyPrint (PDF reports) draws text with Pango; Debian's libraries are installed when missing.
pango:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { echo "Installing Pango for WeasyPrint…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; fi; }

setup: install assets messages pango
	@mkdir -p var
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_territory
	$(MANAGE) load_forms
	$(MANAGE) load_knowledge
	$(MANAGE) demo
	$(MANAGE) nightly

run: setup
	@echo "Worker and server starting — http://$(HOST):$(PORT) (Ctrl+C stops both)"
	@$(MANAGE) db_worker --queue-name '*' & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy sosteci config bench tests

check: install-dev assets messages
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v1
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check

pytest: install-dev assets messages java pango
	@mkdir -p var
	$(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

test: lint typecheck check pytest

# The suite again on PostgreSQL (a fresh database named after the process).
test-pg: install-dev assets messages java pango
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sosteci_ci_$$$$} \
		$(VENV)/bin/pytest -p no:cacheprovider --create-db $(PYTEST_ARGS)

e2e: install-dev assets messages
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }
	@mkdir -p var/screenshots
	$(VENV)/bin/pytest -p no:cacheprovider -m e2e tests/e2e $(PYTEST_ARGS)

# Quick figures (5 % of the national register); `make bench-national` runs the full scale (about 25 minutes).
bench: install-dev
	$(PY) -m bench --scale 0.05

bench-national: install-dev
	$(PY) -m bench --scale 1.0

lock:
	$(PY) -m pip freeze

clean:
	rm -rf var/static var/screenshots .mypy_cache .ruff_cache
