"""Hostile input posted to every form the site renders: never a 5xx.

The forms are found by reading the pages (sign up, log in, every /cases/ page of
a real case), so a new form is fuzzed without touching this file.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.forms import Field, Form, post_forms
from tests.security.routes import all_routes, routes_for_case

pytestmark = pytest.mark.django_db

# Forms that end the session or delete what the other forms need are left out;
# they take no free input beyond a confirmation.
SKIPPED_ACTIONS = ("logout", "delete")

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
    st.text(
        st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="/\\"),
        min_size=1,
        max_size=40,
    ),
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
    if field.type in {"number", "range"} or field.name.endswith(("amount", "version")):
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


def _discover(client: Client, urls: list[str]) -> list[Form]:
    forms, seen = [], set()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode(), url):
            key = (form.action, tuple(sorted(form.fields)))
            if key in seen or any(word in form.action for word in SKIPPED_ACTIONS):
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


FUZZ = settings(
    max_examples=50,
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


@pytest.fixture
def case_forms(user):
    from cases.models import Case

    client = Client(raise_request_exception=False)
    client.force_login(user)
    case = Case.objects.create(owner=user, product_name="王者荣耀点券", platform_name="某卡盟")
    routes, _ = all_routes()
    account_pages = [r.url for r in routes if r.url.startswith("/accounts/password/change/")]
    forms = _discover(client, [route.url for route in routes_for_case(case.id)] + account_pages)
    actions = {form.action.removeprefix(f"/cases/{case.id}/") for form in forms}
    expected = {"/cases/new/", "eligibility/", "eligibility/verdict/", "evidence/", "evidence/add/"}
    assert expected <= actions, f"forms not found: {expected - actions}"
    return client, forms


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
