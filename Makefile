# Two set-up commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
# pyenv picks Python 3.12 from .python-version; uv is installed into it if missing.
PYTHON ?= python3
UV := $(PYTHON) -m uv
MANAGE := .venv/bin/python manage.py
# Development mode is switched on here, never by default (config/settings.py): a server started
# with nothing set runs as production, and refuses to start without its secret key and hosts.
DEV_MANAGE := DJANGO_DEBUG=1 $(MANAGE)
# Python may cache bytecode (many shells set PYTHONDONTWRITEBYTECODE): each interpreter the
# tests start, pytest's two workers and the manage.py runs of tests/test_settings.py, then
# starts seconds sooner. The caches live in .pycache (ignored), not under .venv: a folder there
# before `uv sync` has made the venv would stop uv from creating it on a fresh clone.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX ?= $(CURDIR)/.pycache
# pytest-xdist: one worker per core, each with its own test database, live server and
# Chromium. Tests go out one at a time, the `slow` ones first (tests/conftest.py), so both
# workers finish together. WORKERS=0 runs everything in one process; PYTEST_ARGS adds options
# (`make test PYTEST_ARGS=--durations=20`).
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist load --maxschedchunk 1 $(PYTEST_ARGS)

.PHONY: install run test test-fast lint format bench ci check-migrations superuser

install:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

run: install
	$(DEV_MANAGE) migrate --noinput
	@echo
	@echo "卡盟退款指南 is at http://127.0.0.1:$(PORT)/"
	@echo "Create an editor account with:  make superuser"
	@echo
	$(DEV_MANAGE) runserver 127.0.0.1:$(PORT)

# The whole suite: lint, migrations, then every test, browser and fuzz tests included, with
# the Hypothesis profile "dev" unless HYPOTHESIS_PROFILE says otherwise (tests/conftest.py).
test: install lint check-migrations
	.venv/bin/pytest $(XDIST)

# No browser; five examples per fuzz test and a third of the hostile-value sweep: under a minute.
test-fast: install
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-fast} .venv/bin/pytest $(XDIST) -m "not browser"

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

check-migrations: install
	DJANGO_TESTING=1 $(MANAGE) makemigrations --check --dry-run

bench: install
	@bash .ci/system-deps
	.venv/bin/python bench/run.py

# Development mode unless DJANGO_DEBUG is set, so it also works with a production environment.
superuser: install
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) createsuperuser
