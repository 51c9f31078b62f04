"""Sign-up and log-in in the buyer's words, each error under its field, and back to their step."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cases.models import Case
from cases.services.case import case_create

pytestmark = pytest.mark.django_db

PASSWORD = "Kameng-refund-2026"
# Django's stock texts a buyer should never meet on these pages.
STOCK_TEXTS = [
    "必填；长度为150个字符或以下",
    "这个字段是必填项",
    "你的密码不能",
    "为了校验",
    "请输入合法的用户名",
    "已存在一位使用该名字的用户",
    "输入的两个密码不一致",
    "此密码太短",
    "这个密码太常见了",
    "密码只包含数字",
    "请输入一个正确的",
    "确保该变量包含不超过",
    "输入一个有效的 Email 地址",
]


def field_error(html: str, field: str) -> str:
    """Return the error text shown under one field ("" when it has none)."""
    match = re.search(rf'<p class="kr-form__error" id="id_{field}_error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("错误：", "").strip() if match else ""


def field_hint(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}_helptext">(.*?)</span>', html, re.S)
    return match.group(1) if match else ""


def assert_no_stock_text(html: str) -> None:
    for text in STOCK_TEXTS:
        assert text not in html, text


def sign_up(client: Client, **data: str):
    return client.post("/accounts/signup/", {"email": "", **data})


def test_sign_up_hints_are_written_for_buyers(client):
    html = client.get("/accounts/signup/").content.decode()
    assert_no_stock_text(html)
    assert "不能有空格" in field_hint(html, "username")
    assert "至少 8 个字符" in field_hint(html, "password1")
    assert "再输一遍" in field_hint(html, "password2")


def test_an_empty_sign_up_says_what_is_missing_under_each_field(client):
    html = sign_up(client).content.decode()
    assert field_error(html, "username") == "请起一个用户名。"
    assert field_error(html, "password1") == "请设一个密码。"
    assert field_error(html, "password2") == "请把密码再输一遍。"
    assert field_error(html, "email") == ""
    assert_no_stock_text(html)


def test_password_strength_errors_sit_under_password_not_the_confirmation(client):
    html = sign_up(client, username="buyer3", password1="12345678", password2="12345678")
    html = html.content.decode()
    assert "太常见" in field_error(html, "password1")
    assert "不能全是数字" in field_error(html, "password1")
    assert field_error(html, "password2") == ""
    assert_no_stock_text(html)
    assert not get_user_model().objects.filter(username="buyer3").exists()


def test_a_short_password_names_the_minimum(client):
    html = sign_up(client, username="buyer3", password1="Km-2026", password2="Km-2026")
    assert field_error(html.content.decode(), "password1") == "密码太短了，至少要 8 个字符。"


def test_a_password_like_the_username_says_so(client):
    response = sign_up(
        client, username="kamengbuyer", password1="kamengbuyer1", password2="kamengbuyer1"
    )
    assert field_error(response.content.decode(), "password1").startswith("密码和用户名太像")


def test_a_password_mismatch_sits_under_the_confirmation(client):
    response = sign_up(client, username="buyer3", password1=PASSWORD, password2=PASSWORD + "x")
    html = response.content.decode()
    assert field_error(html, "password2") == "两次输入的密码不一样，请重新输入两遍。"
    assert field_error(html, "password1") == ""
    # The summary at the top names the same field.
    assert "密码确认：两次输入的密码不一样" in html


def test_a_taken_username_is_said_plainly(client, user):
    response = sign_up(client, username="BUYER", password1=PASSWORD, password2=PASSWORD)
    html = response.content.decode()
    assert field_error(html, "username").startswith("这个用户名已经有人用了")
    assert_no_stock_text(html)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("买 家", "用户名里只能有汉字、英文字母、数字和 @ . + - _，不能有空格或别的符号。"),
        ("x" * 151, "用户名太长了，最多 150 个字，现在有 151 个。"),
    ],
)
def test_a_username_that_cannot_be_used_says_why(client, username, expected):
    response = sign_up(client, username=username, password1=PASSWORD, password2=PASSWORD)
    assert field_error(response.content.decode(), "username") == expected


def test_a_chinese_username_is_fine(client):
    response = sign_up(client, username="卡盟买家", password1=PASSWORD, password2=PASSWORD)
    assert response.status_code == 302


def test_a_mistyped_email_is_said_plainly(client):
    response = sign_up(
        client, username="buyer3", email="buyer@", password1=PASSWORD, password2=PASSWORD
    )
    assert field_error(response.content.decode(), "email").startswith("邮箱地址的格式不对")


def test_an_empty_log_in_says_what_is_missing_under_each_field(client):
    html = client.post("/accounts/login/", {}).content.decode()
    assert field_error(html, "username") == "请输入用户名。"
    assert field_error(html, "password") == "请输入密码。"
    assert_no_stock_text(html)


def test_a_wrong_password_at_log_in_is_said_plainly(client, user):
    response = client.post("/accounts/login/", {"username": "buyer", "password": "wrong-pass"})
    html = response.content.decode()
    assert "用户名或密码不对" in html
    assert_no_stock_text(html)


# `next`: back to the step the buyer was on.


@pytest.fixture
def anonymous_case() -> tuple[Client, Case]:
    """Return a signed-out browser with the case it just started."""
    browser = Client()
    session_key = browser.session.session_key
    return browser, case_create(owner=None, session_key=session_key, product_name="点卡")


def link(html: str, text: str, *, in_main: bool = False) -> str:
    """Return the href of the first link whose text contains text (in <main> only if asked)."""
    if in_main:
        html = html[html.index("<main") :]
    for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if text in label:
            return href.replace("&amp;", "&")
    raise AssertionError(f"no link {text!r}")


def test_sign_up_from_a_stage_page_returns_there_with_the_case(anonymous_case):
    browser, case = anonymous_case
    stage = f"/cases/{case.pk}/evidence/"
    sign_up_page = browser.get(link(browser.get(stage).content.decode(), "注册"))
    assert f'name="next" value="{stage}"' in sign_up_page.content.decode()
    response = browser.post(
        "/accounts/signup/",
        {"username": "buyer2", "password1": PASSWORD, "password2": PASSWORD, "next": stage},
    )
    assert response.status_code == 302 and response["Location"] == stage
    case.refresh_from_db()
    assert case.owner.username == "buyer2"
    assert browser.get(stage).status_code == 200


def test_a_refused_sign_up_still_returns_to_the_stage_afterwards(anonymous_case):
    browser, case = anonymous_case
    stage = f"/cases/{case.pk}/evidence/"
    refused = browser.post(
        f"/accounts/signup/?next={stage}",
        {"username": "buyer2", "password1": PASSWORD, "password2": "", "next": stage},
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert f'name="next" value="{stage}"' in html
    # The way to log in instead keeps it too.
    assert link(html, "登录", in_main=True) == f"/accounts/login/?next={stage}"
    response = browser.post(
        "/accounts/signup/",
        {"username": "buyer2", "password1": PASSWORD, "password2": PASSWORD, "next": stage},
    )
    assert response["Location"] == stage


def test_log_in_from_a_stage_page_returns_there_with_the_case(anonymous_case, user):
    browser, case = anonymous_case
    stage = f"/cases/{case.pk}/eligibility/"
    login_page = browser.get(link(browser.get(stage).content.decode(), "登录"))
    assert f'name="next" value="{stage}"' in login_page.content.decode()
    response = browser.post(
        "/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026", "next": stage}
    )
    assert response.status_code == 302 and response["Location"] == stage
    case.refresh_from_db()
    assert case.owner == user
    assert browser.get(stage).status_code == 200


def test_the_log_in_page_passes_next_on_to_sign_up(client):
    html = client.get("/accounts/login/?next=/cases/").content.decode()
    assert link(html, "注册", in_main=True) == "/accounts/signup/?next=/cases/"


@pytest.mark.parametrize("outside", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_an_outside_next_is_ignored_at_sign_up(client, outside):
    page = client.get("/accounts/signup/", {"next": outside}).content.decode()
    assert "evil.example" not in page
    response = client.post(
        "/accounts/signup/",
        {"username": "buyer2", "password1": PASSWORD, "password2": PASSWORD, "next": outside},
    )
    assert response["Location"] == "/cases/"


@pytest.mark.parametrize("outside", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_an_outside_next_is_ignored_at_log_in(client, user, outside):
    page = client.get("/accounts/login/", {"next": outside}).content.decode()
    assert "evil.example" not in page
    response = client.post(
        "/accounts/login/",
        {"username": "buyer", "password": "a-Long-pass-2026", "next": outside},
    )
    assert response["Location"] == "/cases/"


@pytest.mark.parametrize(
    "stage", ["", "eligibility/", "evidence/", "negotiation/", "appeal/", "escalation/", "check/"]
)
def test_every_stage_pages_log_in_and_sign_up_links_come_back_to_it(anonymous_case, stage):
    browser, case = anonymous_case
    path = f"/cases/{case.pk}/{stage}"
    html = browser.get(path).content.decode()
    links = re.findall(r'href="(/accounts/(?:login|signup)/[^"]*)"', html)
    assert links, path
    for href in links:
        # Back to this page, or to a place on it (the reminder line's links: #reminders).
        assert re.search(rf"\?next={re.escape(path)}(%23[a-z-]+)?$", href), href


def test_the_header_log_in_link_on_the_log_in_page_does_not_point_back_at_itself(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/login/"' in html and "next=%2Faccounts" not in html


# Changing and resetting the password: the same words, the same placement.


def test_a_weak_new_password_sits_under_the_new_password(user_client, user):
    response = user_client.post(
        "/accounts/password/change/",
        {"old_password": "a-Long-pass-2026", "new_password1": "1234", "new_password2": "1234"},
    )
    html = response.content.decode()
    assert "密码太短了" in field_error(html, "new_password1")
    assert field_error(html, "new_password2") == ""
    assert "至少 8 个字符" in field_hint(html, "new_password1")
    assert_no_stock_text(html)
    user.refresh_from_db()
    assert user.check_password("a-Long-pass-2026")


def test_a_wrong_current_password_is_said_plainly(user_client):
    response = user_client.post(
        "/accounts/password/change/",
        {"old_password": "wrong-pass", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    html = response.content.decode()
    assert field_error(html, "old_password") == "现在的密码不对，请再输一次。"
    assert "你的旧密码不正确" not in html


def test_a_new_password_mismatch_sits_under_its_confirmation(user):
    from accounts.forms import NewPasswordForm

    form = NewPasswordForm(user, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"})
    assert form.errors == {"new_password2": ["两次输入的新密码不一样，请重新输入两遍。"]}
    form = NewPasswordForm(user, {"new_password1": "buyer", "new_password2": "buyer"})
    assert list(form.errors) == ["new_password1"]


def test_a_guide_page_shared_from_the_cache_names_only_its_path(client, seeded_guide):
    part = seeded_guide[0].get_absolute_url()
    client.get(part, {"from": "search"})  # the first visitor's page is the one cached
    html = client.get(part).content.decode()
    assert f'href="/accounts/login/?next={part}"' in html
