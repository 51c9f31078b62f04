"""Hourly request limits, counted in a cache that every app server shares.

A limit counts one kind of request (a new case, an upload, a reset mail) for one
visitor, account, e-mail address or client address, per clock hour: the counter of
10:00–11:00 starts again at 11:00, which is also what a refused visitor is told.
The counters live in the "quotas" cache (config/settings.py): the database unless
DJANGO_QUOTA_CACHE names a Redis, so every worker on every box adds to the same
count. Keys are HMACs of what is counted; the cache never holds an e-mail address or
a client address in the clear.

A broken cache must not take the site down with it: a counter that cannot be read
lets the request through and logs an error (the per-case limits, kept in the
database, still hold).
"""

import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

QUOTA_CACHE = "quotas"
WINDOW_SECONDS = 60 * 60
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most per_hour of `what` for `who` in each clock hour; cost is what one request adds."""

    what: str
    who: str
    per_hour: int
    cost: int = 1


@dataclass(frozen=True)
class Refusal:
    """The limit a request went over, and how long until its hour is over."""

    limit: Limit
    retry_after: int

    @property
    def minutes(self) -> int:
        """Return the wait in whole minutes, at least one, as a person is told it."""
        return max(1, math.ceil(self.retry_after / 60))


def client_address(request: HttpRequest) -> str:
    """Return the client's address as login throttling finds it (config/proxies.py).

    An IPv6 client usually has a whole /64 to pick addresses from, so it counts as one.
    """
    raw = get_client_ip_address(request) or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def _key(limit: Limit, window: int) -> str:
    digest = salted_hmac("config.ratelimit", limit.who, algorithm="sha256").hexdigest()[:32]
    return f"rate:{limit.what}:{window}:{digest}"


def hit(*limits: Limit, now: float | None = None) -> Refusal | None:
    """Count one request against each limit in turn; return the first it goes over, else None.

    The request counts even when refused, so hammering does not help; the limits after
    the refused one are left alone.
    """
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    retry_after = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    cache = caches[QUOTA_CACHE]
    for limit in limits:
        key = _key(limit, window)
        try:
            # A minute beyond the hour, so a counter never vanishes before its window ends.
            cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
            try:
                count = cache.incr(key, limit.cost)
            except ValueError:  # culled between add() and incr()
                cache.set(key, limit.cost, timeout=WINDOW_SECONDS + 60)
                count = limit.cost
        except Exception:
            logger.exception("request limit %s not counted: the quota cache failed", limit.what)
            continue
        if count > limit.per_hour:
            return Refusal(limit=limit, retry_after=retry_after)
    return None
