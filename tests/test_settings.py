"""Production settings: refuse insecure starts, pass check --deploy."""

import ast
import gettext
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("PYTEST_CURRENT_TEST", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DJANGO_DEBUG="",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-1234567890",
        DJANGO_ALLOWED_HOSTS="example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRODUCTION_PROBE = """
from django.db import connection
from django.test import Client
client = Client()
print(client.get("/healthz").status_code, client.get("/guide/").status_code)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0], connection.settings_dict["OPTIONS"]["transaction_mode"])
"""


def test_production_redirects_to_https_except_healthz_and_sqlite_runs_in_wal(tmp_path):
    result = manage(
        "shell",
        "-c",
        PRODUCTION_PROBE,
        DJANGO_DEBUG="",
        DJANGO_SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-1234567890",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    statuses, journal = result.stdout.strip().splitlines()[-2:]
    # Load balancers probe over plain HTTP; everyone else is sent to HTTPS.
    assert statuses == "200 301"
    assert journal == "wal IMMEDIATE"


def settings_read_with(monkeypatch, **env: str) -> dict:
    """Run config/settings.py afresh under this environment and return its names.

    What the settings make of a variable needs no new Python process: config/settings.py
    runs here as manage.py would run it (test_a_bad_setting_stops_manage_py shows that
    its refusal does stop the real command).
    """
    for name in [name for name in os.environ if name.startswith("DJANGO_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))


def test_a_bad_setting_stops_manage_py_naming_the_variable():
    result = manage("check", DJANGO_DEBUG="1", DJANGO_PROXY_COUNT="one")
    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT must be a whole number of proxies" in result.stderr
    result = manage("check", DJANGO_DEBUG="", DJANGO_ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "example.com"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "s" * 60}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_settings(monkeypatch, env, missing):
    with pytest.raises(ImproperlyConfigured, match=missing):
        settings_read_with(monkeypatch, DJANGO_DEBUG="", **env)


def test_proxy_count_sets_where_login_throttling_finds_the_client(monkeypatch):
    s = settings_read_with(monkeypatch, DJANGO_PROXY_COUNT="2")
    assert s["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    assert (s["AXES_IPWARE_PROXY_COUNT"], s["IPWARE_STRICT"]) == (1, False)
    # Unset: the peer's own address, as axes does by default.
    assert settings_read_with(monkeypatch)["PROXY_COUNT"] == 0


@pytest.mark.parametrize("value", ["one", "-1", "1.5", "11", "２"])
def test_a_bad_proxy_count_stops_the_server_naming_the_variable(monkeypatch, value):
    with pytest.raises(
        ImproperlyConfigured, match="DJANGO_PROXY_COUNT must be a whole number of proxies"
    ):
        settings_read_with(monkeypatch, DJANGO_PROXY_COUNT=value)


def test_an_empty_database_url_means_the_embedded_sqlite_default(monkeypatch):
    s = settings_read_with(monkeypatch, DATABASE_URL="")
    assert s["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


def _po_entries(path: Path) -> dict[str, str]:
    """Return msgid → msgstr of a simple .po file (one-line strings, as ours are)."""
    entries, msgid = {}, None
    for line in path.read_text().splitlines():
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line.removeprefix("msgid "))
        elif line.startswith("msgstr ") and msgid:
            entries[msgid] = ast.literal_eval(line.removeprefix("msgstr "))
    return entries


def test_the_compiled_translations_match_their_source():
    folder = ROOT / "config" / "locale" / "zh_Hans" / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    entries = _po_entries(folder / "django.po")
    assert entries
    for msgid, msgstr in entries.items():
        assert translations.gettext(msgid) == msgstr, f"django.mo is stale: rerun msgfmt ({msgid})"


def test_sessions_are_read_through_redis_only_when_one_is_named(monkeypatch):
    plain = settings_read_with(monkeypatch, DJANGO_DEBUG="1")
    # Unset: Django's default, the database.
    assert "SESSION_ENGINE" not in plain
    assert "sessions" not in plain["CACHES"]
    named = settings_read_with(
        monkeypatch, DJANGO_DEBUG="1", DJANGO_SESSION_CACHE="redis://127.0.0.1:6379/2"
    )
    # cached_db: the database stays the record, Redis a copy every worker reads first.
    assert named["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert named["SESSION_CACHE_ALIAS"] == "sessions"
    assert named["CACHES"]["sessions"]["BACKEND"].endswith("RedisCache")


@pytest.mark.parametrize("value", ["127.0.0.1:6379", "locmem://", "memcached://x"])
def test_a_session_cache_that_is_not_redis_stops_the_server(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SESSION_CACHE must be a Redis URL"):
        settings_read_with(monkeypatch, DJANGO_DEBUG="1", DJANGO_SESSION_CACHE=value)
