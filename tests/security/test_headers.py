"""Security headers on every page type, and cookie flags in production mode."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
ALLOWED_REFERRER_POLICIES = {
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "no-referrer",
}


def _routes(**values):
    routes, unreachable = all_routes(values)
    assert not unreachable, f"routes no sample URL reaches: {unreachable}"
    return routes


def _csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']}: no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_security_headers(response, url: str) -> None:
    csp = _csp(response)
    every_source = [source for sources in csp.values() for source in sources]
    assert "'unsafe-inline'" not in every_source, f"{url}: CSP allows unsafe-inline"
    assert "'unsafe-eval'" not in every_source, f"{url}: CSP allows unsafe-eval"
    assert csp.get("default-src") == ["'self'"], f"{url}: default-src {csp.get('default-src')}"
    for directive in ("script-src", "style-src"):
        sources = csp.get(directive, csp["default-src"])
        allowed = all(s == "'self'" or s.startswith("'nonce-") for s in sources)
        assert allowed, f"{url}: {directive} allows {sources}"
    assert csp.get("frame-ancestors") == ["'none'"], (
        f"{url}: frame-ancestors {csp.get('frame-ancestors')}"
    )
    assert csp.get("object-src") == ["'none'"], f"{url}: object-src {csp.get('object-src')}"
    assert response.headers.get("X-Frame-Options") == "DENY", f"{url}: X-Frame-Options"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", f"{url}: nosniff"
    assert response.headers.get("Referrer-Policy") in ALLOWED_REFERRER_POLICIES, (
        f"{url}: Referrer-Policy {response.headers.get('Referrer-Policy')!r}"
    )
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), f"{url}: Permissions"
    for header in ("Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy"):
        assert response.headers.get(header) == "same-origin", f"{url}: {header}"


def _visitors(user, staff_user):
    # A 500 is collected as one failure among many instead of stopping the loop.
    anonymous = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user)
    editor = Client(raise_request_exception=False)
    editor.force_login(staff_user)
    return {"anonymous": anonymous, "user": signed_in, "staff": editor}


def test_every_route_sends_security_headers_to_every_kind_of_visitor(user, staff_user):
    failures = []
    for visitor, client in _visitors(user, staff_user).items():
        for route in _routes():
            response = client.get(route.url)
            try:
                assert response.status_code < 500, f"{route.url}: {response.status_code}"
                assert_security_headers(response, route.url)
            except AssertionError as error:
                failures.append(f"[{visitor}] {route.name}: {str(error).splitlines()[0]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/guide/", 200),
        ("/guide/no-such-part/", 404),
        ("/healthz", 200),
        ("/robots.txt", 200),
        ("/sitemap.xml", 200),
    ],
)
def test_public_page_types_send_security_headers(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_security_headers(response, url)


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_site_pages_carry_no_inline_code_the_csp_would_block(user):
    """The CSP forbids inline script and style, so any in our HTML is silently broken."""
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user)
    failures = []
    for client in (Client(raise_request_exception=False), signed_in):
        for route in _routes():
            if route.url.startswith("/admin/"):
                continue  # Django's admin is not our markup.
            response = client.get(route.url)
            if "text/html" not in response.headers.get("Content-Type", ""):
                continue
            html = response.content.decode()
            for pattern, what in INLINE_CODE:
                if match := pattern.search(html):
                    failures.append(f"{route.url}: {what}: {match.group(0)!r}")
    assert not failures, "\n".join(failures)


def _production_settings(**extra_env) -> dict:
    """Import config.settings in a fresh interpreter with production env vars only."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL")) and key != "CI"
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="refund.example.com",
        **extra_env,
    )
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
    ]
    code = (
        "import json, os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_make_cookies_secure_httponly_and_samesite():
    production = _production_settings()
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert production["CSRF_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 180


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="refund.example.com")
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _cookie_flags(response, name: str) -> dict:
    morsel = response.cookies.get(name)
    assert morsel is not None, f"no {name} cookie set; cookies: {list(response.cookies)}"
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
    }


@pytest.fixture
def production_cookies(settings):
    """Apply the cookie flags that config.settings computes in production."""
    production = _production_settings()
    for name, value in production.items():
        if name.startswith(("SESSION_COOKIE_", "CSRF_COOKIE_")):
            setattr(settings, name, value)
    return production


def test_login_cookies_carry_production_flags(production_cookies, user):
    client = Client()
    form = client.get("/accounts/login/")
    assert form.status_code == 200
    csrf = _cookie_flags(form, "csrftoken")
    response = client.post(
        "/accounts/login/", {"username": "buyer", "password": "a-Long-pass-2026"}
    )
    assert response.status_code == 302, "login did not succeed"
    session = _cookie_flags(response, "sessionid")
    for flags in (csrf, session):
        assert flags["secure"] and flags["httponly"], flags
        assert flags["samesite"] in {"Lax", "Strict"}, flags


PASSWORD = "Kameng-refund-2026"


def test_sign_up_cookies_carry_production_flags(production_cookies, db):
    client = Client()
    form = client.get("/accounts/signup/")
    assert form.status_code == 200
    response = client.post(
        "/accounts/signup/",
        {"username": "newbuyer", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, "sign-up did not succeed"
    for name in ("csrftoken", "sessionid"):
        flags = _cookie_flags(form if name == "csrftoken" else response, name)
        assert flags["secure"] and flags["httponly"], (name, flags)
        assert flags["samesite"] in {"Lax", "Strict"}, (name, flags)


def test_static_files_and_the_https_redirect_carry_the_csp(settings):
    # WhiteNoise answers static files before the view middleware; the redirect comes from
    # SecurityMiddleware before anything else. Both still get the policy.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    for path in ("/static/css/site.css", "/static/favicon.svg"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "default-src 'self'" in response.headers.get("Content-Security-Policy", ""), path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/guide/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert "default-src 'self'" in response.headers.get("Content-Security-Policy", "")
