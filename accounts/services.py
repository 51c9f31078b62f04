"""Deleting an account and everything that names it."""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction

from cases.selectors.record import cases_of_user
from cases.services.record import cases_delete


def _session_keys_of(user: AbstractBaseUser) -> list[str]:
    """Return the keys of the stored sessions signed in as this user (expired ones too)."""
    user_id = str(user.pk)
    return [
        session.session_key
        for session in Session.objects.iterator(chunk_size=2000)
        if str(session.get_decoded().get("_auth_user_id")) == user_id
    ]


def login_records(*, username: str) -> list[dict[str, object]]:
    """Return the account's login records as the privacy page describes them (time, IP
    address, browser), logins and failed attempts alike, oldest first: part of its export."""
    rows = [
        {
            "kind": "登录",
            "time": log.attempt_time,
            "logout_time": log.logout_time,
            "ip_address": log.ip_address,
            "user_agent": log.user_agent,
        }
        for log in AccessLog.objects.filter(username=username)
    ]
    rows += [
        {
            "kind": "登录失败",
            "time": log.attempt_time,
            "ip_address": log.ip_address,
            "user_agent": log.user_agent,
        }
        for log in AccessFailureLog.objects.filter(username=username)
    ]
    return sorted(rows, key=lambda row: row["time"])


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete the user, their cases with every file, their sessions and their login records."""
    username = user.get_username()
    cases_delete(cases=cases_of_user(user=user))
    # Through the session engine, so a copy in Redis (DJANGO_SESSION_CACHE) goes too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in _session_keys_of(user):
        store(key).delete(key)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    # What editors did to this account in the admin names it (object_repr): those lines go too.
    # The user's own admin actions go with the user (CASCADE).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
        object_id=str(user.pk),
    ).delete()
    # Rows of the editors' history that name the user keep the change, not the name (SET_NULL).
    user.delete()
