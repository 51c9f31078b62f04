# Two set-up commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
# pyenv picks Python 3.12 from .python-version; uv is installed into it if missing.
PYTHON ?= python3
UV := $(PYTHON) -m uv
MANAGE := .venv/bin/python manage.py

.PHONY: install run test test-fast lint format bench ci check-migrations superuser

install:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

run: install
	$(MANAGE) migrate --noinput
	@echo
	@echo "卡盟退款指南 is at http://127.0.0.1:$(PORT)/"
	@echo "Create an editor account with:  .venv/bin/python manage.py createsuperuser"
	@echo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install lint check-migrations
	.venv/bin/pytest

test-fast: install
	.venv/bin/pytest -m "not browser"

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

superuser: install
	$(MANAGE) createsuperuser
