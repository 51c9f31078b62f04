"""Writes for the case record: mark a case resolved or reopen it, delete cases with their files."""

import contextlib
import os
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone

from cases.choices import Resolution
from cases.models import Case
from cases.selectors.record import case_records
from cases.services.stage import add_event


@transaction.atomic
def case_resolve(*, case: Case, resolution: str, note: str = "") -> Case:
    """Record how the case ended; the timeline keeps the result and the note."""
    case.resolution = resolution
    case.resolved_at = timezone.now()
    case.full_clean()
    case.save(update_fields=["resolution", "resolved_at", "updated_at"])
    message = f"记录了结果：{Resolution(resolution).label}"
    if note:
        message += f"。备注：{note}"
    add_event(case=case, message=message)
    return case


@transaction.atomic
def case_reopen(*, case: Case) -> Case:
    """Undo "resolved": the stages count again and the next action comes back."""
    if not case.resolution:
        return case
    previous = case.get_resolution_display()
    case.resolution = ""
    case.resolved_at = None
    case.full_clean()
    case.save(update_fields=["resolution", "resolved_at", "updated_at"])
    add_event(case=case, message=f"撤销了结束（原来记录的结果：{previous}），案件重新打开")
    return case


def _stored_files(rows: Iterable[models.Model]) -> list[tuple[Storage, str]]:
    """Return (storage, name) of every file a row's FileField points to."""
    found = []
    for row in rows:
        for field in row._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(row, field.attname)
                if value:
                    found.append((value.storage, value.name))
    return found


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
    # FileSystemStorage leaves the per-case folders behind; remove the ones now empty.
    folders = {(id(storage), str(PurePosixPath(name).parent)): storage for storage, name in files}
    for (_, folder), storage in folders.items():
        if folder in {"", "."}:  # never the storage's root
            continue
        # Not a local disk, or not empty: nothing to tidy.
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(storage.path(folder))


@transaction.atomic
def cases_delete(*, cases: list[Case]) -> int:
    """Delete the cases with every row below them and, once committed, their files."""
    if not cases:
        return 0
    records = case_records(cases=cases)
    rows: list[models.Model] = list(cases)
    for by_label in records.values():
        for label_rows in by_label.values():
            rows.extend(label_rows)
    files = _stored_files(rows)
    Case.objects.filter(pk__in=[case.pk for case in cases]).delete()
    # Only after the rows are gone for good: a rollback must not leave rows without files.
    transaction.on_commit(lambda: _delete_files(files), robust=True)
    return len(cases)


def case_delete(*, case: Case) -> None:
    """Delete one case, its records and its files."""
    cases_delete(cases=[case])


def evidence_files_delete(*, storage: Storage, names: list[str]) -> int:
    """Delete files from the evidence store (orphans: no row points to them); return how many."""
    _delete_files([(storage, name) for name in names])
    return len(names)
