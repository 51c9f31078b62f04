"""The start page a buyer can trust before starting, and the name a case gets when left empty."""

import datetime

import pytest
from django.utils import timezone

from cases import wording
from cases.models import Case

pytestmark = pytest.mark.django_db


def start(client, **data: str) -> Case:
    response = client.post("/cases/new/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Case.objects.latest("created_at")


def today() -> str:
    return wording.day(timezone.localdate())


def test_the_start_page_says_how_long_what_to_have_ready_and_what_this_is(client):
    html = client.get("/cases/new/").content.decode()
    assert "大约 10 分钟" in html
    for thing in ("订单号", "订单截图", "和商家的聊天记录"):
        assert thing in html, thing
    for promise in ("免费", "非官方", "不是法律意见"):
        assert promise in html, promise
    assert "不用注册也能开始" in html


def test_the_home_pages_call_to_action_says_it_is_free_short_and_unofficial(client):
    html = client.get("/").content.decode()
    action = html.index("开始退款向导")
    after = html[action : action + 600]
    for promise in ("免费", "大约 10 分钟", "非官方", "不是法律意见"):
        assert promise in after, promise


def test_the_product_field_says_it_names_the_case_and_may_stay_empty(client):
    html = client.get("/cases/new/").content.decode()
    assert "会用作案件的名字" in html and "未命名的退款" in html
    # The hint tells the name the case really gets: the platform or 未命名, and the day.
    assert "没填平台就叫“未命名的退款”）加上今天的日期" in html


def test_a_case_started_with_nothing_is_an_unnamed_refund_of_today(client):
    case = start(client)
    name = f"未命名的退款（{today()}）"
    assert case.display_title == name
    overview = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"<h1>{name}</h1>" in overview
    assert name in client.get("/cases/").content.decode()


def test_a_blank_product_name_counts_as_empty(client):
    assert start(client, product_name="   ").display_title == f"未命名的退款（{today()}）"


def test_a_case_is_named_after_its_product(client):
    assert start(client, product_name="和平精英 60 元点券").display_title == "和平精英 60 元点券"


def test_a_case_with_product_and_platform_names_both(client):
    case = start(client, product_name="点卡", platform_name="某卡盟")
    assert case.display_title == "点卡 · 某卡盟"


def test_a_case_with_only_a_platform_is_a_refund_there(client):
    assert start(client, platform_name="某卡盟").display_title == f"某卡盟上的退款（{today()}）"


def test_the_name_follows_a_product_filled_in_later(client):
    case = start(client)
    case.product_name = "Steam 钱包充值卡 200 元"
    assert case.display_title == "Steam 钱包充值卡 200 元"


def test_two_unnamed_cases_from_different_days_are_told_apart(user_client, user):
    first, second = start(user_client), start(user_client)
    Case.objects.filter(pk=first.pk).update(
        created_at=datetime.datetime(2026, 3, 14, 23, 30, tzinfo=datetime.UTC)
    )
    first.refresh_from_db()
    # Local time: 23:30 UTC is already the next morning in China.
    assert first.display_title == "未命名的退款（2026年3月15日）"
    assert first.display_title != second.display_title
    html = user_client.get("/cases/").content.decode()
    assert first.display_title in html and second.display_title in html


def test_a_title_the_case_was_given_wins(user):
    case = Case(owner=user, title="上周的点卡", product_name="点卡")
    assert case.display_title == "上周的点卡"
