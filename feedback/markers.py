"""How one browser's answers are told apart without knowing whose browser it is.

The first answer gives the browser a cookie holding a random number (COOKIE_NAME); it
names no one and is sent back only to this site (SameSite=Lax, HttpOnly). A stored answer
keeps an HMAC of that number and the page, never the number itself: a second answer from
the same browser on the same page finds the first and replaces it, while the rows of one
browser on different pages share nothing that links them. No IP address, no session, no
account: the cookie is not the session, so a reader of the guide who answers still gets the
pages everyone gets from the page cache (guide/page_cache.py).

The sentence a reader may add comes after the 有 / 没有, in a second form; that form carries
the answer's id, signed, so the sentence lands on the reader's own answer even when the
browser refuses cookies.
"""

import re
import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

COOKIE_NAME = "kr_feedback"
# Long enough that a reader who comes back to a page next week changes their answer
# instead of adding a second one; the privacy page states it ({feedback_cookie_days}).
COOKIE_MAX_AGE = 30 * 24 * 60 * 60
# A signed answer id is good for adding a sentence for a day after the 有 / 没有.
ANSWER_MAX_AGE = 24 * 60 * 60
_ANSWER_SALT = "feedback.answer"
_TOKEN = re.compile(r"[0-9a-f]{32}")


def browser_token(request: HttpRequest) -> tuple[str, bool]:
    """Return this browser's feedback token, and True if it is new (the cookie must be set)."""
    token = request.COOKIES.get(COOKIE_NAME, "")
    if _TOKEN.fullmatch(token):
        return token, False
    return secrets.token_hex(16), True


def remember_browser(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def marker(token: str, page_key: str) -> str:
    """Return what an answer stores to recognise this browser on this page, and nothing else."""
    return salted_hmac("feedback.marker", f"{token}:{page_key}", algorithm="sha256").hexdigest()


def sign_answer(answer_id: int) -> str:
    return signing.dumps(answer_id, salt=_ANSWER_SALT)


def answer_id(signed: str) -> int | None:
    """Return the id the signed value names, or None if it is forged or too old."""
    try:
        value = signing.loads(signed, salt=_ANSWER_SALT, max_age=ANSWER_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
