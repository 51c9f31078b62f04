"""Private pages: never cached by browsers or proxies, never kept in htmx history."""

import pytest
from django.test import Client

from tests.case_records import add_children
from tests.security.routes import case_child_params, routes_for_case
from tests.security.test_headers import assert_security_headers

pytestmark = pytest.mark.django_db

# Pages every case has, so the checks below can never pass by finding nothing.
CORE_PAGES = [
    "/cases/",
    "/cases/new/",
    "/cases/{case_id}/",
    "/cases/{case_id}/eligibility/",
    "/cases/{case_id}/evidence/",
    "/cases/{case_id}/evidence/{item_id}/file/",
    "/cases/{case_id}/evidence/{item_id}/delete/",
    "/cases/{case_id}/negotiation/",
    "/cases/{case_id}/negotiation/attempts/{attempt_id}/deadline.ics",
    "/cases/{case_id}/appeal/",
    "/cases/{case_id}/appeal/print/",
    "/cases/{case_id}/appeal/package.zip",
    "/cases/{case_id}/appeal/package.pdf",
    "/cases/{case_id}/appeal/description.txt",
    "/cases/{case_id}/appeal/files/{item_id}/",
    "/cases/{case_id}/escalation/",
    "/cases/{case_id}/resolve/",
    "/cases/{case_id}/export/",
    "/cases/{case_id}/delete/",
]


@pytest.fixture
def case(user, png_bytes):
    """A signed-in user's case with a real child record of every kind."""
    from cases.services.case import case_create

    case = case_create(owner=user, product_name="王者荣耀点券", platform_name="某卡盟")
    case.children = add_children(case, png_bytes)
    return case


def _case_routes(case) -> list:
    children = case.children
    missing = case_child_params() - children.keys()
    assert not missing, f"no real child record for the URL parameters {sorted(missing)}"
    return routes_for_case(case.id, children=children)


def _private_responses(client: Client, case) -> dict[str, object]:
    responses, failures = {}, []
    for route in _case_routes(case):
        response = client.get(route.url)
        if response.status_code >= 500:
            failures.append(f"GET {route.url}: {response.status_code}")
        elif response.status_code == 200:
            responses[route.url] = response
    assert not failures, "\n".join(failures)
    core = {page.format(**case.children) for page in CORE_PAGES}
    missing = core - set(responses)
    assert not missing, f"core case pages not answering 200: {sorted(missing)}"
    return responses


def _assert_not_cacheable(responses) -> None:
    failures = []
    for url, response in responses.items():
        cache_control = response.headers.get("Cache-Control", "")
        if "no-store" not in cache_control and "private" not in cache_control:
            failures.append(f"{url}: Cache-Control {cache_control!r}")
    assert not failures, "cacheable private pages:\n" + "\n".join(failures)


def _assert_out_of_htmx_history(responses) -> None:
    failures = []
    for url, response in responses.items():
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        if 'hx-history="false"' not in response.content.decode():
            failures.append(url)
    assert not failures, 'pages without hx-history="false":\n' + "\n".join(failures)


def test_owners_case_pages_are_not_cacheable(user_client, case):
    _assert_not_cacheable(_private_responses(user_client, case))


def test_owners_case_pages_and_files_send_security_headers(user_client, case):
    for url, response in _private_responses(user_client, case).items():
        assert_security_headers(response, url)


def test_owners_case_pages_stay_out_of_htmx_history(user_client, case):
    _assert_out_of_htmx_history(_private_responses(user_client, case))


def test_anonymous_owners_case_pages_are_private_too(client, png_bytes):
    from cases.models import Case

    response = client.post("/cases/new/", {"product_name": "Steam 激活码"})
    assert response.status_code in {302, 303}, response.status_code
    case = Case.objects.get(product_name="Steam 激活码")
    assert case.owner is None
    case.children = add_children(case, png_bytes)
    responses = _private_responses(client, case)
    _assert_not_cacheable(responses)
    _assert_out_of_htmx_history(responses)


def test_htmx_fragments_of_case_pages_are_not_cacheable(user_client, case):
    """A partial answered to htmx must not be cached under the full page's URL either."""
    failures, fragments = [], 0
    for route in _case_routes(case):
        response = user_client.get(route.url, headers={"HX-Request": "true"})
        if response.status_code != 200:
            continue
        fragments += 1
        cache_control = response.headers.get("Cache-Control", "")
        if "no-store" not in cache_control and "private" not in cache_control:
            failures.append(f"{route.url}: Cache-Control {cache_control!r}")
    assert fragments >= len(CORE_PAGES) - 2, f"only {fragments} case routes answered htmx"
    assert not failures, "\n".join(failures)
