"""A wrong HTTP method gets a page saying what to do, or the page it belongs to; never a blank."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(user):
    from cases.services.case import case_create

    return case_create(owner=user, product_name="王者荣耀点券", platform_name="某卡盟")


FORM_ONLY = {
    "evidence/add/": "evidence/",
    "negotiation/message/": "negotiation/",
    "negotiation/attempts/": "negotiation/",
    "appeal/record/": "appeal/",
    "escalation/records/add/": "escalation/",
    "reopen/": "",
}


def test_a_form_only_address_opened_by_its_owner_leads_to_its_stage_page(user_client, case):
    for address, stage_page in FORM_ONLY.items():
        response = user_client.get(f"/cases/{case.pk}/{address}")
        assert response.status_code == 302, address
        assert response["Location"] == f"/cases/{case.pk}/{stage_page}"
        assert user_client.get(response["Location"]).status_code == 200


def test_for_anyone_else_it_leads_to_the_same_404(other_client, client, case):
    for visitor in (other_client, client):
        for address, stage_page in FORM_ONLY.items():
            response = visitor.get(f"/cases/{case.pk}/{address}")
            assert response["Location"] == f"/cases/{case.pk}/{stage_page}"
            assert visitor.get(response["Location"]).status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [("put", "/cases/new/"), ("delete", "/cases/"), ("post", "/guide/"), ("post", "/healthz")],
)
def test_a_wrong_method_elsewhere_gets_a_page_in_chinese(client, seeded_guide, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"]
    assert "这个地址不能这样打开" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/guide/", "/guide/refundable/", "/healthz", "/robots.txt"])
def test_head_requests_are_answered_like_get(client, seeded_guide, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""
