"""Hostile and broken uploads are refused or neutralised; good ones are kept byte for byte."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import EvidenceItem
from cases.uploads import max_bytes_for
from tests.cases.conftest import image_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def add_item(client, case, content: bytes, name: str, **fields):
    data = {
        "version": "0",
        "kind": fields.pop("kind", "failure"),
        "description": fields.pop("description", "输入卡密后报错的截图"),
        "occurred_at": "2026-03-01T10:30",
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        **fields,
    }
    return client.post(f"/cases/{case.pk}/evidence/add/", data)


def test_valid_png_is_kept_byte_for_byte_with_its_sha256_shown(user_client, case, png_bytes):
    response = add_item(user_client, case, png_bytes, "截图.png")
    assert response.status_code == 302
    item = EvidenceItem.objects.get(case=case)
    expected = hashlib.sha256(png_bytes).hexdigest()
    assert item.sha256 == expected
    assert item.content_type == "image/png"
    assert item.received_at is not None
    page = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert expected in page
    assert "服务器接收时间" in page

    download = user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "private" in download["Cache-Control"] and "no-store" in download["Cache-Control"]
    assert download["Content-Type"] == "image/png"


def test_png_with_html_appended_and_named_html_is_neutralised(user_client, case, png_bytes):
    hostile = png_bytes + b"<html><script>alert(document.cookie)</script></html>"
    response = add_item(user_client, case, hostile, "invoice.html")
    assert response.status_code == 302
    item = EvidenceItem.objects.get(case=case)
    # Stored under a generated name, never the user's.
    assert re.fullmatch(rf"evidence/{case.pk}/[0-9a-f]{{32}}", item.file.name)
    download = user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/file/")
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert ".html" not in disposition and 'filename="invoice.png"' in disposition
    assert b"".join(download.streaming_content) == hostile  # evidence is never altered


def test_executable_renamed_png_is_refused_naming_what_is_accepted(user_client, case):
    response = add_item(user_client, case, EXE + b"\x00" * 512, "photo.png")
    assert response.status_code == 200
    html = response.content.decode()
    assert "不支持这种文件" in html and "PNG" in html and "PDF" in html
    assert "输入卡密后报错的截图" in html  # what the user typed is kept
    assert not EvidenceItem.objects.exists()


def test_binary_garbage_without_a_known_type_is_refused(user_client, case):
    response = add_item(user_client, case, bytes(range(256)) * 4, "notes.txt")
    assert "不支持这种文件" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_plain_utf8_text_is_accepted(user_client, case):
    text = "商家 QQ 聊天记录：\n10:00 我：卡密显示已被使用\n".encode()
    assert add_item(user_client, case, text, "chat.txt").status_code == 302
    assert EvidenceItem.objects.get().content_type == "text/plain"


def test_over_limit_file_is_refused_before_it_is_stored(settings, user_client, case, png_bytes):
    settings.EVIDENCE_MAX_BYTES = len(png_bytes) - 1
    response = add_item(user_client, case, png_bytes, "big.png")
    html = response.content.decode()
    assert response.status_code == 200
    assert "文件太大了" in html
    assert "输入卡密后报错的截图" in html
    assert not EvidenceItem.objects.exists()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_video_gets_the_larger_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 10
    settings.EVIDENCE_VIDEO_MAX_BYTES = 1000
    assert max_bytes_for("video/mp4") == 1000
    assert max_bytes_for("image/png") == 10
    assert max_bytes_for(None) == 10


def test_body_declared_larger_than_any_limit_is_refused_without_reading_it(
    settings, user_client, case
):
    settings.EVIDENCE_MAX_BYTES = 10
    settings.EVIDENCE_VIDEO_MAX_BYTES = 10
    response = user_client.post(
        f"/cases/{case.pk}/evidence/add/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "文件太大了" in response.content.decode()


def test_path_traversal_filename_is_harmless(user_client, case, png_bytes, private_media):
    response = add_item(user_client, case, png_bytes, "../../../../etc/passwd.png")
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert ".." not in item.file.name and "passwd" not in item.file.name
    assert ".." not in item.original_name and "/" not in item.original_name
    stored = private_media / item.file.name
    assert stored.resolve().is_relative_to(private_media.resolve())
    assert stored.read_bytes() == png_bytes


def test_empty_file_is_refused(user_client, case):
    response = add_item(user_client, case, b"", "empty.png")
    html = response.content.decode()
    # Django itself calls an empty upload empty; either way the user is told.
    assert "空" in html
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize("fmt", ["JPEG", "GIF", "WEBP", "PDF"])
def test_other_accepted_formats_are_recognised_by_content(user_client, case, fmt):
    content = image_bytes(fmt)
    assert add_item(user_client, case, content, "file.bin").status_code == 302
    assert EvidenceItem.objects.get().sha256 == hashlib.sha256(content).hexdigest()


def test_htmx_upload_redirects_the_client_and_refusal_swaps_the_form(user_client, case, png_bytes):
    headers = {"HX-Request": "true"}
    data = {
        "version": "0",
        "kind": "failure",
        "description": "录屏",
        "file": SimpleUploadedFile("a.png", png_bytes),
    }
    ok = user_client.post(f"/cases/{case.pk}/evidence/add/", data, headers=headers)
    assert ok.status_code == 200 and ok["HX-Redirect"] == f"/cases/{case.pk}/evidence/"
    bad = {
        "version": "0",
        "kind": "failure",
        "description": "",
        "file": SimpleUploadedFile("a.png", png_bytes),
    }
    refused = user_client.post(f"/cases/{case.pk}/evidence/add/", bad, headers=headers)
    html = refused.content.decode()
    assert html.lstrip().startswith("<form")
    assert "data-upload-progress" in html and "data-error-summary" in html
