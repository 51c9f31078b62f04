"""Values read from the editors' tables, kept in each process until an editor changes them.

Wizard texts and the guide's chapter addresses change only when an editor saves, and every
save (or delete) writes a history row: the newest history id is the table's version. A
`VersionedMemo` keeps the value it loaded together with that version and asks the database
for the version at most once every GUIDE_VERSION_RECHECK_SECONDS (one second; zero in
tests), so a page reads none of those rows, and an editor's change is live in every worker
on every box within a second without anyone telling them — the same rule as the guide's
page cache (guide/page_cache.py).

The state is one tuple, replaced whole, so threads of one worker (gunicorn's gthread) read a
consistent value without a lock; two threads that both find it stale load it twice, which is
harmless.
"""

import time
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.db import connection

_MEMOS: list["VersionedMemo"] = []


def newest_history_id(model_label: str) -> int:
    """Return the newest history id of a model kept by django-simple-history (0 if none)."""
    model = apps.get_model(model_label).history.model
    # Plain SQL: building the ORM query would cost more than running it.
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(history_id) FROM {table}")  # the name comes from the model
        (newest,) = cursor.fetchone()
    return newest or 0


class VersionedMemo[T]:
    """`load()`'s value, loaded again only when `version()` has changed."""

    def __init__(self, *, version: Callable[[], int], load: Callable[[], T]) -> None:
        self._version = version
        self._load = load
        # (monotonic time of the last version check, version, value), or None
        self._state: tuple[float, int, T] | None = None
        _MEMOS.append(self)

    def get(self) -> T:
        state = self._state
        now = time.monotonic()
        if state is not None and now - state[0] < settings.GUIDE_VERSION_RECHECK_SECONDS:
            return state[2]
        version = self._version()
        if state is not None and state[1] == version:
            self._state = (now, version, state[2])
            return state[2]
        value = self._load()
        self._state = (now, version, value)
        return value

    def forget(self) -> None:
        self._state = None


def forget_all() -> None:
    """Make every memo load again (tests: history ids are reused after a rollback)."""
    for memo in _MEMOS:
        memo.forget()
