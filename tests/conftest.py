import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client


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
    """Return the published guide parts as the seed migration leaves them.

    Transactional tests (the live server's) flush the database when they end,
    seed included, so re-seed whenever the published guide is empty. Works for
    `db` and `transactional_db` tests alike.
    """
    from guide.models import GuidePart

    if not GuidePart.objects.published().exists():
        _run_guide_data_migrations()
    return list(GuidePart.objects.published())


@pytest.fixture(autouse=True)
def _empty_guide_page_cache():
    # History ids are reused after a test's rollback on SQLite, so a page cached under
    # one test's guide version could be served to the next test.
    from guide.page_cache import CACHE_ALIAS, forget_version

    caches[CACHE_ALIAS].clear()
    forget_version()
    yield
    caches[CACHE_ALIAS].clear()
    forget_version()
