"""CSRF is enforced on every POST the URLconf can route, htmx requests included."""

import re

import pytest
from django.test import Client

from tests.case_records import add_children
from tests.security.routes import all_routes, routes_for_case

pytestmark = pytest.mark.django_db

FRIENDLY_403 = "页面已过期，请重新提交"
# The only POSTs without Django's token check: 这一页有帮助吗？ is asked on the guide's cached
# public pages, which carry no token. They refuse another site's form by the browser's
# Origin / Sec-Fetch-Site instead, and count against an hourly limit (feedback/views.py;
# tests/feedback/test_feedback.py::test_another_sites_form_is_refused_by_what_the_browser_says).
CSRF_EXEMPT = {"feedback:answer", "feedback:comment"}
# A reminder mail's stop link: its signed token is the permission, and the mail app's one-click
# POST (RFC 8058) carries no cookie and no CSRF token; a GET of the same link stops it too.
STOP_LINK = "cases:reminders_stop"


def _post_routes():
    routes, unreachable = all_routes()
    assert not unreachable, f"routes no sample URL reaches: {unreachable}"
    return [route for route in routes if route.name not in CSRF_EXEMPT | {STOP_LINK}]


def test_only_the_feedback_answers_and_the_mails_stop_link_are_exempt_from_the_token_check():
    routes, _ = all_routes()
    exempt = {r.name for r in routes if getattr(r.callback, "csrf_exempt", False)}
    # The upload view checks the token itself, once its upload handler is in place (and is
    # refused without one by the test above); the feedback answers are not checked at all.
    assert exempt == CSRF_EXEMPT | {"cases:evidence_add", STOP_LINK}


def _clients(user) -> dict[str, Client]:
    anonymous = Client(enforce_csrf_checks=True, raise_request_exception=False)
    signed_in = Client(enforce_csrf_checks=True, raise_request_exception=False)
    signed_in.force_login(user)
    return {"anonymous": anonymous, "signed-in": signed_in}


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_every_post_without_a_token_is_refused_with_the_friendly_page(user, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    failures = []
    for who, client in _clients(user).items():
        for route in _post_routes():
            response = client.post(route.url, {"title": "x"}, headers=headers)
            if response.status_code == 405:
                continue
            if response.status_code != 403:
                failures.append(f"[{who}] {route.name} {route.url}: {response.status_code}")
            elif FRIENDLY_403 not in response.content.decode():
                failures.append(f"[{who}] {route.name} {route.url}: 403 without the Chinese page")
    assert not failures, "POST without CSRF token accepted:\n" + "\n".join(failures)


def test_htmx_post_with_a_wrong_token_header_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # the page sets the csrftoken cookie
    assert "csrftoken" in client.cookies
    response = client.post(
        "/accounts/logout/",
        headers={"HX-Request": "true", "X-CSRFToken": "a" * 64},
    )
    assert response.status_code == 403
    assert FRIENDLY_403 in response.content.decode()
    # Still signed in: the refused request changed nothing.
    assert client.get("/").context["user"].is_authenticated


def test_htmx_post_with_the_token_header_from_the_page_is_accepted(user):
    """The control case: the token that base.html hands htmx really works."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # A private page: the public guide pages carry no token (they are cached for everyone).
    html = client.get("/cases/").content.decode()
    marker = '"X-CSRFToken": "'
    assert marker in html, "base.html no longer sends the CSRF token to htmx"
    token = html.split(marker, 1)[1].split('"', 1)[0]
    response = client.post(
        "/accounts/logout/", headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code in {200, 302}
    assert not client.get("/").context["user"].is_authenticated


def test_forms_on_every_page_carry_a_csrf_token(user, png_bytes):
    """Every POST form rendered by the site includes csrfmiddlewaretoken."""
    from cases.models import Case

    client = Client(raise_request_exception=False)
    client.force_login(user)
    # A real case with a record of every kind, so the case pages show their forms, not 404s.
    case = Case.objects.create(owner=user, product_name="王者荣耀点券", platform_name="某卡盟")
    children = add_children(case, png_bytes)
    urls = [r.url for r in _post_routes() if not r.url.startswith(("/admin/", "/cases/"))]
    urls += [r.url for r in routes_for_case(case.id, children=children)]
    failures, forms_seen = [], 0
    for url in urls:
        response = client.get(url)
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I):
            opening = form.split(">", 1)[0].lower()
            if 'method="post"' not in opening or 'action="/feedback/' in opening:
                continue
            if url.startswith("/cases/reminders/stop/"):
                continue  # exempt, like the mail app's POST: the signed token is the permission
            forms_seen += 1
            if "csrfmiddlewaretoken" not in form:
                failures.append(f"{url}: {opening}>")
    # Every stage page shows at least one form: finding few means the pages were not reached.
    assert forms_seen >= 40, f"only {forms_seen} POST forms found"
    assert not failures, "POST forms without a CSRF token:\n" + "\n".join(failures)
