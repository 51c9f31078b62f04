"""The account page, exporting all of an account's data, and deleting the account."""

import io
import json
import os
import zipfile

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, NegotiationAttempt, WizardText
from cases.services.case import case_create
from cases.services.evidence import evidence_item_add

PASSWORD = "a-Long-pass-2026"  # the password of the user fixtures
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


def files_under(root) -> list[str]:
    return [os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names]


def add_case_with_files(owner, png_bytes: bytes, name: str) -> Case:
    case = case_create(owner=owner, product_name=name, platform_name="某卡盟")
    for kind in ("transaction", "failure"):
        evidence_item_add(
            case=case,
            kind=kind,
            description=f"{name} {kind}",
            upload=SimpleUploadedFile(f"{kind}.png", png_bytes),
        )
    NegotiationAttempt.objects.create(case=case, sent_at=timezone.now(), message="请处理")
    return case


@pytest.fixture
def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def two_cases(user, png_bytes):
    return [add_case_with_files(user, png_bytes, name) for name in ("点卡", "激活码")]


def log_in(username: str = "buyer", password: str = PASSWORD) -> Client:
    browser = Client()
    response = browser.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return browser


def rows_pointing_at(model: type[models.Model], pks: set) -> list[str]:
    """Return every row of any model whose foreign key points at one of these rows."""
    found = []
    for other in apps.get_models(include_auto_created=True):
        for field in other._meta.concrete_fields:
            if field.is_relation and field.related_model is model:
                hits = other._base_manager.filter(**{f"{field.attname}__in": pks}).count()
                if hits:
                    found.append(f"{other._meta.label}.{field.name}: {hits}")
    return found


def test_account_page_links_cases_password_export_and_delete(user_client):
    html = user_client.get("/accounts/").content.decode()
    for url in ("/cases/", "/accounts/password/change/", "/accounts/export/", "/accounts/delete/"):
        assert f'href="{url}"' in html
    assert html.count("<h1") == 1
    assert 'href="/accounts/"' in user_client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/accounts/", "/accounts/export/", "/accounts/delete/"])
def test_account_pages_ask_anonymous_visitors_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(url, {"password": PASSWORD}).status_code in {302, 405}


def test_account_export_holds_every_case_and_file_of_the_account(
    user_client, two_cases, other_user, png_bytes
):
    add_case_with_files(other_user, png_bytes, "别人的案件")
    response = user_client.get("/accounts/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    document = json.loads(archive.read("cases.json"))
    assert document["account"]["username"] == "buyer"
    exported = {entry["fields"]["id"]: entry for entry in document["cases"]}
    assert exported.keys() == {str(case.pk) for case in two_cases}
    for case in two_cases:
        entry = exported[str(case.pk)]
        assert entry["fields"]["product_name"] == case.product_name
        assert len(entry["related"]["cases.negotiationattempt"]) == 1
        for item, row in zip(
            case.evidence.all(), entry["related"]["cases.evidenceitem"], strict=True
        ):
            with item.file.open("rb") as handle:
                assert archive.read(row["file"]["path"]) == handle.read()
            assert row["file"]["path"].startswith(f"{case.pk}/files/")
    assert "别人的案件" not in archive.read("cases.json").decode()
    assert len([name for name in archive.namelist() if "/files/" in name]) == 4


def test_delete_page_names_what_is_lost_and_suggests_export(user_client, two_cases):
    html = user_client.get("/accounts/delete/").content.decode()
    assert "2 个案件" in html and "4 个上传的证据文件" in html
    assert "建议先导出" in html and 'href="/accounts/export/"' in html


def test_wrong_password_deletes_nothing_and_says_why(user, two_cases, private_media):
    browser = log_in()
    response = browser.post("/accounts/delete/", {"password": "not-my-password"})
    html = response.content.decode()
    assert response.status_code == 200 and "密码不对" in html and "data-error-summary" in html
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Case.objects.filter(owner=user).count() == 2
    assert len(files_under(private_media)) == 4
    assert browser.get("/accounts/").status_code == 200  # still signed in


def test_deleting_the_account_leaves_nothing_that_names_the_user(
    user, other_user, two_cases, png_bytes, private_media, django_capture_on_commit_callbacks
):
    other_case = add_case_with_files(other_user, png_bytes, "别人的案件")
    elsewhere = log_in()  # the same user on another device
    browser = log_in()
    # A failed login: django-axes keeps the username (a success would have reset it).
    Client().post("/accounts/login/", {"username": "buyer", "password": "wrong"})
    case_ids = {case.pk for case in two_cases}
    assert AccessAttempt.objects.filter(username="buyer").exists()
    assert AccessLog.objects.filter(username="buyer").exists()
    # The failure log is off by default (AXES_ENABLE_ACCESS_FAILURE_LOG); a site may turn it on.
    AccessFailureLog.objects.create(
        username="buyer", ip_address="127.0.0.1", user_agent="t", http_accept="*/*", path_info="/"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/deleted/"
    done = browser.get(response["Location"])
    assert "账号已删除" in done.content.decode()
    assert not done.context["user"].is_authenticated
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert rows_pointing_at(get_user_model(), {user.pk}) == []
    assert rows_pointing_at(Case, case_ids) == []
    assert not Case.objects.filter(pk__in=case_ids).exists()
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(user.pk)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username="buyer").exists(), model.__name__
    assert elsewhere.get("/accounts/").status_code == 302  # signed out there too
    # Only the other user's two files are left on disk.
    remaining = files_under(private_media)
    assert len(remaining) == 2 and all(str(other_case.pk) in path for path in remaining)
    assert other_case.evidence.count() == 2 and get_user_model().objects.filter(pk=other_user.pk)


def test_nothing_else_keeps_a_user_from_being_deleted():
    """A foreign key to the user that neither cascades nor lets go would block deletion."""
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                on_delete = field.remote_field.on_delete
                assert on_delete in {models.CASCADE, models.SET_NULL}, (
                    f"{model._meta.label}.{field.name}: {on_delete.__name__}"
                )
                if on_delete is models.CASCADE:
                    # Only rows that are the user's own data may go with the user.
                    assert model._meta.app_label in {"auth", "admin", "cases"}, model._meta.label


def test_sessions_are_in_the_database_unless_a_shared_cache_is_named():
    # Sessions hold a signed-out buyer's cases: they must outlive any restart (docs/DEPLOY.md).
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_deleting_an_account_ends_its_sessions_in_the_shared_cache_too(settings, user):
    # DJANGO_SESSION_CACHE: every session also kept in a cache every worker reads first.
    from django.core.cache import caches

    from accounts.services import account_delete

    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    browser = Client()
    browser.force_login(user)
    assert browser.get("/accounts/").status_code == 200
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert caches["sessions"].get(f"django.contrib.sessions.cached_db{key}") is not None

    account_delete(user=user)

    assert caches["sessions"].get(f"django.contrib.sessions.cached_db{key}") is None
    assert not Session.objects.filter(session_key=key).exists()
    assert browser.get("/accounts/").status_code == 302  # signed out


def test_an_empty_delete_post_asks_for_the_password(user_client, user):
    response = user_client.post("/accounts/delete/", {})
    assert response.status_code == 200 and "请输入当前密码" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def text_naming(needles: list[str]) -> list[str]:
    """Return every row, in any table, whose text or JSON columns contain one of the needles."""
    text_fields = (models.CharField, models.TextField, models.JSONField)
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, text_fields) or field.is_relation:
                continue
            for needle in needles:
                hits = model._base_manager.filter(**{f"{field.attname}__icontains": needle})
                if hits.exists():
                    found.append(f"{model._meta.label}.{field.name} ~ {needle}")
    return found


def test_deleting_an_editors_account_leaves_no_row_naming_them_history_included(
    staff_user, png_bytes, private_media, django_capture_on_commit_callbacks
):
    """The user is an editor too: their guidance edits stay in the history, without their name."""
    name, email = "zhang-mingyu-7731", "zmy7731@example.com"
    user = get_user_model().objects.create_superuser(username=name, email=email, password=PASSWORD)
    case_ids = {add_case_with_files(user, png_bytes, item).pk for item in ("点卡", "激活码")}
    browser = log_in(name)
    text = WizardText.objects.get(key="record_prevention")
    edited = browser.post(
        f"/admin/cases/wizardtext/{text.pk}/change/",
        {
            "label": text.label,
            "body": "- 这是编辑改过的清单",
            "change_note": "改清单",
            "_save": "保存",
        },
    )
    assert edited.status_code == 302
    assert text.history.filter(history_user=user).exists()
    assert LogEntry.objects.filter(user=user).exists()
    # Another editor's admin action on this account names it in object_repr.
    LogEntry.objects.log_actions(
        user_id=staff_user.pk, queryset=[user], action_flag=CHANGE, change_message="改了邮箱"
    )
    assert text_naming([name, email]) != []  # the scan sees the name where it is stored

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/deleted/"
    assert text_naming([name, email]) == []
    assert rows_pointing_at(get_user_model(), {user.pk}) == []
    assert rows_pointing_at(Case, case_ids) == []
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(user.pk)
    assert files_under(private_media) == []
    folders = [folder for folder, _, _ in os.walk(private_media)]
    assert not [folder for folder in folders for pk in case_ids if str(pk) in folder]
    # The guidance the editor wrote is site content: it stays, and its history says no name.
    latest = WizardText.objects.get(key="record_prevention").history.latest("history_date")
    assert latest.body == "- 这是编辑改过的清单" and latest.history_user_id is None
    assert get_user_model().objects.filter(pk=staff_user.pk).exists()


def test_account_export_query_count_is_constant_as_cases_grow(user_client, user, png_bytes):
    def export_queries() -> tuple[int, zipfile.ZipFile]:
        with CaptureQueriesContext(connection) as captured:
            body = b"".join(user_client.get("/accounts/export/").streaming_content)
        return len(captured.captured_queries), zipfile.ZipFile(io.BytesIO(body))

    add_case_with_files(user, png_bytes, "点卡")
    small, _ = export_queries()
    for n in range(4):
        case = add_case_with_files(user, png_bytes, f"激活码 {n}")
        NegotiationAttempt.objects.create(case=case, sent_at=timezone.now(), message="再催一次")
    large, archive = export_queries()
    assert large == small
    assert len(json.loads(archive.read("cases.json"))["cases"]) == 5
    assert len([name for name in archive.namelist() if "/files/" in name]) == 10


def test_account_export_holds_the_login_records_the_privacy_page_names(user_client, user):
    # 隐私说明: 登录记录 (time, IP, browser) are kept, and 导出全部数据 includes them.
    AccessLog.objects.create(
        username=user.username, ip_address="198.51.100.7", user_agent="手机浏览器", path_info="/"
    )
    AccessFailureLog.objects.create(
        username=user.username, ip_address="198.51.100.8", user_agent="另一台", path_info="/"
    )
    AccessLog.objects.create(username="someone-else", ip_address="203.0.113.9", path_info="/")
    response = user_client.get("/accounts/export/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    logins = json.loads(archive.read("cases.json"))["account"]["logins"]
    told = [(row["kind"], row["ip_address"]) for row in logins]
    # The test client's own login is there too; another account's never.
    assert ("登录", "198.51.100.7") in told and ("登录失败", "198.51.100.8") in told
    assert ("登录", "203.0.113.9") not in told
    assert all(row["user_agent"] is not None and row["time"] for row in logins)
    assert "登录记录" in archive.read("说明.txt").decode()
