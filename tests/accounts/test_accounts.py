"""Sign-up, log-in, log-out, passwords and login throttling."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from cases.models import Case
from config.proxies import client_ip_settings

PASSWORD = "Kameng-refund-2026"
pytestmark = pytest.mark.django_db


def test_sign_up_pages_are_in_chinese(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "注册账号" in html and "电子邮箱（可选）" in html


def test_sign_up_with_username_and_password_only_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "buyer2", "password1": PASSWORD, "password2": PASSWORD, "email": ""},
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert client.get("/cases/").context["user"].username == "buyer2"


def test_weak_password_is_refused_with_the_input_kept(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "buyer3", "password1": "12345678", "password2": "12345678"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert 'value="buyer3"' in html
    assert not get_user_model().objects.filter(username="buyer3").exists()


def test_sign_up_next_must_stay_on_this_site(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "b4",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/cases/"


@pytest.mark.parametrize("next_url", ["Õ", "cases:list", "//evil.example/", "javascript:alert(1)"])
def test_sign_up_next_that_is_not_a_site_path_goes_to_the_dashboard(client, next_url):
    response = client.post(
        "/accounts/signup/",
        {"username": "b5", "password1": PASSWORD, "password2": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/cases/"


def test_log_in_moves_this_browsers_cases_into_the_account_and_rotates_the_session(user):
    browser = Client()
    browser.post("/cases/new/", {"product_name": "会员"})
    case = Case.objects.get()
    old_key = browser.session.session_key
    response = browser.post(
        "/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026"}
    )
    assert response.status_code == 302
    assert browser.session.session_key != old_key
    case.refresh_from_db()
    assert case.owner == user and case.session_key == ""
    assert "1 个案件已转进你的账号" in browser.get("/cases/").content.decode()


def test_another_browsers_cases_are_not_claimed_at_log_in(user):
    Client().post("/cases/new/", {"product_name": "别人的"})
    browser = Client()
    browser.post("/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026"})
    assert Case.objects.get().owner is None


def test_log_out_needs_post_and_ends_the_session(user_client):
    assert user_client.get("/accounts/logout/").status_code == 405
    key = user_client.session.session_key
    assert user_client.post("/accounts/logout/").status_code == 302
    assert user_client.session.session_key != key
    assert not user_client.get("/cases/").context["user"].is_authenticated


def test_password_change(user_client, user):
    assert "修改密码" in user_client.get("/accounts/password/change/").content.decode()
    response = user_client.post(
        "/accounts/password/change/",
        {"old_password": "a-Long-pass-2026", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response["Location"] == "/accounts/password/change/done/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_login(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_reset_mails_a_working_link(client, user):
    user.email = "buyer@example.com"
    user.save()
    response = client.post("/accounts/password/reset/", {"email": "buyer@example.com"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "设置新密码" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done["Location"] == "/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_lockout_after_the_failure_limit_and_unlock_after_the_cool_off(settings, user):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    browser = Client()
    for _ in range(3):
        response = browser.post("/accounts/login/", {"username": "buyer", "password": "wrong"})
    # Locked: even the right password is refused, with the Chinese page.
    response = browser.post(
        "/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026"}
    )
    html = response.content.decode()
    assert response.status_code == 429
    assert "暂时锁定" in html and "15 分钟" in html
    assert not browser.get("/cases/").context["user"].is_authenticated

    # Sixteen minutes later the lock has expired.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = browser.post(
        "/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026"}
    )
    assert response.status_code == 302
    assert browser.get("/cases/").context["user"].is_authenticated


def test_the_configured_cool_off_is_not_permanent():
    from django.conf import settings

    assert settings.AXES_COOLOFF_TIME


def test_an_absurdly_long_username_at_log_in_is_a_normal_failure_not_a_500(client):
    response = client.post("/accounts/login/", {"username": "🧧" * 300, "password": "x" * 12})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "kr-error" in response.content.decode()
    (attempt,) = AccessAttempt.objects.all()
    assert len(attempt.username) == 150


def _lock_out(browser: Client, **headers: str) -> None:
    for _ in range(3):
        browser.post("/accounts/login/", {"username": "buyer", "password": "wrong"}, **headers)


def _log_in(browser: Client, **headers: str):
    return browser.post(
        "/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026"}, **headers
    )


@pytest.fixture
def behind_one_proxy(settings):
    """The site as DJANGO_PROXY_COUNT=1 configures it: every request arrives from nginx."""
    settings.AXES_FAILURE_LIMIT = 3
    for name, value in client_ip_settings(1).items():
        setattr(settings, name, value)
    return {"REMOTE_ADDR": "127.0.0.1"}


def test_behind_a_proxy_one_guessers_lock_does_not_lock_the_owner_out(behind_one_proxy, user):
    proxy = behind_one_proxy
    _lock_out(Client(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert _log_in(Client(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    # The owner comes through the same proxy from their own address.
    assert _log_in(Client(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 302


def test_behind_a_proxy_a_forged_forwarded_for_entry_does_not_escape_the_lock(
    behind_one_proxy, user
):
    proxy = behind_one_proxy
    _lock_out(Client(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    # nginx appends the real peer; what the guesser wrote in front of it is ignored.
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.7"}
    assert _log_in(Client(), **forged, **proxy).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


@pytest.mark.parametrize("header", ["", "not-an-address", "999.1.1.1, ::zz", "🧧" * 50])
def test_behind_a_proxy_a_garbage_forwarded_for_is_a_normal_login(behind_one_proxy, user, header):
    response = _log_in(Client(), HTTP_X_FORWARDED_FOR=header, **behind_one_proxy)
    assert response.status_code == 302


def test_without_proxies_the_forwarded_for_header_is_not_trusted(settings, user):
    settings.AXES_FAILURE_LIMIT = 3
    _lock_out(Client(), HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="192.0.2.9")
    # Same peer, a different claimed address: still the locked pair.
    response = _log_in(Client(), HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429
