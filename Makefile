# slacenter — the two commands a newcomer needs:
#   make run    set up .venv, compile translations, migrate, collect static files, load demo data
#               (one process: manage.py prepare_run), then run web + worker + beat (honcho, Procfile)
#   make test   set up .venv with the test tools, ruff, then pytest
#               (PYTEST_ARGS="tests/test_health.py -x" narrows the run)
# Everything else here is a step of those two.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install install-dev prepare migrate translations seed static lint serve

run: install prepare serve

test: install-dev translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamp files: reinstall only when a requirements file changes. --no-compile: Python
# compiles what it imports on first use instead of every installed module up front.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet --no-compile -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet --no-compile -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

prepare: install
	$(PY) manage.py prepare_run

migrate: install
	$(PY) manage.py migrate --noinput

translations: install
	$(PY) manage.py compile_translations

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

seed: migrate
	$(PY) manage.py seed_demo

lint: install-dev
	$(VENV)/bin/ruff check .

serve: install
	PORT=$(PORT) scripts/run.sh
