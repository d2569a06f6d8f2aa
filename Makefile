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

.PHONY: run test lint format messages compilemessages migrate demo clean install browsers audit screenshots editing-screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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
