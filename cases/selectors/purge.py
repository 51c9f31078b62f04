"""Housekeeping reads: stored files no row points to, cases nobody can open again."""

from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.core.files.storage import Storage

from cases.models import EVIDENCE_FOLDER, Case, EvidenceItem

_NAMES_PER_QUERY = 500


def _stored_evidence_names(storage: Storage) -> list[str]:
    """Return the name of every file under the evidence folder (one folder per case)."""
    try:
        folders, files = storage.listdir(EVIDENCE_FOLDER)
    except FileNotFoundError:
        return []  # nothing uploaded yet
    names = [f"{EVIDENCE_FOLDER}/{name}" for name in files]
    for folder in folders:
        _, inside = storage.listdir(f"{EVIDENCE_FOLDER}/{folder}")
        names.extend(f"{EVIDENCE_FOLDER}/{folder}/{name}" for name in inside)
    return names


def orphan_evidence_files(*, storage: Storage, modified_before: datetime) -> list[str]:
    """Return stored evidence files no evidence row points to, last changed before the time.

    They are left by a request that died after storing the file but before its
    transaction committed, or after committing a delete but before removing the file.
    The time keeps an upload whose row is about to be committed out of the list.
    """
    names = _stored_evidence_names(storage)
    referenced: set[str] = set()
    for start in range(0, len(names), _NAMES_PER_QUERY):
        batch = names[start : start + _NAMES_PER_QUERY]
        referenced.update(
            EvidenceItem.objects.filter(file__in=batch).values_list("file", flat=True)
        )
    return [
        name
        for name in names
        if name not in referenced and storage.get_modified_time(name) < modified_before
    ]


def _session_alive(store_class, session_key: str) -> bool:
    store = store_class(session_key=session_key)
    store.load()  # a missing or expired session comes back without a key
    return store.session_key is not None


def abandoned_anonymous_cases(*, inactive_before: datetime) -> list[Case]:
    """Return cases without an account whose browser session is gone (expired or cleared).

    Nobody can open such a case again: only that session could. The time spares a
    case whose session is being created by the request that created the case.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    candidates = Case.objects.filter(owner__isnull=True, updated_at__lt=inactive_before)
    alive: dict[str, bool] = {}
    abandoned = []
    for case in candidates:
        if case.session_key not in alive:
            alive[case.session_key] = _session_alive(store_class, case.session_key)
        if not alive[case.session_key]:
            abandoned.append(case)
    return abandoned
