"""Nobody fills the disk: quotas on cases and evidence, clean file names, no pixel bombs.

Issue 15, findings 1 and 8, through the doors the scanner used: POST /cases/new/ and
POST …/evidence/add/ with the test client, from one address or many.
"""

import html
import io
import json
import logging
import os
import re
import struct
import zipfile
import zlib

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image

from cases.models import Case, EvidenceItem
from cases.services.case import case_create
from config.proxies import client_ip_settings
from config.ratelimit import QUOTA_CACHE
from tests.test_settings import manage, settings_read_with

pytestmark = pytest.mark.django_db

ADDRESS = {"REMOTE_ADDR": "198.51.100.20"}


def start_case(client: Client, product: str = "王者荣耀 648 点券", **extra):
    return client.post(
        "/cases/new/", {"product_name": product, "platform_name": "某卡盟"}, **{**ADDRESS, **extra}
    )


def anonymous_case(client: Client) -> Case:
    response = start_case(client)
    assert response.status_code == 302
    return Case.objects.filter(owner=None).latest("created_at")


def upload(client: Client, case: Case, content: bytes, name: str = "截图.png", **extra):
    data = {
        "version": "0",
        "kind": "failure",
        "description": extra.pop("description", "输入卡密后报错的截图"),
        "occurred_at": "2026-03-01T10:30",
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    }
    return client.post(f"/cases/{case.pk}/evidence/add/", data, **{**ADDRESS, **extra})


def image(size: tuple[int, int] = (8, 8), fmt: str = "PNG", colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A real, valid 1-bit PNG of width × height: 49 kB on disk, 400 megapixels to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def jpeg_bomb() -> bytes:
    """A small JPEG whose header claims 20000 × 20000 pixels."""
    data = bytearray(image(fmt="JPEG"))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", 20000, 20000)
    return bytes(data)


def gif_bomb() -> bytes:
    """A small GIF whose screen and first frame claim 20000 × 20000 pixels."""
    data = bytearray(image(fmt="GIF"))
    data[6:10] = struct.pack("<HH", 20000, 20000)
    frame = data.index(b"\x2c", 13)
    data[frame + 5 : frame + 9] = struct.pack("<HH", 20000, 20000)
    return bytes(data)


def webp_bomb() -> bytes:
    """A small lossless WebP whose header claims 16383 × 16383 pixels, WebP's largest."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "WEBP", lossless=True)
    data = bytearray(buffer.getvalue())
    (bits,) = struct.unpack("<I", data[21:25])
    size = 16382 | (16382 << 14)  # width − 1 and height − 1, 14 bits each
    data[21:25] = struct.pack("<I", size | (bits & ~((1 << 28) - 1)))
    return bytes(data)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


# --- finding 1: cases ------------------------------------------------------------------------


def test_an_anonymous_visitor_may_start_only_so_many_cases_an_hour(settings):
    settings.QUOTA_CASES_PER_HOUR_ANON = 2
    browser = Client()
    assert start_case(browser).status_code == 302
    assert start_case(browser).status_code == 302

    refused = start_case(browser, product="第三个案件的商品")
    assert refused.status_code == 429
    page = text_of(refused)
    assert "这一小时里你已经开始了 2 个案件" in page
    assert re.search(r"请 \d+ 分钟后再试", page)
    assert f"注册账号后每小时可以开始 {settings.QUOTA_CASES_PER_HOUR} 个" in page
    # What they typed is still in the form; nothing was created, nothing removed.
    assert 'value="第三个案件的商品"' in refused.content.decode()
    assert Case.objects.count() == 2


def test_an_account_may_start_more_cases_than_an_anonymous_visitor(settings, user_client):
    settings.QUOTA_CASES_PER_HOUR_ANON = 1
    settings.QUOTA_CASES_PER_HOUR = 3
    for _ in range(3):
        assert start_case(user_client).status_code == 302
    refused = start_case(user_client)
    assert refused.status_code == 429
    assert "这一小时里你已经开始了 3 个案件" in text_of(refused)
    assert "注册账号" not in text_of(refused)
    assert Case.objects.count() == 3


def test_new_sessions_from_one_address_share_the_address_limit(settings):
    settings.QUOTA_CASES_PER_HOUR_PER_IP = 3
    for _ in range(3):
        assert start_case(Client()).status_code == 302  # a fresh session each time
    refused = start_case(Client())
    assert refused.status_code == 429
    assert "这个网络地址这一小时里开始的案件太多了" in text_of(refused)
    # Someone else, elsewhere, is not held back.
    assert start_case(Client(), REMOTE_ADDR="203.0.113.9").status_code == 302
    assert Case.objects.count() == 4


def test_behind_a_proxy_the_address_limit_counts_the_client_not_the_proxy(settings):
    for name, value in client_ip_settings(1).items():
        setattr(settings, name, value)
    settings.QUOTA_CASES_PER_HOUR_PER_IP = 1
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = start_case(Client(), HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    assert first.status_code == 302
    # A forged entry further left does not make a new client.
    forged = start_case(Client(), HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", **via_proxy)
    assert forged.status_code == 429
    other = start_case(Client(), HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    assert other.status_code == 302


def test_one_ipv6_client_counts_as_one_whatever_address_of_its_64_it_uses(settings):
    settings.QUOTA_CASES_PER_HOUR_PER_IP = 1
    assert start_case(Client(), REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
    assert start_case(Client(), REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert start_case(Client(), REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_an_invalid_form_is_not_counted(settings):
    settings.QUOTA_CASES_PER_HOUR_ANON = 1
    browser = Client()
    for _ in range(3):
        assert browser.post("/cases/new/", {"stage": "nonsense"}, **ADDRESS).status_code == 200
    assert start_case(browser).status_code == 302


# --- finding 1: evidence -----------------------------------------------------------------------


def test_an_anonymous_case_holds_only_so_many_files_and_refusing_touches_nothing(settings):
    settings.QUOTA_FILES_PER_CASE_ANON = 2
    browser = Client()
    case = anonymous_case(browser)
    first, second = image(colour=(1, 2, 3)), image(colour=(4, 5, 6))
    assert upload(browser, case, first).status_code == 302
    assert upload(browser, case, second).status_code == 302
    stored = {item.sha256: item.file.read() for item in EvidenceItem.objects.filter(case=case)}

    refused = upload(browser, case, image(colour=(7, 8, 9)), description="第三张：客服聊天记录")
    assert refused.status_code == 200
    page = text_of(refused)
    assert "这个案件已经有 2 个证据文件，最多只能放 2 个" in page
    assert "删除一些不需要的文件" in page and "注册账号" in page
    assert "第三张：客服聊天记录" in page  # what they typed is still in the form
    # Nothing saved, nothing already saved changed.
    items = EvidenceItem.objects.filter(case=case)
    assert {item.sha256: item.file.read() for item in items} == stored
    # The page says how much room is left before anyone hits the wall.
    evidence_page = text_of(browser.get(f"/cases/{case.pk}/evidence/"))
    assert "这个案件已有 2 个证据文件" in evidence_page and "最多 2 个" in evidence_page


def test_a_file_past_the_cases_byte_quota_is_refused_naming_the_sizes(settings, user_client, user):
    # Bytes after the end of a PNG leave it a PNG: a big file without a big picture.
    big = image((300, 300), colour=(9, 9, 9)) + b"\x00" * (600 * 1024)
    settings.QUOTA_BYTES_PER_CASE = len(big) + 1024
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    assert upload(user_client, case, big).status_code == 302
    refused = upload(user_client, case, big)
    assert refused.status_code == 200
    page = text_of(refused)
    assert "就超过了上限" in page and "MB" in page
    assert "删除一些不需要的文件" in page
    assert "注册账号" not in page  # an account has nothing more to sign up for
    assert EvidenceItem.objects.filter(case=case).count() == 1


def test_signing_up_lifts_a_full_anonymous_case_to_the_account_quota(settings):
    settings.QUOTA_FILES_PER_CASE_ANON = 1
    browser = Client()
    case = anonymous_case(browser)
    assert upload(browser, case, image(colour=(1, 1, 1))).status_code == 302
    assert upload(browser, case, image(colour=(2, 2, 2))).status_code == 200
    password = "a-Long-pass-2026"
    signed_up = browser.post(
        "/accounts/signup/",
        {"username": "newbuyer", "password1": password, "password2": password},
        **ADDRESS,
    )
    assert signed_up.status_code == 302
    assert upload(browser, case, image(colour=(2, 2, 2))).status_code == 302
    assert EvidenceItem.objects.filter(case=case).count() == 2


def test_uploads_per_hour_are_limited_per_visitor_with_the_input_kept(settings):
    settings.QUOTA_UPLOADS_PER_HOUR_ANON = 2
    browser = Client()
    case = anonymous_case(browser)
    assert upload(browser, case, image(colour=(1, 1, 1))).status_code == 302
    assert upload(browser, case, image(colour=(2, 2, 2))).status_code == 302
    refused = upload(browser, case, image(colour=(3, 3, 3)), description="付款记录截图")
    assert refused.status_code == 429
    page = text_of(refused)
    assert "这一小时里你已经添加了 2 条证据" in page
    assert re.search(r"请 \d+ 分钟后再试", page)
    assert f"注册账号后每小时可以添加 {settings.QUOTA_UPLOADS_PER_HOUR} 条" in page
    assert "付款记录截图" in page
    assert EvidenceItem.objects.filter(case=case).count() == 2


def test_uploads_per_hour_are_limited_per_address_and_htmx_gets_the_form_back(settings):
    settings.QUOTA_UPLOADS_PER_HOUR_PER_IP = 1
    browser = Client()
    case = anonymous_case(browser)
    assert upload(browser, case, image(colour=(1, 1, 1))).status_code == 302
    refused = upload(browser, case, image(colour=(2, 2, 2)), headers={"HX-Request": "true"})
    # htmx swaps only a 2xx answer: the form comes back in place, with the reason.
    assert refused.status_code == 200
    page = text_of(refused)
    assert page.lstrip().startswith("<form")
    assert "这个网络地址这一小时里上传的证据太多了" in page
    assert EvidenceItem.objects.filter(case=case).count() == 1


def test_upload_bytes_per_hour_are_limited_per_address(settings):
    first = image(colour=(1, 1, 1))
    settings.QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP = len(first) + 10
    browser = Client()
    case = anonymous_case(browser)
    assert upload(browser, case, first).status_code == 302
    assert upload(browser, case, image(colour=(2, 2, 2))).status_code == 429


def test_the_limits_count_in_the_shared_database_in_production(settings):
    """Production counts in a table of the shared database: every app server sees one count."""
    settings.CACHES = {
        **settings.CACHES,
        QUOTA_CACHE: {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "quota_counters",
        },
    }
    call_command("createcachetable", database="default", verbosity=0)
    settings.QUOTA_CASES_PER_HOUR_PER_IP = 2
    assert start_case(Client()).status_code == 302
    # As on another app server: a cache object of its own, the same table.
    del caches[QUOTA_CACHE]
    assert start_case(Client()).status_code == 302
    assert start_case(Client()).status_code == 429
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM quota_counters")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("cases:ip" in key for key in keys)
    # Neither the address nor the session is stored in the clear.
    assert not any("198.51.100.20" in key for key in keys)


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


def test_the_limits_can_count_in_redis(settings):
    # Every machine of ours runs Redis (.ci/system-deps starts it): only a laptop without one
    # may skip this, never CI.
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Redis answers on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    settings.CACHES = {
        **settings.CACHES,
        QUOTA_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"kameng-test-{timezone.now().timestamp()}",
        },
    }
    settings.QUOTA_CASES_PER_HOUR_PER_IP = 1
    try:
        assert start_case(Client()).status_code == 302
        assert start_case(Client()).status_code == 429
    finally:
        caches[QUOTA_CACHE].clear()


def test_a_broken_quota_cache_lets_buyers_through_and_says_so_in_the_log(settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        QUOTA_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        },
    }
    settings.QUOTA_CASES_PER_HOUR_PER_IP = 0
    with caplog.at_level(logging.ERROR, logger="config.ratelimit"):
        assert start_case(Client()).status_code == 302
    assert "quota cache failed" in caplog.text


def test_quota_defaults_as_docs_deploy_states_them(monkeypatch):
    s = settings_read_with(monkeypatch)
    mb = 1024 * 1024
    assert (s["QUOTA_FILES_PER_CASE_ANON"], s["QUOTA_FILES_PER_CASE"]) == (20, 100)
    assert (s["QUOTA_BYTES_PER_CASE_ANON"], s["QUOTA_BYTES_PER_CASE"]) == (300 * mb, 1000 * mb)
    assert (s["QUOTA_CASES_PER_HOUR_ANON"], s["QUOTA_CASES_PER_HOUR"]) == (5, 20)
    assert s["QUOTA_CASES_PER_HOUR_PER_IP"] == 30
    assert (s["QUOTA_UPLOADS_PER_HOUR_ANON"], s["QUOTA_UPLOADS_PER_HOUR"]) == (30, 100)
    assert s["QUOTA_UPLOADS_PER_HOUR_PER_IP"] == 200
    assert s["QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP"] == 1000 * mb
    assert s["EVIDENCE_MAX_PIXELS"] == 50_000_000
    s = settings_read_with(monkeypatch, QUOTA_FILES_PER_CASE_ANON="0", QUOTA_MB_PER_CASE="50")
    assert (s["QUOTA_FILES_PER_CASE_ANON"], s["QUOTA_BYTES_PER_CASE"]) == (0, 50 * mb)


@pytest.mark.parametrize(
    ("name", "value", "refusal"),
    [
        ("QUOTA_CASES_PER_HOUR", "ten", "QUOTA_CASES_PER_HOUR must be a whole number"),
        ("QUOTA_MB_PER_CASE_ANON", "-1", "QUOTA_MB_PER_CASE_ANON must be a whole number"),
        ("EVIDENCE_MAX_MEGAPIXELS", "5e7", "EVIDENCE_MAX_MEGAPIXELS must be a whole number"),
        ("DJANGO_QUOTA_CACHE", "memcached://x", "DJANGO_QUOTA_CACHE must be a Redis URL"),
    ],
)
def test_a_bad_quota_setting_stops_the_server_naming_the_variable(
    monkeypatch, name, value, refusal
):
    with pytest.raises(ImproperlyConfigured, match=refusal):
        settings_read_with(monkeypatch, **{name: value})


def test_production_counts_in_the_database_and_queues_mail():
    probe = (
        "from django.conf import settings; "
        "print(settings.CACHES['quotas']['BACKEND']); "
        "print(settings.TASKS['default']['BACKEND'])"
    )
    result = manage(
        "shell",
        "-c",
        probe,
        DJANGO_DEBUG="",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-1234567890",
        DJANGO_ALLOWED_HOSTS="example.com",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [
        "django.core.cache.backends.db.DatabaseCache",
        "django_tasks_db.DatabaseBackend",
    ]


# --- finding 8: file names -------------------------------------------------------------------

HOSTILE_NAME = "发票\u202egnp.exe\u0007\u200b\u2066.png"


def _assert_clean(text: str) -> None:
    for char in ("\u202e", "\u0007", "\u200b", "\u2066"):
        assert char not in text
    for escaped in ("\\u202e", "\\u0007", "\\u200b", "\\u2066"):
        assert escaped not in text.lower()


def _case_json(client: Client, case: Case) -> str:
    response = client.get(f"/cases/{case.pk}/export/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        _assert_clean(name)
    return archive.read("case.json").decode()


def test_bidi_and_control_characters_never_reach_a_page_or_the_export(user_client, user):
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    assert upload(user_client, case, image(), name=HOSTILE_NAME).status_code == 302
    item = EvidenceItem.objects.get(case=case)
    assert item.original_name == "发票gnp.exe.png"
    evidence_page = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "发票gnp.exe.png" in evidence_page
    _assert_clean(evidence_page)
    _assert_clean(user_client.get(f"/cases/{case.pk}/evidence/{item.pk}/delete/").content.decode())
    document = _case_json(user_client, case)
    _assert_clean(document)
    (row,) = json.loads(document)["case"]["related"]["cases.evidenceitem"]
    assert row["original_name"] == "发票gnp.exe.png"


def test_names_stored_before_the_cleaning_are_shown_and_exported_clean(user_client, user):
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    assert upload(user_client, case, image(), name="old.png").status_code == 302
    # As an older version of the site stored it: straight into the column.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_evidenceitem SET original_name = %s", [HOSTILE_NAME])
        cursor.execute("SELECT original_name FROM cases_evidenceitem")
        assert cursor.fetchone()[0] == HOSTILE_NAME
    for page in ("evidence/", "appeal/print/"):
        _assert_clean(user_client.get(f"/cases/{case.pk}/{page}").content.decode())
    _assert_clean(_case_json(user_client, case))
    account_zip = user_client.get("/accounts/export/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(account_zip.streaming_content)))
    _assert_clean(archive.read("cases.json").decode())


# --- finding 8: pixel bombs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bomb", "name"),
    [
        (png_bomb, "bomb.png"),
        (jpeg_bomb, "bomb.jpg"),
        (gif_bomb, "bomb.gif"),
        (webp_bomb, "b.webp"),
    ],
)
def test_a_pixel_bomb_is_refused_at_upload_with_a_clear_message(user_client, user, bomb, name):
    content = bomb()
    assert len(content) < 400 * 1024  # small on disk: the size limit alone lets it in
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    refused = upload(user_client, case, content, name=name, description="商品页截图")
    assert refused.status_code == 200
    page = text_of(refused)
    assert "这张图片的尺寸太大了" in page and "每张图片最多 5000 万像素" in page
    assert "请把图片缩小，或者分成几张截图再上传" in page
    assert "商品页截图" in page
    assert not EvidenceItem.objects.filter(case=case).exists()


def test_the_pixel_limit_is_a_setting_and_says_the_images_size(settings, user_client, user):
    settings.EVIDENCE_MAX_PIXELS = 100 * 100
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    assert upload(user_client, case, image((100, 100))).status_code == 302
    refused = upload(user_client, case, image((101, 100)))
    assert "101 × 100 像素" in text_of(refused) and "最多 1 万像素" in text_of(refused)
    assert EvidenceItem.objects.filter(case=case).count() == 1


def test_a_stored_pixel_bomb_is_never_sent_to_be_drawn_as_a_thumbnail(user_client, user):
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    assert upload(user_client, case, image(), name="ok.png").status_code == 302
    ok = EvidenceItem.objects.get(case=case)
    # A bomb that got in before uploads were measured.
    bomb = EvidenceItem(case=case, kind="failure", description="旧的大图")
    bomb.original_name, bomb.content_type, bomb.size = "bomb.png", "image/png", 48685
    bomb.received_at = timezone.now()
    bomb.file.save("evidence", ContentFile(png_bomb()), save=False)
    bomb.save()

    drawn = user_client.get(f"/cases/{case.pk}/evidence/{ok.pk}/thumb/")
    assert drawn.status_code == 200 and drawn["Content-Type"] == "image/png"
    icon = user_client.get(f"/cases/{case.pk}/evidence/{bomb.pk}/thumb/")
    assert icon.status_code == 302 and icon["Location"].endswith(".svg")
    # The original stays downloadable: it is evidence.
    download = user_client.get(f"/cases/{case.pk}/evidence/{bomb.pk}/file/")
    assert b"".join(download.streaming_content) == png_bomb()
