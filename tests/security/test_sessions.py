"""Sessions: a new key at login, dead after logout and after a password change."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-2026"


def _is_signed_in(session_key: str) -> bool:
    """Return True if a browser presenting only this session cookie is signed in."""
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = stranger.get("/")
    return response.context["user"].is_authenticated


def _log_in(client: Client, username: str = "buyer", password: str = PASSWORD) -> str:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, f"login failed: {response.status_code}"
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_login_rotates_the_session_key(client, user):
    # An anonymous visitor with a session (e.g. an anonymous case) logs in.
    session = client.session
    session["visited"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    after = _log_in(client)

    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert not _is_signed_in(before)
    assert _is_signed_in(after)


def test_logout_kills_the_session_server_side(client, user):
    key = _log_in(client)
    assert _is_signed_in(key)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code in {200, 302}
    assert not Session.objects.filter(session_key=key).exists()
    # Replaying the old cookie (e.g. copied before logout) no longer works.
    assert not _is_signed_in(key)


def test_logout_by_get_is_refused(client, user):
    key = _log_in(client)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert _is_signed_in(key)


def test_password_change_signs_out_every_other_session(user):
    try:
        url = reverse("accounts:password_change")
    except NoReverseMatch:
        pytest.skip("accounts:password_change is not routed yet")
    here, elsewhere = Client(), Client()
    key_here = _log_in(here)
    key_elsewhere = _log_in(elsewhere)

    response = here.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "another-Long-pass-2027",
            "new_password2": "another-Long-pass-2027",
        },
    )

    assert response.status_code == 302, response.content.decode()[:500]
    # The browser that changed it stays signed in, on a fresh session key.
    new_key_here = here.cookies[settings.SESSION_COOKIE_NAME].value
    assert here.get("/").context["user"].is_authenticated
    assert new_key_here != key_here
    assert not _is_signed_in(key_here)
    # Every other session, such as a lost phone's, is signed out.
    assert not _is_signed_in(key_elsewhere)
    assert not elsewhere.get("/").context["user"].is_authenticated
