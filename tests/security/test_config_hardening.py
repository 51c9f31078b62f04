"""Defaults that fail closed, editors' permissions, admin ids, policy headers, editor ids.

Issue 15, findings 4–7 and 11, each through the door it was found at: a server started
from the environment, the admin as a staff member without rights, the response headers,
and a page holding an editor's headings.
"""

import datetime
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from cases.models import WizardText
from cases.services.case import case_create
from guide.models import GuidePart

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "-production-secret-key-with-enough-entropy-1234567890"
STATS_URL = "/admin/cases/wizardtext/stats/"
GUIDE_PREVIEW_URL = "/admin/guide/guidepart/preview/"
TEXT_PREVIEW_URL = "/admin/cases/wizardtext/preview/?key=tips_evidence"


def _server_env(tmp_path: Path, **env: str) -> dict[str, str]:
    """Return the environment of a fresh server: ours without any DJANGO_ variable, plus env."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PYTEST_"))
    }
    return {**clean, "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}", **env}


def _manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_server_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


# Requests a fresh server answers without a database or collected static files.
REQUESTS_PROBE = """
import json
from django.test import Client
client = Client()
answers = {}
for name, path, options in [
    ("plain", "/robots.txt", {}),
    ("https", "/healthz", {"secure": True}),
    ("forwarded", "/robots.txt", {"headers": {"x-forwarded-proto": "https"}}),
    ("forwarded_healthz", "/healthz", {"headers": {"x-forwarded-proto": "https"}}),
]:
    response = client.get(path, **options)
    answers[name] = {
        "status": response.status_code,
        "location": response.headers.get("Location", ""),
        "hsts": response.headers.get("Strict-Transport-Security"),
    }
print(json.dumps(answers))
"""


def _answers(tmp_path: Path, **env: str) -> dict[str, dict]:
    result = _manage(tmp_path, "shell", "-c", REQUESTS_PROBE, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Finding 4: DEBUG is off unless asked for ----------------------------------------------


def test_a_server_started_without_django_debug_runs_in_production_mode(tmp_path):
    # The operator set the key and the hosts and forgot DJANGO_DEBUG=.
    answers = _answers(tmp_path, DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="testserver")
    assert answers["plain"]["status"] == 301
    assert answers["plain"]["location"] == "https://testserver/robots.txt"
    assert answers["https"]["hsts"].startswith("max-age=31536000")


def test_a_server_started_with_nothing_set_refuses_to_start_naming_the_secret_key(tmp_path):
    result = _manage(tmp_path, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_development_mode_is_switched_on_explicitly(tmp_path):
    answers = _answers(tmp_path, DJANGO_DEBUG="1")
    assert answers["plain"]["status"] == 200
    assert answers["https"]["hsts"] is None


def test_make_run_and_make_superuser_ask_for_development_mode():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "superuser"],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert commands, result.stdout + result.stderr
    assert all(line.startswith("DJANGO_DEBUG=") for line in commands), commands


# --- Finding 5: the editors' extra pages need the model's permission -----------------------


@pytest.fixture
def bare_staff(db):
    """Return a client signed in as staff without a single permission."""
    member = get_user_model().objects.create_user(
        username="new-editor", password="a-Long-pass-2026", is_staff=True
    )
    client = Client()
    client.force_login(member)
    client.member = member
    return client


def _grant(client: Client, *codenames: str) -> None:
    client.member.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.mark.django_db
def test_staff_without_permissions_cannot_open_the_stats_or_post_to_either_preview(bare_staff):
    assert bare_staff.get(STATS_URL).status_code == 403
    assert bare_staff.post(GUIDE_PREVIEW_URL, {"body_markdown": "## 草稿"}).status_code == 403
    assert bare_staff.post(TEXT_PREVIEW_URL, {"body": "- 草稿"}).status_code == 403
    index = bare_staff.get("/admin/").content.decode()
    assert STATS_URL not in index


@pytest.mark.django_db
def test_viewing_wizard_texts_opens_the_stats(bare_staff):
    _grant(bare_staff, "view_wizardtext")
    assert bare_staff.get(STATS_URL).status_code == 200
    assert STATS_URL in bare_staff.get("/admin/").content.decode()


@pytest.mark.django_db
def test_only_editors_who_may_change_a_model_may_preview_it(bare_staff):
    _grant(bare_staff, "view_guidepart", "view_wizardtext")
    assert bare_staff.post(GUIDE_PREVIEW_URL, {"body_markdown": "## 草稿"}).status_code == 403
    assert bare_staff.post(TEXT_PREVIEW_URL, {"body": "- 草稿"}).status_code == 403
    # Read-only, the change form offers no preview the server would refuse.
    row = WizardText.objects.get(key="tips_evidence")
    change_form = bare_staff.get(f"/admin/cases/wizardtext/{row.pk}/change/")
    assert change_form.status_code == 200
    assert "/admin/cases/wizardtext/preview/" not in change_form.content.decode()

    _grant(bare_staff, "change_guidepart", "change_wizardtext")
    guide = bare_staff.post(GUIDE_PREVIEW_URL, {"body_markdown": "## 草稿"})
    assert guide.status_code == 200 and "草稿" in guide.content.decode()
    text = bare_staff.post(TEXT_PREVIEW_URL, {"body": "- 草稿"})
    assert text.status_code == 200 and "草稿" in text.content.decode()


# --- Finding 6: ids that cannot exist are a 404 in the history views ----------------------


@pytest.fixture
def part(db):
    return GuidePart.objects.create(
        title="测试章节",
        slug="history-ids",
        order=95,
        summary="一句话摘要。",
        body_markdown="## 小标题\n\n正文。",
        published=True,
        updated_on=datetime.date(2026, 1, 2),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("admin_url", ["/admin/guide/guidepart/", "/admin/cases/wizardtext/"])
@pytest.mark.parametrize(
    "template", ["{pk}/history/abc/", "abc/history/{version}/", "abc/history/"]
)
def test_a_non_numeric_object_or_history_id_is_404_for_staff(part, admin_url, template):
    editor = Client(raise_request_exception=False)
    editor.force_login(
        get_user_model().objects.create_superuser(username="chief", password="a-Long-pass-2026")
    )
    row = part if "guidepart" in admin_url else WizardText.objects.get(key="tips_evidence")
    version = row.history.first().history_id
    assert editor.get(admin_url + template.format(pk=row.pk, version=version)).status_code == 404
    # The real history and a real version of it still open.
    assert editor.get(f"{admin_url}{row.pk}/history/").status_code == 200
    assert editor.get(f"{admin_url}{row.pk}/history/{version}/").status_code == 200


# --- Finding 7: policy headers, HSTS preload and the forwarded scheme ----------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/guide/", "/healthz", "/no-such-page/", "/static/js/site.js"]
)
def test_every_kind_of_response_denies_browser_features_and_cross_origin_use(settings, path):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get(path)
    policy = dict(
        item.strip().split("=", 1) for item in response.headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()", (path, feature)
    # The copy buttons write to the clipboard (static/js/site.js).
    assert policy["clipboard-write"] == "(self)"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_hsts_preload_and_the_forwarded_scheme_are_off_until_the_operator_opts_in(tmp_path):
    production = {"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "testserver"}
    answers = _answers(tmp_path, DJANGO_DEBUG="", **production)
    assert answers["https"]["hsts"] == "max-age=31536000; includeSubDomains"
    # No proxy in front: a client's own X-Forwarded-Proto is not believed.
    assert answers["forwarded"]["status"] == 301
    assert answers["forwarded_healthz"]["hsts"] is None

    answers = _answers(
        tmp_path, DJANGO_DEBUG="", DJANGO_HSTS_PRELOAD="1", DJANGO_PROXY_COUNT="1", **production
    )
    assert answers["https"]["hsts"] == "max-age=31536000; includeSubDomains; preload"
    # Behind one proxy, its X-Forwarded-Proto says the request came over HTTPS.
    assert answers["forwarded"]["status"] == 200
    assert answers["forwarded_healthz"]["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_check_deploy_is_clean_with_preload_and_a_proxy_too(tmp_path):
    result = _manage(
        tmp_path,
        *("check", "--deploy", "--fail-level", "DEBUG"),
        DJANGO_DEBUG="",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="example.com",
        DJANGO_HSTS_PRELOAD="1",
        DJANGO_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# --- Finding 11: editors' ids cannot take the page's ---------------------------------------

IDS = re.compile(r'\sid="([^"]+)"')
# A heading named like a form field, and a raw heading with the id of the page's <main>.
HOSTILE_HEADINGS = '## id_message\n\n<h2 id="main">自带编号</h2>\n\n[回到上面](#main)\n'


def _duplicate_ids(html: str) -> list[str]:
    return [name for name, count in Counter(IDS.findall(html)).items() if count > 1]


@pytest.mark.django_db
def test_an_editors_headings_keep_the_skip_link_and_the_contents_working(client):
    GuidePart.objects.create(
        title="编号",
        slug="ids",
        order=96,
        summary="一句话摘要。",
        body_markdown=HOSTILE_HEADINGS,
        published=True,
        updated_on=datetime.date(2026, 1, 2),
    )
    html = client.get("/guide/ids/").content.decode()
    assert not _duplicate_ids(html)
    ids = set(IDS.findall(html))
    # The skip link still lands on <main>.
    assert 'href="#main"' in html and re.search(r'<main\b[^>]*\sid="main"', html)
    # Every link into the text (contents and the editor's own) has its target.
    targets = re.findall(r'href="#([^"]+)"', html)
    assert "md-main" in targets and "md-id_message" in targets
    assert set(targets) <= ids


@pytest.mark.django_db
def test_an_editors_heading_cannot_steal_the_copy_buttons_target(user_client, user):
    WizardText.objects.filter(key="intro_negotiation").update(body=HOSTILE_HEADINGS)
    case = case_create(owner=user, product_name="王者荣耀 100 元点卡", platform_name="某卡盟")
    html = user_client.get(f"/cases/{case.pk}/negotiation/").content.decode()
    assert not _duplicate_ids(html)
    assert 'data-copy-target="id_message"' in html
    assert re.search(r'<textarea\b[^>]*\sid="id_message"', html)
