# Two doors: `make run` (portal + worker + beat with demo data) and `make test` (the whole suite).
# Both start an embedded PostgreSQL and Redis from pip packages unless DATABASE_URL / REDIS_URL are set.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVICES := $(PY) -m devtools.services
# makemessages reads no database; the settings only need the two URLs to be set
MSG_ENV := DATABASE_URL=postgres://localhost/unused REDIS_URL=redis://localhost:1/0

.PHONY: install run test lint format check bench fuzz load backup restore messages clean-data

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)
	@$(PY) -m devtools.compile_messages

run: install
	$(SERVICES) --persist -- $(PY) -m devtools.run_portal

# pytest-xdist: one worker per core (`PYTEST_WORKERS=3` for another number, `0` for one process), each with
# its own test database and Redis database (config/settings.py); `-p no:xdist` in PYTEST_ARGS turns it off
test: install
	$(PY) -m ruff check .
	DJANGO_ENV=test $(SERVICES) -- $(PY) -m pytest \
		$(if $(findstring no:xdist,$(PYTEST_ARGS)),,-n $(or $(PYTEST_WORKERS),auto) --dist loadgroup) $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: install
	DJANGO_ENV=test $(SERVICES) -- $(PY) manage.py makemigrations --check --dry-run

fuzz: install
	DJANGO_ENV=test FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} PORTAL_FUZZ=each $(SERVICES) -- $(PY) -m pytest -p no:warnings -s tests/quality/test_api_fuzz.py tests/quality/test_portal_fuzz.py

load: install
	$(SERVICES) -- $(PY) -m bench.load $(LOAD_ARGS)

backup: install
	$(SERVICES) --persist -- $(PY) -m devtools.backup dump $${BACKUP:-var/backups/$$(date +%Y%m%d-%H%M%S)}

restore: install
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=var/backups/<dir>"; exit 2)
	$(SERVICES) --persist -- $(PY) -m devtools.backup restore $(BACKUP)

bench: install
	DJANGO_ENV=test $(SERVICES) -- $(PY) -m bench

messages: install
	$(MSG_ENV) $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=staticfiles --ignore=bench --ignore=tests
	@$(PY) -m devtools.compile_messages

clean-data:
	rm -rf var/
