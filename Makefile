# SoTalk — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

$(VENV)/.test-deps: $(BIN)/activate requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

venv: $(BIN)/activate ## Create .venv and install the requirements

compilemessages: $(BIN)/activate
	@# The .mo files are committed; recompile when gettext is installed.
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

# Links in e-mails and calendars follow the address the site is served on.
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: $(BIN)/activate compilemessages ## Set up SQLite, load demo content, start the site and the task worker
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) seed_demo
	$(MANAGE) ensure_local_admin
	@echo "Site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	@# db_worker exits when it loses the database; here, as under systemd, it restarts.
	@# --no-reload: its autoreloader polls every source file, 3.5 % of a core at rest.
	@trap 'kill 0' EXIT INT TERM; \
	while true; do \
		$(MANAGE) db_worker --no-reload --verbosity 0; \
		echo "db_worker exited ($$?); restarting in 2 s" >&2; sleep 2; \
	done & \
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.test-deps compilemessages ## Run the whole test suite (set DATABASE_URL for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)
	@# The plug-in's own suite, on the bare three-language site it ships.
	$(BIN)/pytest --ds=series.tests.settings -p no:cacheprovider series/tests

lint: $(VENV)/.test-deps ## Check code style (ruff, djhtml) and the layers of series/ (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djhtml --check $$(git ls-files '*.html')

format: $(VENV)/.test-deps ## Format code and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files '*.html')

check: $(BIN)/activate ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

bench: $(BIN)/activate ## Load-test against the static-file floor on PostgreSQL (DATABASE_URL; ~5 min)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

openapi: $(BIN)/activate ## Export the API's OpenAPI document to docs/openapi.json
	$(BIN)/python -m tests.contract.openapi_export

clients: $(VENV)/.test-deps ## Generate a Python client and TypeScript types into build/clients
	cd examples/headless && npm ci --no-audit --no-fund --loglevel=error
	rm -rf build/clients && mkdir -p build/clients/typescript
	$(BIN)/openapi-python-client generate --path docs/openapi.json --output-path build/clients/python
	examples/headless/node_modules/.bin/openapi-typescript docs/openapi.json -o build/clients/typescript/sotalk-api.d.ts

messages: $(BIN)/activate ## Regenerate the nb and en catalogues and compile them
	@# One run fills both catalogues: series/locale (the plug-in's) and locale/ (the site's).
	$(MANAGE) makemessages -l nb -l en --ignore=.venv --ignore=static --ignore=tests --ignore=bench --ignore=node_modules --ignore=examples --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv

.PHONY: help venv compilemessages run test lint format check messages bench openapi clients
