import importlib
import os
import pkgutil
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from hypothesis import settings as hypothesis_settings

# How many examples each Hypothesis test tries. The tests' own @settings say how (deadline,
# health checks), never how much; HYPOTHESIS_PROFILE picks the budget:
#   dev   `make test` and a bare `pytest`: 60, the most any test had in its own @settings
#   ci    .ci/run (and whenever CI is set): more examples, and a blob to replay a failure
#   fast  `make test-fast`: a smoke run that still posts to every form (and a third of the
#         sweep in tests/security/test_fuzz_forms.py)
hypothesis_settings.register_profile("dev", max_examples=60)
hypothesis_settings.register_profile("ci", max_examples=100, print_blob=True)
hypothesis_settings.register_profile("fast", max_examples=5)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# Where tests/browser/conftest.py saves the open pages of a failed browser test.
FAILED_SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts/screenshots/failed"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Drop the screenshots of the last run's failed browser tests (once, not per worker)."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(FAILED_SCREENSHOTS, ignore_errors=True)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the `slow` tests first, so that the xdist workers finish together.

    Runs after pytest-randomly's shuffle and pytest-django's grouping (database tests, then
    transactional ones, then the rest), and keeps that grouping: a slow test moves only to
    the front of its own group, since a transactional test empties the database the tests
    before it rely on. `make test` sends the tests one at a time (--maxschedchunk 1), so the
    slow ones spread over both workers instead of queueing on one.
    """
    group_of = {}
    group = 0
    for index, item in enumerate(items):
        if index and _transactional(item) != _transactional(items[index - 1]):
            group += 1
        group_of[item.nodeid] = group
    items.sort(key=lambda item: (group_of[item.nodeid], item.get_closest_marker("slow") is None))


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="buyer", password="a-Long-pass-2026")


@pytest.fixture
def other_user(db):
    return get_user_model().objects.create_user(username="stranger", password="a-Long-pass-2026")


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser(
        username="editor", password="a-Long-pass-2026", email="editor@example.com"
    )


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def other_client(other_user):
    other = Client()
    other.force_login(other_user)
    return other


@pytest.fixture
def admin_client(staff_user):
    editor = Client()
    editor.force_login(staff_user)
    return editor


def _run_guide_data_migrations() -> None:
    """Re-run the RunPython code of the guide app's migrations, oldest first.

    The real app registry stands in for the historical one: the guide models
    match their migration state, and `makemigrations --check` keeps it so.
    """
    from django.apps import apps
    from django.db import connection, migrations

    import guide.migrations

    # No real schema editor: SQLite refuses one inside the transaction of a
    # `db` test, and the data migrations only need its connection.
    schema_editor = SimpleNamespace(connection=connection)
    for info in sorted(pkgutil.iter_modules(guide.migrations.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"guide.migrations.{info.name}")
        for operation in getattr(module.Migration, "operations", []):
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, schema_editor)


@pytest.fixture
def seeded_guide(db):
    """Return the published guide chapters as the seed migration leaves them.

    Transactional tests (the live server's) flush the database when they end,
    seed included, so re-seed whenever the published guide is empty. Works for
    `db` and `transactional_db` tests alike.
    """
    from guide.models import GuidePart

    if not GuidePart.objects.published().exists():
        _run_guide_data_migrations()
    # The site's own pages (关于本站 …) are seeded too; they are not part of the guide.
    return list(GuidePart.objects.chapters().published())


@pytest.fixture(autouse=True)
def _empty_guide_page_cache():
    # History ids are reused after a test's rollback on SQLite, so a page (or wizard texts,
    # chapter addresses: config/memo.py) cached under one test's version could be served
    # to the next test.
    from config.memo import forget_all
    from guide.page_cache import CACHE_ALIAS, forget_version

    caches[CACHE_ALIAS].clear()
    forget_version()
    forget_all()
    yield
    caches[CACHE_ALIAS].clear()
    forget_version()
    forget_all()


@pytest.fixture(autouse=True)
def _no_requests_counted_yet():
    # Every test starts a fresh hour for the quotas (config/ratelimit.py): the tests a worker
    # runs all come from 127.0.0.1 and would otherwise add up to its hourly limits.
    from config.ratelimit import QUOTA_CACHE

    caches[QUOTA_CACHE].clear()
