"""`manage.py purge_orphan_evidence`: files no evidence row points to are removed, nothing else."""

import io
import os
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cases import services

pytestmark = pytest.mark.django_db
TWO_DAYS = 2 * 24 * 3600


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_orphan_evidence", *args, stdout=out)
    return out.getvalue()


def stray_file(folder: str, *, age_seconds: int) -> str:
    name = default_storage.save(f"evidence/{folder}/{uuid.uuid4().hex}", ContentFile(b"left"))
    moment = time.time() - age_seconds
    os.utime(default_storage.path(name), (moment, moment))
    return name


@pytest.fixture
def stored(make_case, user, png_bytes):
    """A case with one real evidence file, and orphans old and new around it."""
    case = make_case(owner=user)
    item = services.evidence_item_add(
        case=case,
        kind="failure",
        description="报错截图",
        upload=SimpleUploadedFile("a.png", png_bytes),
    )
    old_in_case = stray_file(str(case.pk), age_seconds=TWO_DAYS)
    gone_case_folder = str(uuid.uuid4())
    old_of_deleted_case = stray_file(gone_case_folder, age_seconds=TWO_DAYS)
    recent = stray_file(str(case.pk), age_seconds=60)
    # The real file is old too: age alone must never remove it.
    kept = default_storage.path(item.file.name)
    os.utime(kept, (time.time() - TWO_DAYS, time.time() - TWO_DAYS))
    return {
        "item": item,
        "orphans": {old_in_case, old_of_deleted_case},
        "recent": recent,
        "gone_folder": gone_case_folder,
    }


def test_dry_run_lists_the_old_orphans_and_deletes_nothing(stored):
    output = purge("--dry-run")
    listed = {line for line in output.splitlines() if line.startswith("evidence/")}
    assert listed == stored["orphans"]
    assert "找到 2 个孤儿文件（试运行，没有删除）" in output
    assert all(default_storage.exists(name) for name in stored["orphans"])


def test_purge_removes_old_orphans_and_keeps_evidence_and_fresh_uploads(stored, png_bytes):
    output = purge()
    assert "删除了 2 个孤儿文件" in output
    assert not any(default_storage.exists(name) for name in stored["orphans"])
    assert default_storage.exists(stored["recent"])  # may be an upload about to commit
    # The deleted case's folder is tidied away; the live case's evidence still downloads.
    assert not os.path.exists(default_storage.path(f"evidence/{stored['gone_folder']}"))
    item = stored["item"]
    assert default_storage.open(item.file.name).read() == png_bytes
    assert "删除了 0 个孤儿文件" in purge()


def test_min_age_zero_takes_fresh_orphans_too(stored):
    purge("--min-age-hours", "0")
    assert not default_storage.exists(stored["recent"])
    assert default_storage.exists(stored["item"].file.name)


def test_an_empty_store_is_not_an_error(db):
    assert "删除了 0 个孤儿文件" in purge()


@pytest.mark.parametrize("hours", ["-1", "nan", "inf"])
def test_a_nonsense_age_is_refused(db, hours):
    with pytest.raises(CommandError, match="--min-age-hours"):
        purge("--min-age-hours", hours)
