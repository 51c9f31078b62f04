"""How django-axes names the account a failed login was aimed at."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """Return the username typed at login, cut to the longest a real username can be.

    Axes stores it in a 255-character column; an absurdly long one typed into the form
    would make PostgreSQL refuse the insert and the login page answer 500.
    """
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return str(username)[:limit]
