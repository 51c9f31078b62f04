"""Adding, changing and removing the account's e-mail address (reminders and password resets).

A buyer who signed up without an address is told on a case page that reminders need one;
the link there leads here and back.
"""

import pytest
from django.contrib.auth import get_user_model

from cases.services.case import case_create

PASSWORD = "a-Long-pass-2026"  # the password of the user fixtures
pytestmark = pytest.mark.django_db


def _email_of(user) -> str:
    return get_user_model().objects.get(pk=user.pk).email


def test_the_account_page_offers_to_add_an_address(user_client):
    html = user_client.get("/accounts/").content.decode()
    assert 'href="/accounts/email/"' in html and "填上电子邮箱" in html and "还没有填" in html


def test_an_address_is_added_with_the_password_and_the_buyer_goes_back(user_client, user):
    case = case_create(owner=user, product_name="点卡", platform_name="某卡盟")
    overview = f"/cases/{case.pk}/"
    html = user_client.get(overview).content.decode()
    assert "还没有邮箱" in html
    # Back to the reminder switch itself, not the top of the page.
    link = f'href="/accounts/email/?next=/cases/{case.pk}/#reminders"'
    assert link in html.replace("%2F", "/").replace("%23", "#")

    back = f"{overview}#reminders"
    response = user_client.post(
        "/accounts/email/", {"email": "buyer@example.com", "password": PASSWORD, "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    assert _email_of(user) == "buyer@example.com"
    page = user_client.get(overview).content.decode()
    assert "邮箱已保存：buyer@example.com" in page
    assert 'name="remind"' in page  # the reminder switch is offered now


def test_a_wrong_password_changes_nothing_and_keeps_what_was_typed(user_client, user):
    response = user_client.post(
        "/accounts/email/", {"email": "new@example.com", "password": "not-my-password"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert "密码不对。邮箱没有改" in html and 'value="new@example.com"' in html
    assert _email_of(user) == ""


@pytest.mark.parametrize("typed", ["no-at-sign", "a@b@c", "x" * 400 + "@example.com", "a\x00@b.cn"])
def test_a_malformed_address_is_refused_in_chinese(user_client, user, typed):
    response = user_client.post("/accounts/email/", {"email": typed, "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert "邮箱" in html and _email_of(user) == ""


def test_the_domain_is_stored_in_lower_case_as_at_sign_up(user_client, user):
    user_client.post("/accounts/email/", {"email": "Buyer@Example.COM", "password": PASSWORD})
    assert _email_of(user) == "Buyer@example.com"


def test_an_empty_address_removes_it(user_client, user):
    user.email = "old@example.com"
    user.save()
    assert "现在的邮箱是" in user_client.get("/accounts/email/").content.decode()
    response = user_client.post(
        "/accounts/email/", {"email": "", "password": PASSWORD}, follow=True
    )
    assert "邮箱已删除" in response.content.decode()
    assert _email_of(user) == ""


def test_next_must_be_a_path_on_this_site(user_client, user):
    response = user_client.post(
        "/accounts/email/",
        {"email": "b@example.com", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/accounts/"


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get("/accounts/email/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
