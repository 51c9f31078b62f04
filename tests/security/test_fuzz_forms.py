"""Hostile input posted to every form the site renders: never a 5xx.

The forms are found by reading the pages (sign up, log in, every /cases/ page of
a real case with a record of every kind, so the per-record forms show), and the
pages are listed from the URLconf, so a new form is fuzzed without touching
this file. Forms that delete or reopen are fuzzed on a fresh case each time.
"""

import datetime
import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.case_records import add_children
from tests.security.forms import Field, Form, post_forms
from tests.security.routes import all_routes, case_child_params, routes_for_case

# Each of these runs for seconds to tens of seconds: `slow` starts them first under xdist.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Forms that end the session or delete what the other forms need are left out
# here; test_confirmation_forms_never_answer_5xx fuzzes them on a fresh case.
SKIPPED_ACTIONS = ("logout", "delete")
CONFIRMATION_ACTIONS = ("delete", "reopen")
PASSWORD = "a-Long-pass-2026"  # the fixtures' users' password

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c\x1b[31m",
    "\u202egnp.exe",
    "\ufeff\u200b\u200d",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "{order_number}{nonexistent}{0}{{}}%s%n",
    "../../../../etc/passwd",
    "🧧" * 2000,
    "退" * 5000,
    "A" * 100_000,
    "\U0010ffff\U000e0001",
]
HOSTILE_NUMBERS = [
    "-1",
    "-0.01",
    "0",
    "0.001",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "-inf",
    "99999999999999999999999999.99",
    "12345678.999",
    "１２３",
    "1,000",
    "0x10",
    "١٢٣",
]
IMPOSSIBLE_DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "10000-01-01T00:00",
    "2026-02-30T25:61",
    "2026-01-01T00:00:00+99:00",
    "-0001-01-01",
    "1970-01-01T00:00",
]

text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]), max_size=20),
    st.sampled_from(HOSTILE_TEXT),
)
numbers = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True).map(str),
    text,
)
dates = st.one_of(
    st.sampled_from(IMPOSSIBLE_DATES),
    st.datetimes(
        min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)
    ).map(lambda moment: moment.isoformat(timespec="minutes")),
    text,
)
file_names = st.one_of(
    st.sampled_from(["../../evil.png", "a.exe", "shot.png", "x" * 300 + ".png", ".htaccess"]),
    # "." and ".." are no file name: Django's test client refuses to build such an upload,
    # and its multipart parser drops one a hostile client sends (sanitize_file_name).
    st.text(
        st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="/\\"),
        min_size=1,
        max_size=40,
    ).filter(lambda name: name not in {".", ".."}),
)
file_bytes = st.one_of(
    st.binary(max_size=2048),
    st.just(b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script>"),
    st.just(b"MZ\x90\x00" + b"\x00" * 64),
    st.just(b"%PDF-1.4\n%%EOF"),
)
files = st.builds(lambda name, content: SimpleUploadedFile(name, content), file_names, file_bytes)


def _value_strategy(field: Field):
    """Mix plausible values with hostile ones, so hostile input also meets valid neighbours."""
    if field.type == "file":
        return files
    if field.type == "password":
        plausible, hostile = st.sampled_from([PASSWORD, "wrong-Pass-1"]), text
    elif field.type in {"number", "range"} or field.name.endswith(("amount", "version")):
        plausible, hostile = st.sampled_from(["68.00", "0.01", field.value or "1"]), numbers
    elif field.type in {"date", "datetime-local", "time", "month", "week"} or field.name.endswith(
        ("_at", "_on", "time", "date", "deadline")
    ):
        plausible, hostile = st.just("2026-03-15T10:30"), dates
    elif field.choices:
        plausible, hostile = st.sampled_from(field.choices), text
    elif field.type == "hidden":
        plausible, hostile = st.just(field.value), text
    else:
        plausible, hostile = st.sampled_from(["正常的说明", "KM20260315001", "buyer"]), text
    value = st.one_of(plausible, plausible, hostile)
    # Wrong types: a list where one value is expected, or several values at once.
    return st.one_of(value, value, st.lists(value, min_size=2, max_size=4))


def _payload(form: Form):
    fields = {
        name: st.one_of(st.none(), _value_strategy(field))
        for name, field in form.fields.items()
        if name != "csrfmiddlewaretoken"
    }
    extra = st.dictionaries(
        st.sampled_from(["unexpected", "owner", "id", "case"]), text, max_size=2
    )
    return st.tuples(st.fixed_dictionaries(fields), extra).map(
        lambda pair: {k: v for k, v in (pair[0] | pair[1]).items() if v is not None}
    )


def _discover(
    client: Client, urls: list[str], *, skip: tuple[str, ...] = SKIPPED_ACTIONS
) -> list[Form]:
    forms, seen = [], set()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode(), url):
            key = (form.action, tuple(sorted(form.fields)))
            if key in seen or any(word in form.action for word in skip):
                continue
            seen.add(key)
            forms.append(form)
    return forms


def _fuzz(client: Client, forms: list[Form], data) -> None:
    for form in forms:
        payload = data.draw(_payload(form), label=f"{form.action} fields")
        htmx = form.htmx_only or data.draw(st.booleans(), label="htmx")
        headers = {"HX-Request": "true", "HX-Current-URL": form.page} if htmx else {}
        response = client.post(form.action, payload, headers=headers)
        assert response.status_code < 500, (
            f"POST {form.action} (form on {form.page}, htmx={htmx}) answered {response.status_code}"
        )


# How many examples: the Hypothesis profile (tests/conftest.py), 60 in `make test`.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture
def anonymous_forms():
    client = Client(raise_request_exception=False)
    routes, _ = all_routes()
    urls = [r.url for r in routes if r.url.startswith("/accounts/")] + ["/cases/new/"]
    forms = _discover(client, urls)
    assert forms, "no form found on the public account pages"
    return client, forms


def _case_with_records(user, png_bytes, *, resolved: bool = False):
    """A case with a record of every kind, so every per-record form is on its pages."""
    from cases.models import Case, Resolution
    from cases.services import record

    case = Case.objects.create(owner=user, product_name="王者荣耀点券", platform_name="某卡盟")
    children = add_children(case, png_bytes)
    missing = case_child_params() - children.keys()
    assert not missing, f"no real record for the URL parameters {sorted(missing)}"
    if resolved:
        record.case_resolve(case=case, resolution=Resolution.GAVE_UP)
    return case, children


def _actions(forms: list[Form], case) -> set[str]:
    """The forms' actions relative to the case, with record ids as <id>."""
    found = set()
    for form in forms:
        action = form.action.removeprefix(f"/cases/{case.id}/")
        found.add(re.sub(r"\b[0-9a-f-]{36}\b|\b\d+\b", "<id>", action))
    return found


# Every stage's forms, so a form that stops rendering (or never did) fails the fixture.
EXPECTED_CASE_FORMS = {
    "/cases/new/",
    "eligibility/",
    "eligibility/verdict/",
    "evidence/",
    "evidence/add/",
    "negotiation/message/",
    "negotiation/tone/",
    "negotiation/attempts/",
    "negotiation/attempts/<id>/",
    "appeal/record/",
    "appeal/record/<id>/",
    "escalation/",
    "escalation/records/add/",
    "escalation/records/<id>/",
    "resolve/",
}


@pytest.fixture
def case_forms(user, png_bytes):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    case, children = _case_with_records(user, png_bytes)
    routes, _ = all_routes()
    account_pages = [r.url for r in routes if r.url.startswith("/accounts/password/change/")]
    pages = [route.url for route in routes_for_case(case.id, children=children)]
    forms = _discover(client, pages + account_pages)
    missing = EXPECTED_CASE_FORMS - _actions(forms, case)
    assert not missing, f"forms not found: {sorted(missing)}"
    return client, forms


_users = itertools.count()
# Which of the pages hold a confirmation form, by their place in the list: every page is
# read for the first example, only those for the rest (the others include the exports and
# the PDF, which made this one test take most of a minute).
_confirmation_pages: list[int] = []


def _confirmation_forms(png_bytes):
    """A fresh user and resolved case, and the delete / reopen forms on their pages."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=f"fuzz{next(_users)}", password=PASSWORD)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    case, children = _case_with_records(user, png_bytes, resolved=True)
    routes, _ = all_routes()
    pages = [route.url for route in routes_for_case(case.id, children=children)]
    pages += [r.url for r in routes if r.url.startswith("/accounts/")]
    if not _confirmation_pages:
        for index, page in enumerate(pages):
            if _confirmations(client, [page]):
                _confirmation_pages.append(index)
    return client, case, _confirmations(client, [pages[i] for i in _confirmation_pages])


def _confirmations(client: Client, pages: list[str]) -> list[Form]:
    return [
        form
        for form in _discover(client, pages, skip=("logout",))
        if any(word in form.action for word in CONFIRMATION_ACTIONS)
    ]


@FUZZ
@given(data=st.data())
def test_account_and_start_forms_never_answer_5xx(anonymous_forms, data):
    client, forms = anonymous_forms
    _fuzz(client, forms, data)


@FUZZ
@given(data=st.data())
def test_case_forms_never_answer_5xx(case_forms, data):
    client, forms = case_forms
    _fuzz(client, forms, data)


@FUZZ
@given(data=st.data())
def test_confirmation_forms_never_answer_5xx(user, png_bytes, data):
    """Delete (evidence, case, account) and reopen, in any order, with hostile input."""
    client, case, forms = _confirmation_forms(png_bytes)
    expected = {"delete/", "evidence/<id>/delete/", "reopen/", "/accounts/delete/"}
    missing = expected - _actions(forms, case)
    assert not missing, f"forms not found: {sorted(missing)}"
    _fuzz(client, data.draw(st.permutations(forms), label="order"), data)


# One hostile value at a time, every other field plausible: the random mix above rarely
# lets a single bad value reach the save (a year-1 date once got through every check to
# the database and answered 500). Each row of this sweep does.
SWEEP_DATES = [d for d in IMPOSSIBLE_DATES if d] + ["2099-01-01T00:00", "2000-01-01"]
SWEEP_NUMBERS = HOSTILE_NUMBERS
SWEEP_TEXT = ["a\x00b", "\r\n\t\x0b\x0c\x1b[31m", "A" * 100_000, "\U0010ffff"]


def _plausible(field: Field) -> str | list[str]:
    if field.type in {"radio", "select"} or (field.choices and not field.multiple):
        return next((c for c in field.choices if c), "")
    if field.multiple:
        return field.choices[:1]
    if field.type == "date" or field.name.endswith("_on"):
        return "2026-03-15"
    if field.type == "datetime-local" or field.name.endswith(("_at", "deadline")):
        if field.name.endswith("deadline"):  # the future is plausible only for a deadline
            soon = datetime.datetime.now() + datetime.timedelta(days=2)
            return soon.strftime("%Y-%m-%dT%H:%M")
        return "2026-03-15T10:30"
    if field.name.endswith("amount"):
        return "68.00"
    if field.type == "hidden":
        return field.value
    if field.type == "email":
        return "buyer@example.com"
    if field.type == "tel" or field.name.endswith("phone"):
        return "138 0000 0000"
    return field.value or "正常的说明 KM20260315001"


def _hostile(field: Field) -> list[str]:
    if field.type in {"date", "datetime-local"} or field.name.endswith(("_at", "_on", "deadline")):
        values = SWEEP_DATES
    elif field.name.endswith(("amount", "version")):
        values = SWEEP_NUMBERS
    elif field.choices:
        values = ["not-a-choice", "\x00", ""]
    else:
        values = SWEEP_TEXT
    # The sweep's budget follows the Hypothesis profile (tests/conftest.py): every value in
    # `make test` and CI, every third (year 1 included) in `make test-fast`.
    return values[::3] if settings.get_current_profile_name() == "fast" else values


def _current(client: Client, form: Form) -> Form:
    """Return the form as its page renders it now (its version moves with every save)."""
    html = client.get(form.page).content.decode()
    return next(
        (
            f
            for f in post_forms(html, form.page)
            if (f.action, f.htmx_only) == (form.action, form.htmx_only)
        ),
        form,
    )


def test_one_hostile_field_among_plausible_ones_never_answers_5xx(case_forms):
    client, forms = case_forms
    for form in forms:
        current = None
        for name, field in form.fields.items():
            if name == "csrfmiddlewaretoken" or field.type == "file":
                continue
            for value in _hostile(field):
                # Read the form again only after a post that may have saved (its version moved):
                # a refused one changed nothing, and most hostile values are refused.
                current = current or _current(client, form)
                payload = {n: _plausible(f) for n, f in current.fields.items() if f.type != "file"}
                payload.pop("csrfmiddlewaretoken", None)
                payload[name] = value
                headers = (
                    {"HX-Request": "true", "HX-Current-URL": form.page} if form.htmx_only else {}
                )
                response = client.post(form.action, payload, headers=headers)
                where = f"POST {form.action} with {name}={value[:40]!r}"
                assert response.status_code < 500, f"{where} answered {response.status_code}"
                refused = response.status_code >= 400
                if response.status_code == 200 and not form.htmx_only:
                    # A refused save says why, at the top of the page.
                    assert "kr-error-summary" in response.content.decode(), (
                        f"{where} answered 200 without saying what was wrong"
                    )
                    refused = True
                if not refused:
                    current = None
