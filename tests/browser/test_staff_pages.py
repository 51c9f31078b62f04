"""The staff statistics page: zero axe violations, no sideways scroll on a phone.

Django's own admin screens (login, change lists) are not ours to fix and are left
out; the statistics page is this project's template.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_accessible, assert_no_horizontal_scroll, signed_in_page
from tests.browser.test_wizard_pages import PASSWORD

pytestmark = pytest.mark.browser

STATS_URL = "/admin/cases/wizardtext/stats/"


@pytest.fixture
def staff_with_cases(transactional_db):
    from cases.services import record as record_services
    from cases.services.case import case_create

    staff = get_user_model().objects.create_superuser(
        username="editor", password=PASSWORD, email="editor@example.com"
    )
    buyer = get_user_model().objects.create_user(username="buyer", password=PASSWORD)
    for product, resolution in [("点卡", "refunded"), ("激活码", ""), ("会员", "gave_up")]:
        case = case_create(owner=buyer, product_name=product, platform_name="某卡盟")
        if resolution:
            record_services.case_resolve(case=case, resolution=resolution)
    return staff


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_stats_page(new_context, live_server, staff_with_cases, screenshot, phone):
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
    page = signed_in_page(new_context, live_server, staff_with_cases, **options)
    response = page.goto(STATS_URL)
    assert response.status == 200, response.status
    assert page.url.endswith(STATS_URL), page.url  # not the admin login
    expect(page.get_by_text("一共 3 个案件")).to_be_visible()
    if phone:
        assert_no_horizontal_scroll(page, PHONE["width"])
        screenshot(page, "stats-phone")
    else:
        assert_accessible(page, "stats")
        screenshot(page, "stats")
