"""A case started without an account lives in the session: visits keep that session alive."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from cases.models import Case
from cases.session_keepalive import RENEWED_ON

pytestmark = pytest.mark.django_db


def expires(browser: Client):
    return Session.objects.get(session_key=browser.session.session_key).expire_date


def start_case(browser: Client) -> Case:
    browser.post("/cases/new/", {"product_name": "激活码"})
    return Case.objects.get(session_key=browser.session.session_key)


def age_session(browser: Client, *, left: timedelta) -> None:
    """Move the session's expiry close, as if it was last saved long ago."""
    Session.objects.filter(session_key=browser.session.session_key).update(
        expire_date=timezone.now() + left
    )


def came_back_next_day(browser: Client) -> None:
    """Make the session look as if it was last renewed yesterday, with two days left."""
    session = browser.session
    session[RENEWED_ON] = (timezone.localdate() - timedelta(days=1)).isoformat()
    session.save()
    age_session(browser, left=timedelta(days=2))


def test_a_visit_on_a_new_day_renews_the_thirty_days(settings):
    browser = Client()
    case = start_case(browser)
    came_back_next_day(browser)
    response = browser.get(f"/cases/{case.pk}/evidence/")
    assert response.status_code == 200
    renewed = expires(browser) - timezone.now()
    assert renewed > timedelta(seconds=settings.SESSION_COOKIE_AGE) - timedelta(minutes=5)
    # The browser is told too: the cookie's own expiry moves with it.
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_later_visits_the_same_day_write_nothing(settings):
    browser = Client()
    case = start_case(browser)
    came_back_next_day(browser)
    browser.get(f"/cases/{case.pk}/")
    renewed = expires(browser)
    response = browser.get(f"/cases/{case.pk}/evidence/")
    assert response.status_code == 200 and expires(browser) == renewed
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_reading_the_guide_does_not_write_the_session(settings):
    browser = Client()
    start_case(browser)
    came_back_next_day(browser)
    before = expires(browser)
    assert browser.get("/guide/").status_code == 200
    assert expires(browser) == before


def test_another_visitors_case_is_404_and_does_not_renew_anything():
    owner, stranger = Client(), Client()
    case = start_case(owner)
    start_case(stranger)
    came_back_next_day(stranger)
    before = expires(stranger)
    assert stranger.get(f"/cases/{case.pk}/").status_code == 404
    assert expires(stranger) == before


def test_signed_in_readers_are_not_written_on_every_visit(user_client, user):
    user_client.get("/cases/")
    key = user_client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(days=2))
    before = Session.objects.get(session_key=key).expire_date
    user_client.get("/cases/")
    assert Session.objects.get(session_key=key).expire_date == before


def test_the_invitation_says_how_long_an_unvisited_case_lasts(settings):
    browser = Client()
    case = start_case(browser)
    html = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "超过 30 天没有打开，就找不到了" in html
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600
    assert "超过 7 天没有打开" in browser.get(f"/cases/{case.pk}/").content.decode()
