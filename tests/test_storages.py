"""Evidence files on shared S3-compatible storage, switched on by environment variables.

Several app servers can only be stateless if the evidence files live in a shared store.
The settings are read from config/settings.py itself (run with the variables set), and the
upload → page → download → delete path goes through the real views against S3's API,
served in-process by moto.
"""

import hashlib
import io
import runpy
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from moto import mock_aws

from cases.models import EvidenceItem
from cases.services.case import case_create
from cases.services.evidence import evidence_item_add
from tests.cases.conftest import image_bytes

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "kameng-evidence"
S3_ENV = {
    "DJANGO_S3_BUCKET": BUCKET,
    "DJANGO_S3_REGION": "us-east-1",
    "DJANGO_S3_PREFIX": "site-a",
}


def settings_storages(monkeypatch, **env: str) -> dict:
    """Return STORAGES as config/settings.py computes it with these variables set."""
    for name in ("DJANGO_S3_BUCKET", "DJANGO_S3_ENDPOINT_URL", "DJANGO_S3_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))["STORAGES"]


def test_without_a_bucket_evidence_stays_on_the_local_disk(monkeypatch):
    storages = settings_storages(monkeypatch)
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_variable_switches_evidence_to_private_s3_storage(monkeypatch):
    storages = settings_storages(
        monkeypatch, **S3_ENV, DJANGO_S3_ENDPOINT_URL="https://minio.internal:9000"
    )
    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": BUCKET,
        "endpoint_url": "https://minio.internal:9000",
        "region_name": "us-east-1",
        "location": "site-a",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    # Static files are unaffected: each box keeps serving its own copy.
    assert storages["staticfiles"] == settings_storages(monkeypatch)["staticfiles"]


@pytest.fixture
def s3(settings, monkeypatch):
    """Point default storage at a moto S3 bucket configured exactly as the settings say."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    storages = settings_storages(monkeypatch, **S3_ENV)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
        yield client


def stored_objects(client) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        entry["Key"]: client.get_object(Bucket=BUCKET, Key=entry["Key"])["Body"].read()
        for entry in listing
    }


def test_evidence_upload_download_and_delete_go_through_the_bucket(
    s3, user_client, user, django_capture_on_commit_callbacks
):
    case = case_create(
        owner=user, session_key="", product_name="王者荣耀 100 元点卡", platform_name="某卡盟"
    )
    png = image_bytes("PNG")
    response = user_client.post(
        f"/cases/{case.pk}/evidence/add/",
        {
            "version": "0",
            "kind": "failure",
            "description": "输入卡密后报错的截图",
            "occurred_at": "2026-03-01T10:30",
            "file": SimpleUploadedFile("截图.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get(case=case)

    # The bytes are in the bucket, under the prefix, with the generated name.
    objects = stored_objects(s3)
    assert objects == {f"site-a/{item.file.name}": png}
    acl = s3.get_object_acl(Bucket=BUCKET, Key=f"site-a/{item.file.name}")
    assert all(grant["Permission"] == "FULL_CONTROL" for grant in acl["Grants"])
    assert all("URI" not in grant["Grantee"] for grant in acl["Grants"]), "object is public"

    page = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert hashlib.sha256(png).hexdigest() in page

    download = user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png

    with django_capture_on_commit_callbacks(execute=True):
        deleted = user_client.post(f"/cases/{case.pk}/evidence/{item.pk}/delete/")
    assert deleted.status_code == 302
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    assert stored_objects(s3) == {}


def test_purging_orphans_works_on_the_bucket_too(s3, user):
    case = case_create(
        owner=user, session_key="", product_name="王者荣耀 100 元点卡", platform_name="某卡盟"
    )
    png = image_bytes("PNG")
    item = evidence_item_add(
        case=case,
        kind="failure",
        description="报错截图",
        upload=SimpleUploadedFile("a.png", png),
    )
    # Left by a worker that died before its transaction committed.
    s3.put_object(Bucket=BUCKET, Key=f"site-a/evidence/{case.pk}/0123abcd", Body=b"orphan")
    s3.put_object(Bucket=BUCKET, Key="site-a/evidence/gone-case/4567ef", Body=b"orphan")
    out = io.StringIO()
    call_command("purge_orphan_evidence", "--min-age-hours", "0", stdout=out)
    assert "删除了 2 个孤儿文件" in out.getvalue()
    assert stored_objects(s3) == {f"site-a/{item.file.name}": png}
