"""Every URL under /cases/<id>/ answers 404 to anyone but the case's owner.

The route list is built from cases.urls, so a route added later is covered too;
a route with a URL parameter no real record is made for fails the tests below
instead of escaping them. Each child record (evidence item, negotiation attempt,
appeal, outside complaint) is real, so the owner's control run reaches the view
itself, and a child of one case used under another case's id must 404 as well.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern

from cases import urls
from cases.choices import EscalationOutcome
from cases.models import Case
from tests.case_records import add_children

# URL parameter → the child record the fixture makes for it.
CHILD_PARAMS = {
    "item_id": "evidence",
    "attempt_id": "negotiations",
    "appeal_id": "appeals",
    "escalation_id": "escalations",
}
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
# Routes that remove what the other routes need: visited last, the case itself at the end.
DESTRUCTIVE_LAST = {"evidence_delete": 1, "delete": 2}


def _case_routes(values: dict[str, str]) -> list[tuple[str, str, frozenset[str]]]:
    """Return (name, URL, child params) for every cases route that takes a case id."""
    routes = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if "<uuid:case_id>" not in route:
            continue
        params = frozenset(PARAM.findall(route)) - {"case_id"}
        unknown = params - CHILD_PARAMS.keys()
        assert not unknown, f"{pattern.name}: no real record is made for {sorted(unknown)}"
        path = PARAM.sub(lambda m: values[m.group(1)], route)
        routes.append((pattern.name, f"/cases/{path}", params))
    return routes


def _snapshot(case: Case) -> dict[str, object]:
    """Everything a request under a wrong case id could change or delete."""
    case.refresh_from_db()
    return {
        "case": (case.resolution, case.updated_at),
        "evidence": [(i.pk, i.description, bool(i.file)) for i in case.evidence.all()],
        "files": [i.file.storage.exists(i.file.name) for i in case.evidence.all()],
        "negotiations": list(case.negotiations.values_list("pk", "outcome", "seller_answer")),
        "appeals": list(case.appeals.values_list("pk", "outcome", "ticket_number")),
        "escalations": list(case.escalations.values_list("pk", "outcome", "reference")),
        "events": case.events.count(),
    }


@pytest.fixture
def owned(case, png_bytes):
    return case, add_children(case, png_bytes)


@pytest.fixture
def foreign(make_case, other_user, png_bytes):
    """Another user's case with children of every kind."""
    case = make_case(owner=other_user, product_name="别人的点卡")
    return case, add_children(case, png_bytes)


@pytest.fixture
def own_second(make_case, user, png_bytes):
    """A second case of the same owner: its children do not belong to the first case."""
    case = make_case(owner=user, product_name="另一张点卡")
    return case, add_children(case, png_bytes)


FORM_ONLY_REDIRECT = re.compile(
    r"/cases/(?P<case>[0-9a-f-]{36})/((eligibility|evidence|negotiation|appeal|escalation)/)?"
)


def _get_status(client: Client, url: str) -> int:
    """GET's status; a form-only address's redirect to its stage page counts as a 405.

    That redirect (config/middleware.py) comes before anything looks at the case or
    its child, and goes to a page without the child's id, so it reveals nothing: the
    stage page it points to is itself one of the routes checked here.
    """
    response = client.get(url)
    if response.status_code != 302:
        return response.status_code
    target = FORM_ONLY_REDIRECT.fullmatch(response["Location"])
    assert target and url.startswith(f"/cases/{target['case']}/"), (url, response["Location"])
    return 405


def _answers(client: Client, url: str) -> list[int]:
    return [_get_status(client, url), client.post(url, {"version": "0"}).status_code]


def test_the_route_list_covers_every_case_page(owned):
    _, values = owned
    routes = _case_routes(values)
    names = {name for name, _, _ in routes}
    assert {
        "overview",
        "eligibility",
        "evidence",
        "evidence_download",
        "evidence_delete",
        "negotiation",
        "negotiation_attempt_update",
        "negotiation_ics",
        "appeal",
        "appeal_record_update",
        "appeal_print",
        "appeal_zip",
        "appeal_pdf",
        "appeal_file",
        "escalation",
        "escalation_record_update",
        "resolve",
        "export",
        "delete",
    } <= names
    # Every kind of child record is reached through at least one route.
    used = set().union(*(params for _, _, params in routes))
    assert set(CHILD_PARAMS) <= used


def test_owner_reaches_every_case_route(user_client, owned):
    """The control case: the owner gets no 404, so the 404s below mean something."""
    case, values = owned
    routes = sorted(_case_routes(values), key=lambda route: DESTRUCTIVE_LAST.get(route[0], 0))
    for name, url, _ in routes:
        statuses = _answers(user_client, url)
        assert 404 not in statuses, f"{name} {url}: {statuses}"
        assert all(status < 500 for status in statuses), f"{name} {url}: {statuses}"
    # The evidence delete ran for real; the case delete was not confirmed.
    assert Case.objects.filter(pk=case.pk).exists()
    assert not case.evidence.exists()


@pytest.mark.parametrize("visitor", ["other_user", "anonymous", "other_session"])
def test_every_case_route_is_404_for_anyone_but_the_owner(visitor, owned, other_client):
    case, values = owned
    if visitor == "other_user":
        client = other_client
    else:
        client = Client()
        if visitor == "other_session":
            client.post("/cases/new/", {"product_name": "别人的案件"})
    before = _snapshot(case)
    for name, url, _ in _case_routes(values):
        statuses = _answers(client, url)
        assert all(status in {404, 405} for status in statuses), f"{name} {url}: {statuses}"
        assert 404 in statuses, f"{name} {url}: {statuses}"
        headers = {"HX-Request": "true"}
        assert client.post(url, {"version": "0"}, headers=headers).status_code in {404, 405}
        confirmed = {"version": "0", "confirm": "on", "outcome": "refunded"}
        assert client.post(url, confirmed).status_code in {404, 405}, f"{name} {url}"
    assert _snapshot(case) == before


@pytest.mark.parametrize("whose", ["another_users_case", "the_owners_other_case"])
def test_a_child_of_another_case_is_404_under_the_owners_case_id(
    whose, user_client, owned, foreign, own_second
):
    """/cases/<my case>/…/<child of some other case>/ must not reach that child."""
    case, values = owned
    elsewhere, their_values = foreign if whose == "another_users_case" else own_second
    before, theirs_before = _snapshot(case), _snapshot(elsewhere)
    checked = []
    for name, _, params in _case_routes(values):
        for param in params:
            mixed = values | {param: their_values[param]}
            url = next(u for n, u, _ in _case_routes(mixed) if n == name)
            statuses = _answers(user_client, url)
            assert all(status in {404, 405} for status in statuses), f"{name} {url}: {statuses}"
            assert 404 in statuses, f"{name} {url}: {statuses}"
            for payload in (
                {"version": "0", "confirm": "on", "outcome": "refunded"},
                {"version": "0", "outcome": EscalationOutcome.RESOLVED, "reference": "X"},
            ):
                response = user_client.post(url, payload, headers={"HX-Request": "true"})
                assert response.status_code in {404, 405}, f"{name} {url}: {response.status_code}"
            checked.append(name)
    assert {
        "evidence_download",
        "evidence_delete",
        "negotiation_attempt_update",
        "negotiation_ics",
        "appeal_record_update",
        "escalation_record_update",
    } <= set(checked)
    assert _snapshot(elsewhere) == theirs_before
    assert _snapshot(case) == before


def test_anonymous_case_is_404_for_another_browser_and_for_a_signed_in_user(
    make_case, other_client
):
    owner_browser = Client()
    response = owner_browser.post("/cases/new/", {"product_name": "点卡"})
    case_url = response["Location"].replace("eligibility/", "")
    assert owner_browser.get(case_url).status_code == 200
    assert Client().get(case_url).status_code == 404
    assert other_client.get(case_url).status_code == 404
