"""Housekeeping commands: orphan evidence files, and anonymous cases nobody can open again."""

import io
import os
import time
import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from cases.models import Case, EvidenceItem
from cases.services.case import case_create
from cases.services.evidence import evidence_item_add

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
    item = evidence_item_add(
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


# `manage.py purge_abandoned_cases`: anonymous cases whose session is gone.


def purge_cases(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_abandoned_cases", *args, stdout=out)
    return out.getvalue()


def start_anonymous_case(browser: Client, png: bytes) -> Case:
    """Start a case without an account and upload one file, as a visitor does."""
    browser.post("/cases/new/", {"product_name": "激活码"})
    case = Case.objects.get(session_key=browser.session.session_key)
    browser.post(
        f"/cases/{case.pk}/evidence/add/",
        {
            "version": "0",
            "kind": "failure",
            "description": "报错截图",
            "file": SimpleUploadedFile("a.png", png, content_type="image/png"),
        },
    )
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - timedelta(days=40))
    return case


def test_a_case_whose_session_expired_is_deleted_with_its_files(
    png_bytes, user, django_capture_on_commit_callbacks
):
    gone, alive = Client(), Client()
    gone_case = start_anonymous_case(gone, png_bytes)
    alive_case = start_anonymous_case(alive, png_bytes)
    (stored,) = [item.file.name for item in gone_case.evidence.all()]
    # An account's case is never touched, however old.
    owned = case_create(owner=user, session_key="", product_name="点卡")
    Case.objects.filter(pk=owned.pk).update(updated_at=timezone.now() - timedelta(days=400))
    # Thirty days without a visit: the session expired.
    Session.objects.filter(session_key=gone.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    assert "找到 1 个会话已失效的匿名案件" in purge_cases("--dry-run")
    assert Case.objects.filter(pk=gone_case.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert "删除了 1 个会话已失效的匿名案件" in purge_cases()
    assert not Case.objects.filter(pk=gone_case.pk).exists()
    assert not EvidenceItem.objects.filter(case_id=gone_case.pk).exists()
    assert not default_storage.exists(stored)
    # The visitor whose session lives still has their case, and can open it.
    assert alive.get(f"/cases/{alive_case.pk}/").status_code == 200
    assert Case.objects.filter(pk=owned.pk).exists()


def test_a_case_whose_session_was_cleared_is_abandoned_too(png_bytes):
    browser = Client()
    case = start_anonymous_case(browser, png_bytes)
    Session.objects.all().delete()  # `clearsessions`, or a switch of session store
    purge_cases()
    assert not Case.objects.filter(pk=case.pk).exists()


def test_a_case_started_today_is_spared_even_without_a_session(db):
    case = case_create(owner=None, session_key="x" * 32, product_name="点卡")
    assert "删除了 0 个" in purge_cases()
    assert Case.objects.filter(pk=case.pk).exists()
