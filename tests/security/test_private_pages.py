"""Private pages: never cached by browsers or proxies, never kept in htmx history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.security.routes import routes_for_case
from tests.security.test_headers import assert_security_headers

pytestmark = pytest.mark.django_db

# Pages every case has, so the checks below can never pass by finding nothing.
CORE_PAGES = ["/cases/", "/cases/new/", "/cases/{id}/", "/cases/{id}/eligibility/"]


@pytest.fixture
def case(user, png_bytes):
    from cases.services import case_create, evidence_item_add

    case = case_create(owner=user, product_name="王者荣耀点券", platform_name="某卡盟")
    evidence_item_add(
        case=case,
        kind="transaction",
        description="订单详情截图",
        upload=SimpleUploadedFile("order.png", png_bytes),
    )
    return case


def _private_responses(client: Client, case) -> dict[str, object]:
    item = case.evidence.first()
    responses = {}
    for route in routes_for_case(case.id, item_id=item.pk if item else None):
        response = client.get(route.url)
        assert response.status_code < 500, f"GET {route.url}: {response.status_code}"
        if response.status_code == 200:
            responses[route.url] = response
    core = {page.format(id=case.id, item=item.pk if item else "") for page in CORE_PAGES}
    if item is not None:
        core |= {f"/cases/{case.id}/evidence/{item.pk}/file/"}
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


def test_anonymous_owners_case_pages_are_private_too(client):
    from cases.models import Case

    response = client.post("/cases/new/", {"product_name": "Steam 激活码"})
    assert response.status_code in {302, 303}, response.status_code
    case = Case.objects.get(product_name="Steam 激活码")
    assert case.owner is None
    responses = _private_responses(client, case)
    _assert_not_cacheable(responses)
    _assert_out_of_htmx_history(responses)


def test_htmx_fragments_of_case_pages_are_not_cacheable(user_client, case):
    """A partial answered to htmx must not be cached under the full page's URL either."""
    failures = []
    item = case.evidence.first()
    for route in routes_for_case(case.id, item_id=item.pk):
        response = user_client.get(route.url, headers={"HX-Request": "true"})
        if response.status_code != 200:
            continue
        cache_control = response.headers.get("Cache-Control", "")
        if "no-store" not in cache_control and "private" not in cache_control:
            failures.append(f"{route.url}: Cache-Control {cache_control!r}")
    assert not failures, "\n".join(failures)
