"""Hostile and broken uploads are refused or neutralised; good ones are kept byte for byte."""

import hashlib
import random
import re
import struct
from typing import ClassVar

import filetype
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from hypothesis import example, given
from hypothesis import strategies as st

from cases.models import EvidenceItem
from cases.uploads import clean_name_fully, clean_original_name, max_bytes_for
from tests.cases.conftest import image_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
# Fixed, so a failure can be replayed; os.urandom would give different junk each run.
RANDOM_JUNK = random.Random(20260301).randbytes(4096)
CHAT_LOG = (
    "2026-03-01 10:00:12 我：卡密显示“已被使用”，请退款。\r\n2026-03-01 10:05:40 商家：稍等\r\n"
)


def iso_box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


# Just enough of each container for a content sniffer: the ISO-BMFF ftyp box (HEIC, MP4,
# MOV) or the EBML header with its DocType (WebM).
CONTAINER_HEADERS = {
    "HEIC": iso_box(b"ftyp", b"heic" + bytes(4) + b"mif1heic") + iso_box(b"meta", bytes(24)),
    "MP4": iso_box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + iso_box(b"mdat", bytes(32)),
    "MOV": iso_box(b"ftyp", b"qt  \x00\x00\x02\x00qt  ") + iso_box(b"mdat", bytes(32)),
    "WebM": bytes.fromhex("1a45dfa3 9f 428681 01 42f781 01 4282 84") + b"webm" + bytes(16),
}


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


def multipart_body(boundary: str, fields: dict[str, str], file_header: str, content: bytes):
    """Return a multipart body by hand, so the file name reaches the server as written."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; {file_header}\r\n'
        "Content-Type: image/png\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize(
    "file_header",
    [
        'filename="../../etc/passwd.png"',
        'filename="..\\..\\x.png"',
        "filename*=UTF-8''..%2F..%2Fetc%2Fpasswd.png",
        'filename="..&#47;..&#47;etc&#47;passwd.png"',
    ],
)
def test_path_traversal_in_a_raw_multipart_body_is_harmless(
    user_client, case, png_bytes, private_media, file_header
):
    boundary = "----KamengBoundary7MA4YWxkTrZu0gW"
    fields = {"version": "0", "kind": "failure", "description": "截图", "occurred_at": ""}
    body = multipart_body(boundary, fields, file_header, png_bytes)
    assert file_header.encode() in body  # the test client did not get to clean the name
    response = user_client.post(
        f"/cases/{case.pk}/evidence/add/",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert re.fullmatch(rf"evidence/{case.pk}/[0-9a-f]{{32}}", item.file.name)
    stored = private_media / item.file.name
    assert stored.resolve().is_relative_to(private_media.resolve())
    assert stored.read_bytes() == png_bytes
    assert [path for path in private_media.rglob("*") if path.is_file()] == [stored]
    assert item.original_name in {"passwd.png", "x.png"}
    page = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert f"<dt>原文件名</dt><dd>{item.original_name}</dd>" in page
    download = user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/file/")
    assert f'filename="{item.original_name}"' in download["Content-Disposition"]


class CountingUploadHandler(FileUploadHandler):
    """Pass file chunks on, counting the bytes that got past the handlers before it."""

    chunk_size = 1024  # small chunks keep the file in the test small
    received: ClassVar[list[int]] = []

    def receive_data_chunk(self, raw_data, start):
        CountingUploadHandler.received.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


def test_over_limit_file_is_cut_off_while_streaming(settings, user_client, case, png_bytes):
    limit = 4 * CountingUploadHandler.chunk_size
    settings.EVIDENCE_MAX_BYTES = limit
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.cases.test_uploads.CountingUploadHandler",
        *settings.FILE_UPLOAD_HANDLERS,
    ]
    CountingUploadHandler.received.clear()
    big = png_bytes + bytes(64 * limit)
    response = add_item(user_client, case, big, "big.png")
    assert "文件太大了" in response.content.decode()
    assert not EvidenceItem.objects.exists()
    # The evidence handler goes first; had it let the file through, the handlers after it
    # (which buffer to memory or a temporary file) would have seen all of it.
    assert 0 < sum(CountingUploadHandler.received) <= limit


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


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [
        ("HEIC", "image/heic"),
        ("MP4", "video/mp4"),
        ("MOV", "video/quicktime"),
        ("WebM", "video/webm"),
    ],
)
def test_heic_and_video_containers_are_recognised_by_content(user_client, case, fmt, mime):
    content = CONTAINER_HEADERS[fmt]
    assert filetype.guess_mime(content) == mime  # the fixture is what it claims to be
    assert add_item(user_client, case, content, "no-extension").status_code == 302
    item = EvidenceItem.objects.get()
    assert item.content_type == mime
    assert item.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("fmt", ["MP4", "MOV", "WebM"])
def test_video_upload_gets_the_video_limit_not_the_image_one(settings, user_client, case, fmt):
    settings.EVIDENCE_MAX_BYTES = 2000
    settings.EVIDENCE_VIDEO_MAX_BYTES = 8000
    video = CONTAINER_HEADERS[fmt] + bytes(5000 - len(CONTAINER_HEADERS[fmt]))
    assert add_item(user_client, case, video, "clip.bin").status_code == 302
    assert EvidenceItem.objects.get().size == 5000

    too_long = CONTAINER_HEADERS[fmt] + bytes(9000)
    refused = add_item(user_client, case, too_long, "clip.bin", description="第二段录屏")
    assert refused.status_code == 200
    assert "文件太大了，这类文件最大 7.8 KB" in refused.content.decode()
    assert EvidenceItem.objects.count() == 1


def test_image_as_large_as_an_accepted_video_is_refused(settings, user_client, case):
    settings.EVIDENCE_MAX_BYTES = 2000
    settings.EVIDENCE_VIDEO_MAX_BYTES = 8000
    heic = CONTAINER_HEADERS["HEIC"] + bytes(5000)
    response = add_item(user_client, case, heic, "photo.heic")
    assert "文件太大了，这类文件最大 2 KB" in response.content.decode()
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(CHAT_LOG.encode("gbk"), id="gbk"),
        pytest.param((CHAT_LOG + "𠀀𡃁 ⺁\n").encode("gb18030"), id="gb18030-four-byte"),
        pytest.param(CHAT_LOG.encode("utf-16"), id="utf-16-bom-native"),
        pytest.param(b"\xff\xfe" + CHAT_LOG.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + CHAT_LOG.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(b"\xef\xbb\xbf" + CHAT_LOG.encode(), id="utf-8-bom"),
    ],
)
def test_chinese_windows_text_encodings_are_accepted_unaltered(
    user_client, case, private_media, content
):
    assert add_item(user_client, case, content, "聊天记录.txt").status_code == 302
    item = EvidenceItem.objects.get()
    assert item.content_type == "text/plain"  # as for UTF-8: no charset is recorded
    assert (private_media / item.file.name).read_bytes() == content
    download = user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/file/")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("character", ["聊", "𠀀"], ids=["two-byte", "four-byte"])
def test_gb18030_character_split_across_read_chunks_is_accepted(user_client, case, character):
    # The check reads 64 KiB at a time; put the boundary inside one character.
    content = b"a" * (64 * 1024 - 1) + (character + "天\n").encode("gb18030")
    assert add_item(user_client, case, content, "chat.txt").status_code == 302
    assert EvidenceItem.objects.get().sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(RANDOM_JUNK, id="random-bytes"),
        pytest.param(EXE + RANDOM_JUNK, id="mz-header"),
        pytest.param(b"\xff\xfe" + RANDOM_JUNK, id="utf-16-bom-then-random"),
        pytest.param(b"\xfe\xff" + RANDOM_JUNK, id="utf-16-be-bom-then-random"),
        # Valid GB18030, but the four-byte form of U+0080, a C1 control, and private use.
        pytest.param(CHAT_LOG.encode("gbk") + b"\x81\x30\x81\x30", id="gb18030-c1-control"),
        pytest.param(CHAT_LOG.encode("gbk") + b"\xaa\xa1", id="gb18030-private-use"),
        pytest.param(CHAT_LOG.encode("gbk") + b"\x00\x01", id="gbk-with-nul"),
        pytest.param(CHAT_LOG.encode("utf-16-le"), id="utf-16-without-bom"),
    ],
)
def test_binary_that_a_text_encoding_could_decode_is_still_refused(user_client, case, content):
    response = add_item(user_client, case, content, "chat.txt")
    html = response.content.decode()
    assert response.status_code == 200
    assert "不支持这种文件" in html and "纯文本" in html and "HEIC" in html
    assert not EvidenceItem.objects.exists()


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


NAME_PARTS = st.sampled_from(
    ["a", "截图", ".", "..", "/", "\\", " ", "\t", "\u200b", "\u200d", "\u202e", "\x00", "\n"]
)


@given(st.lists(st.one_of(NAME_PARTS, st.text(max_size=4)), max_size=12).map("".join))
@example(".")
@example("..")
@example(" . ")
@example("")
@example("a/.")
def test_the_quick_name_cleaning_agrees_with_the_full_one(name):
    assert clean_original_name(name) == clean_name_fully(name)


def test_long_names_are_cut_the_same_way():
    name = "聊天记录" * 100 + ".png"
    assert clean_original_name(name) == clean_name_fully(name) == name[:255]
