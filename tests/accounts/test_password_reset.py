"""Password reset and sign-up tell nobody which addresses have accounts, and cannot be flooded.

Issue 15, finding 10: the reset mail used to be sent inside the request, so an address
with an account answered measurably slower. The request now only queues a task, the
same for every address; the worker (django-tasks-db's `db_worker` in production) looks
the address up and sends the mail.
"""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

PASSWORD = "Another-long-pass-2026"
ADDRESS = {"REMOTE_ADDR": "198.51.100.30"}


@pytest.fixture
def queue(settings):
    """The production queue: django-tasks-db's database backend, worked by `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    previous = task_backends["default"]
    task_backends["default"] = DatabaseBackend(alias="default", params=settings.TASKS["default"])
    yield
    task_backends["default"] = previous


@pytest.fixture
def buyer(user):
    user.email = "buyer@example.com"
    user.save()
    return user


def ask_for_reset(client: Client, email: str, **extra):
    return client.post("/accounts/password/reset/", {"email": email}, **{**ADDRESS, **extra})


def sign_up(client: Client, username: str, email: str = "", **extra):
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data, **{**ADDRESS, **extra})


@pytest.mark.django_db(transaction=True)
def test_the_reset_mail_is_queued_in_the_request_and_sent_by_the_worker(queue, buyer):
    response = ask_for_reset(Client(), "buyer@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []  # nothing was sent while the buyer waited
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "accounts.tasks.send_password_reset"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["buyer@example.com"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body)
    browser = Client()
    form_page = browser.get(link.group(1), follow=True)
    assert "设置新密码" in form_page.content.decode()
    done = browser.post(
        form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done["Location"] == "/accounts/password/reset/done/"
    buyer.refresh_from_db()
    assert buyer.check_password(PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_an_address_without_an_account_gets_the_same_answer_with_the_same_work(queue, buyer):
    answers, queries = [], []
    for email in ("buyer@example.com", "nobody@example.com"):
        with CaptureQueriesContext(connection) as captured:
            response = ask_for_reset(Client(), email)
        answers.append((response.status_code, response["Location"]))
        # Not just as many queries: the same ones, so neither takes longer.
        queries.append(
            [re.sub(r"'[^']*'|\b[0-9a-f-]{32,36}\b|\d+", "?", q["sql"]) for q in captured]
        )
    assert answers[0] == answers[1]
    assert queries[0] == queries[1]
    assert not any("auth_user" in sql for sql in queries[0])  # nobody looked the address up
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [message.to for message in mail.outbox] == [["buyer@example.com"]]


@pytest.mark.django_db
def test_reset_mails_are_limited_per_email_whether_or_not_it_has_an_account(settings, buyer):
    settings.QUOTA_RESETS_PER_HOUR_PER_EMAIL = 2
    pages = {}
    for email in ("buyer@example.com", "nobody@example.com"):
        for _ in range(2):
            assert ask_for_reset(Client(), email).status_code == 302
        refused = ask_for_reset(Client(), email.upper())  # the same address in capitals
        assert refused.status_code == 429
        page = refused.content.decode()
        pages[email] = re.search(r'<div class="kr-error-summary".*?</div>', page, re.S).group(0)
    text = pages["buyer@example.com"]
    assert "这个邮箱这一小时里已经申请过 2 次重设链接了" in text
    assert "垃圾邮件" in text and re.search(r"\d+ 分钟后再试", text)
    # The refusal reads the same for an address nobody registered: it tells nothing.
    assert pages["nobody@example.com"] == text
    assert len(mail.outbox) == 2  # the two the buyer asked for before the limit


@pytest.mark.django_db
def test_reset_requests_are_limited_per_client_address(settings):
    settings.QUOTA_RESETS_PER_HOUR_PER_IP = 3
    for number in range(3):
        assert ask_for_reset(Client(), f"guess{number}@example.com").status_code == 302
    refused = ask_for_reset(Client(), "guess9@example.com")
    assert refused.status_code == 429
    assert "这个网络地址这一小时里申请重设密码的次数太多了" in refused.content.decode()
    elsewhere = ask_for_reset(Client(), "guess9@example.com", REMOTE_ADDR="203.0.113.4")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_sign_ups_are_limited_per_client_address_with_the_input_kept(settings):
    settings.QUOTA_SIGNUPS_PER_HOUR_PER_IP = 2
    assert sign_up(Client(), "buyer1").status_code == 302
    assert sign_up(Client(), "buyer2").status_code == 302
    refused = sign_up(Client(), "buyer3", "buyer3@example.com")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "这个网络地址这一小时里注册的账号太多了" in page and re.search(r"\d+ 分钟后再试", page)
    assert 'value="buyer3"' in page and 'value="buyer3@example.com"' in page
    from django.contrib.auth import get_user_model

    assert sorted(get_user_model().objects.values_list("username", flat=True)) == [
        "buyer1",
        "buyer2",
    ]
    assert sign_up(Client(), "buyer3", REMOTE_ADDR="203.0.113.8").status_code == 302


@pytest.mark.django_db
def test_sign_ups_are_limited_per_email(settings):
    settings.QUOTA_SIGNUPS_PER_HOUR_PER_EMAIL = 1
    assert sign_up(Client(), "first", "shared@example.com").status_code == 302
    refused = sign_up(Client(), "second", "Shared@Example.com", REMOTE_ADDR="203.0.113.8")
    assert refused.status_code == 429
    assert "这个邮箱这一小时里已经用来注册了 1 次" in refused.content.decode()
    # Without the e-mail the buyer can still sign up, as the message suggests.
    assert sign_up(Client(), "second", REMOTE_ADDR="203.0.113.8").status_code == 302


@pytest.mark.django_db
def test_a_refused_sign_up_is_not_counted(settings):
    settings.QUOTA_SIGNUPS_PER_HOUR_PER_IP = 1
    weak = {"username": "weak", "password1": "123", "password2": "123"}
    for _ in range(3):
        assert Client().post("/accounts/signup/", weak, **ADDRESS).status_code == 200
    assert sign_up(Client(), "strong").status_code == 302


@pytest.mark.django_db
def test_a_new_password_lifts_the_login_lock_the_lockout_page_sends_the_buyer_from(buyer):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    browser = Client()
    for _ in range(5):
        browser.post(
            "/accounts/login/", {"username": buyer.username, "password": "wrong"}, **ADDRESS
        )
    locked = browser.post(
        "/accounts/login/", {"username": buyer.username, "password": "still-wrong"}, **ADDRESS
    )
    assert "重设密码" in locked.content.decode()  # the lockout page points to the reset

    uid = urlsafe_base64_encode(force_bytes(buyer.pk))
    token = default_token_generator.make_token(buyer)
    form_page = browser.get(f"/accounts/password/reset/{uid}/{token}/", follow=True, **ADDRESS)
    new = {"new_password1": PASSWORD, "new_password2": PASSWORD}
    done = browser.post(form_page.redirect_chain[-1][0], new, **ADDRESS)
    assert done["Location"] == "/accounts/password/reset/done/"

    logged_in = browser.post(
        "/accounts/login/", {"username": buyer.username, "password": PASSWORD}, **ADDRESS
    )
    assert logged_in.status_code == 302
