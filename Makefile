# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test browser fuzz lint format install install-dev bench-import backup restore

# Create the virtualenv once; reinstall only when a requirements file changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: start the database, migrate, load reference data and the sample corpus, serve on :$(PORT)
run: $(VENV)/.installed
	PORT=$(PORT) $(BIN)/python scripts/run.py

## make browser: Debian's Chromium for the browser tests, installed when missing and this
## user may (root, or sudo without a password); otherwise say how, and those tests skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "No chromium and no apt-get: the browser tests (tests/e2e) will skip."; \
	  elif [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  elif sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "No chromium: run 'sudo apt-get install chromium' for the browser tests (they skip)."; \
	  fi; }

## make test: Chromium if missing, ruff (format check and lint), the import-layer contracts, then
## the whole suite on PostgreSQL (two pytest-xdist workers, a test module on one of them;
## PYTEST_ARGS="-n 0" runs it in one process). Bytecode caches on even where the environment
## turns them off (PYTHONDONTWRITEBYTECODE): the run starts dozens of Python processes, and
## without them each compiles the app again and pytest rewrites ~500 modules (collection 11 s
## a process instead of 6).
test: $(VENV)/.installed-dev browser
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## make fuzz: the hostile-query test at 5,000 query strings per endpoint (make test sends 1,000)
fuzz: $(VENV)/.installed-dev
	FUZZ_CASES=$(or $(CASES),5000) $(BIN)/python -m pytest tests/api/test_query_fuzz.py -q

## make lint: ruff (format check and lint) and the import-layer contracts (pyproject.toml)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make bench-import CORPUS=path: import into an empty database and print rates and peak memory
bench-import: $(VENV)/.installed
	$(BIN)/python manage.py bench_import $(CORPUS)

## make backup [OUTPUT=path] [JOBS=2] [SINGLE=1]: back up the database (embedded or DATABASE_URL) and the search index to var/backups/newsroom-<timestamp>/ (SINGLE=1: one pg_dump -Fc file, no index)
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup_database $(if $(OUTPUT),--output $(OUTPUT)) --jobs $(or $(JOBS),2) $(if $(SINGLE),--single-file)

## make restore FILE=path [YES=1] [JOBS=2] [DEFER=1]: restore a backup (folder or .dump) into the database, with its search index (DEFER=1: the admin full-text index is left to the CREATE INDEX CONCURRENTLY printed)
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/newsroom-… [YES=1] [DEFER=1]"; exit 2; }
	$(BIN)/python manage.py restore_database $(FILE) --jobs $(or $(JOBS),2) $(if $(YES),--yes) $(if $(DEFER),--defer-admin-index)
