# The two commands a newcomer needs are `make run` and `make test`; everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Emails, workflow notifications, feeds and the demo site's address name the address served.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
CHROMIUM ?= /usr/bin/chromium
BROWSER_DIR := tests/browser

.PHONY: import run test lint format messages compilemessages migrate demo clean install browsers audit screenshots editing-screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs the same packages as pip from the same index, in about a quarter of the time
# (CI installs into a fresh clone on every run).
$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The compiled .mo files are build output (git-ignored); Django refuses to run with no catalogue at all.
compilemessages: $(STAMP)
	@if [ -n "$$(find locale -name '*.po' 2>/dev/null)" ]; then \
		$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0; fi

migrate: install compilemessages
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_content --if-empty --create-admin

# Scheduled publishing and unpublishing: `run` and `serve` start `manage.py run_scheduler`
# (Wagtail's publish_scheduled every SCHEDULER_INTERVAL seconds) in the background and stop it,
# and wait for it, when the server stops. Production runs it as a service (docs/deploy.md).
SCHEDULER_INTERVAL ?= 30
WITH_SCHEDULER = $(1) run_scheduler --interval $(SCHEDULER_INTERVAL) & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler' EXIT INT TERM;

run: demo
	@$(call WITH_SCHEDULER,$(MANAGE)) \
	$(MANAGE) runserver $(HOST):$(PORT)

# Move a WordPress blog here: `make import WXR=export.xml [MEDIA=wp-content/uploads]`. On an
# empty install it also creates the home pages, blog indexes and site; `make run` then serves
# them without the demo (see docs/importing.md).
import:
	@test -n "$(WXR)" || { echo "Usage: make import WXR=path/to/export.xml [MEDIA=path/to/wp-content/uploads]"; exit 2; }
	$(MAKE) --no-print-directory migrate
	$(MANAGE) import_wordpress "$(WXR)" $(if $(MEDIA),--media-dir "$(MEDIA)") $(IMPORT_ARGS)

test: install compilemessages
	@test -x $(CHROMIUM) || echo "NOTE: $(CHROMIUM) not found: the browser tests (tests/browser/) will be SKIPPED. 'make browsers' installs Chromium and the checkers."
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

# The browser suite's tools: Debian's Chromium (never a downloaded browser), Japanese fonts for
# the screenshots, and the npm checkers pinned in tests/browser/package-lock.json (axe-core,
# vnu-jar run with the machine's Java, Lighthouse 12 for Node 20). Scripts are ignored: vnu-jar's
# would download a Java runtime.
browsers:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	cd $(BROWSER_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Lighthouse (mobile preset) against the home, blog index and a post of the demo site; the scores go to docs/quality.md.
audit: browsers install compilemessages
	$(BIN)/python -m tests.browser.audit --chromium $(CHROMIUM) --output docs/quality.md

# Screenshots of the home page, a post and an archive in both languages, phone and desktop width.
screenshots: browsers install compilemessages
	$(BIN)/python -m tests.browser.screenshots --chromium $(CHROMIUM) --output docs/screenshots

# The admin's main screens in English and Japanese, for docs/editing.md.
editing-screenshots: browsers install compilemessages
	$(BIN)/python -m tests.browser.editing_screenshots --chromium $(CHROMIUM) --output docs/screenshots/editing

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(git ls-files '*.html')
	DJANGO_SETTINGS_MODULE=settings.test $(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files '*.html')

messages: install
	$(MANAGE) makemessages --locale ja --ignore=.venv --ignore=bench --ignore=node_modules --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media static_collected

.PHONY: serve backup restore

# Production mode on this machine: production settings, gunicorn (gunicorn.conf.py), static files
# through WhiteNoise, JSON logs. Plain HTTP on loopback, so no redirect to HTTPS; the secret key
# is generated once into .venv/secret_key unless DJANGO_SECRET_KEY is set.
SECRET_FILE := $(VENV)/secret_key
PROD_ENV = DJANGO_SETTINGS_MODULE=settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_FILE))}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}"

$(SECRET_FILE): | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $(SECRET_FILE)

GUNICORN ?= $(BIN)/gunicorn

serve: demo $(SECRET_FILE)
	$(PROD_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@$(call WITH_SCHEDULER,$(PROD_ENV) $(MANAGE)) \
	$(PROD_ENV) HOST=$(HOST) PORT=$(PORT) $(GUNICORN) settings.wsgi

# Database dump and media archive into backups/<date-time>/, or BACKUP_DIR=...; restore reads BACKUP_DIR
# into an empty database (FORCE=1 replaces one that has content). Same DATABASE_URL as the site.
BACKUP_DIR ?= backups/$(shell date -u +%Y%m%dT%H%M%SZ)

backup: install
	$(MANAGE) backup $(BACKUP_DIR)

restore: install
	@test -n "$(BACKUP_DIR)" -a -d "$(BACKUP_DIR)" || (echo "Set BACKUP_DIR to a folder written by make backup" && exit 1)
	$(MANAGE) restore $(BACKUP_DIR) $(if $(FORCE),--force)

.PHONY: bench
BENCH_POSTS ?= 1000
BENCH_DATABASES ?= sqlite,postgres
BENCH_RUNS ?= 3
BENCH_DURATION ?= 5
# Load every page with wrk (uncached, cached, through Varnish) beside a trivial view and nginx;
# writes docs/benchmarks.md. Installs wrk, nginx and Varnish from Debian's packages if missing.
bench: install compilemessages
	@command -v wrk >/dev/null && command -v nginx >/dev/null && command -v varnishd >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light varnish)
	$(BIN)/python bench/run.py --posts $(BENCH_POSTS) --databases $(BENCH_DATABASES) \
		--runs $(BENCH_RUNS) --duration $(BENCH_DURATION)

.PHONY: scan
SCAN_PORT ?= 8765
SCAN_MINUTES ?= 3
# Debian's wapiti (public site) and sqlmap (search, comment form) against `make serve` on a
# fresh demo database of its own (port SCAN_PORT, a temporary SQLite file), on 127.0.0.1
# only and bounded in time. Fails on any finding above "info" or any 5xx in the server's log.
# Too long for every CI pass: run it before each release (docs/quality.md has the figures).
scan: install compilemessages
	@command -v wapiti >/dev/null && command -v sqlmap >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wapiti sqlmap)
	$(BIN)/python -m tests.production.scan --port $(SCAN_PORT) --minutes $(SCAN_MINUTES)

.PHONY: mutation
MUTATION_MODULE ?= text
# Mutation testing (mutmut 3) of the core rules, one module per run, each with only the tests
# written to guard it (MUTATION_TESTS, read by conftest.py): text (core/text.py), spam
# (comments/spam.py), forgery (comments/forgery.py), parser (wordpress_import/parser.py),
# signals (core/cache/signals.py). `make mutation MUTATION_MODULE=spam`. Each mutant runs in a
# new pytest session: MUTATION_DATABASES keeps one SQLite test database per worker between
# them (tests/mutation_databases.py), so only each worker's first session migrates. Prints the
# survivors and mutants/mutmut-cicd-stats.json; the survival rate goes to docs/quality.md by hand.
MUTATION_text = core.text* tests/core/test_text.py
MUTATION_spam = comments.spam* tests/comments/test_spam.py
MUTATION_forgery = comments.forgery* tests/comments/test_forgery.py
MUTATION_parser = wordpress_import.parser* tests/wordpress_import/test_parser.py \
	tests/wordpress_import/test_parser_records.py tests/wordpress_import/test_parser_edges.py
MUTATION_signals = core.cache.signals* tests/core/test_invalidation.py
mutation: install compilemessages
	rm -rf mutants
	MUTATION_TESTS="$(wordlist 2,9,$(MUTATION_$(MUTATION_MODULE)))" \
		MUTATION_DATABASES="$(CURDIR)/mutants/test-databases" \
		$(BIN)/mutmut run "$(firstword $(MUTATION_$(MUTATION_MODULE)))"
	$(BIN)/mutmut export-cicd-stats
	@cat mutants/mutmut-cicd-stats.json; echo
	$(BIN)/mutmut results
