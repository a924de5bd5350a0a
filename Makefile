# fazhi — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := fazhi/web/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test venv deps test-deps assets migrate lint check test-sqlite test-postgres test-browser system-deps postgres clean

run: deps assets migrate
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py demo
	@echo "法治政府建设工作平台: http://$(HOST):$(PORT)/"
	@# The background worker (long imports) runs beside gunicorn under `manage.py worker`, which restarts
	@# it if it dies; Ctrl-C stops both.
	@DJANGO_SETTINGS_MODULE=config.settings.development $(PY) manage.py worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) -m gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--env DJANGO_SETTINGS_MODULE=config.settings.development --access-logfile -

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

venv: $(PY)

# Reinstall only when pyproject.toml changes.
$(VENV)/.deps: pyproject.toml | $(PY)
	$(PIP) install -q -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(PY)
	$(PIP) install -q -e '.[test]'
	touch $@ $(VENV)/.deps

deps: $(VENV)/.deps

test-deps: $(VENV)/.test-deps

# Front-end assets from npm, copied into the app's static folder (never a CDN).
node_modules/.package-lock.json: package.json
	npm ci --no-audit --no-fund 2>/dev/null || npm install --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/

migrate: deps
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0

# Debian packages the browser tests need (Chromium and a CJK font); installed only when missing.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy"; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; fi; \
	fi

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL 未启动"; exit 1

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: test-deps assets
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: test-deps assets
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(PY) -m pytest -n 2 -m "not browser" -q

test-postgres: test-deps assets postgres
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 -m "not browser" -q

test-browser: test-deps assets system-deps
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(PY) -m pytest -m browser -q -p no:xdist

test: lint check test-sqlite test-postgres test-browser

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/static
