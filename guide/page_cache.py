"""Serve the public guide pages from memory to visitors who have no session.

Such a visitor sees exactly what every other one sees, and the guide changes only when
an editor saves or deletes a part. Every save or delete writes a history row, so the
newest history id is the guide's version: it is part of every cache key, and an
editor's change reaches every worker process (and every server) without anyone telling
them. Each process asks the database for the version at most once every
GUIDE_VERSION_RECHECK_SECONDS (one second): one indexed query a second instead of one
per request, so a published change is live everywhere within a second.

Visitors with a session cookie (signed in, or with a case in this browser) and staff
always get a freshly rendered page: their header differs, and staff may see drafts.
"""

import functools
import hashlib
import time
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

CACHE_ALIAS = "guide_pages"
# A page is small (under 20 kB) and the guide has a handful of them, but keys carry the
# host, so one day's worth of them is a sensible upper bound.
TIMEOUT_SECONDS = 24 * 60 * 60


def guide_version() -> int:
    """Return a number that changes whenever any guide part is saved or deleted."""
    # Plain SQL: building the ORM query would cost more than running it.
    table = connection.ops.quote_name(apps.get_model("guide", "HistoricalGuidePart")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(history_id) FROM {table}")  # the name comes from the model
        (newest,) = cursor.fetchone()
    return newest or 0


_checked: tuple[float, int] | None = None  # (monotonic time, version) of this process


def current_version() -> int:
    """Return the guide's version, asking the database at most once per recheck interval."""
    global _checked
    now = time.monotonic()
    if _checked is None or now - _checked[0] >= settings.GUIDE_VERSION_RECHECK_SECONDS:
        _checked = (now, guide_version())
    return _checked[1]


def forget_version() -> None:
    """Make the next request ask the database for the guide's version."""
    global _checked
    _checked = None


def _cache_key(request: HttpRequest, version: int) -> str:
    # The page holds its canonical URL, so scheme and host are part of what it says.
    url = request.build_absolute_uri(request.path)
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    digest = hashlib.sha256(f"{language} {url}".encode()).hexdigest()
    return f"guide-page:{version}:{digest}"


def _is_cacheable(request: HttpRequest) -> bool:
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve this public view from the page cache to visitors without a session."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _is_cacheable(request):
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _cache_key(request, current_version())
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            # As the rendered page would: a shared cache must not hand it to a signed-in user.
            patch_vary_headers(response, ("Cookie",))
            return response
        response = view(request, *args, **kwargs)
        # A page that asked for a CSRF token or set a cookie belongs to one visitor only.
        personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if response.status_code == 200 and not personal and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT_SECONDS)
        return response

    return wrapper
