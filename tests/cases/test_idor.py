"""Every URL under /cases/<id>/ answers 404 to anyone but the case's owner.

The route list is built from cases.urls, so a route added later is covered too.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern

from cases import services, urls


def _case_routes(case_id, item_id) -> list[tuple[str, str]]:
    """Return (name, URL) for every cases route that takes a case id."""
    values = {"case_id": str(case_id), "item_id": str(item_id)}
    routes = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if "<uuid:case_id>" not in route:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
        routes.append((pattern.name, f"/cases/{path}"))
    return routes


@pytest.fixture
def owned(case, png_bytes):
    item = services.evidence_item_add(
        case=case,
        kind="transaction",
        description="订单截图",
        upload=SimpleUploadedFile("order.png", png_bytes),
    )
    return case, item


def _answers(client: Client, url: str) -> list[int]:
    return [client.get(url).status_code, client.post(url, {"version": "0"}).status_code]


def test_the_route_list_covers_every_case_page(owned):
    case, item = owned
    names = {name for name, _ in _case_routes(case.pk, item.pk)}
    assert {"overview", "eligibility", "evidence", "evidence_download", "evidence_delete"} <= names


def test_owner_reaches_every_case_route(user_client, owned):
    """The control case: the owner gets no 404, so the 404s below mean something."""
    case, item = owned
    routes = _case_routes(case.pk, item.pk)
    # Deleting goes last: after it the item's own URLs are rightly gone.
    routes.sort(key=lambda route: route[0] == "evidence_delete")
    for name, url in routes:
        statuses = _answers(user_client, url)
        assert 404 not in statuses, f"{name} {url}: {statuses}"
    assert not case.evidence.exists()


@pytest.mark.parametrize("visitor", ["other_user", "anonymous", "other_session"])
def test_every_case_route_is_404_for_anyone_but_the_owner(visitor, owned, other_client):
    case, item = owned
    if visitor == "other_user":
        client = other_client
    else:
        client = Client()
        if visitor == "other_session":
            client.post("/cases/new/", {"product_name": "别人的案件"})
    for name, url in _case_routes(case.pk, item.pk):
        statuses = _answers(client, url)
        assert all(status in {404, 405} for status in statuses), f"{name} {url}: {statuses}"
        assert 404 in statuses, f"{name} {url}: {statuses}"
        headers = {"HX-Request": "true"}
        assert client.post(url, {"version": "0"}, headers=headers).status_code in {404, 405}
    case.refresh_from_db()
    assert case.evidence.count() == 1


def test_anonymous_case_is_404_for_another_browser_and_for_a_signed_in_user(
    make_case, other_client
):
    owner_browser = Client()
    response = owner_browser.post("/cases/new/", {"product_name": "点卡"})
    case_url = response["Location"].replace("eligibility/", "")
    assert owner_browser.get(case_url).status_code == 200
    assert Client().get(case_url).status_code == 404
    assert other_client.get(case_url).status_code == 404
