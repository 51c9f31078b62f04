"""核对信息: every fact the texts use, formatted once, with a 修改 link to where it is asked."""

import re
from datetime import datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import AppealRecord, NegotiationAttempt, StageState
from cases.services.evidence import evidence_item_add

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROW = re.compile(
    r'<div class="kr-summary-list__row">\s*<dt[^>]*>(?P<label>.*?)</dt>\s*'
    r'<dd class="kr-summary-list__value">(?P<value>.*?)</dd>\s*'
    r'<dd class="kr-summary-list__actions"><a href="(?P<url>[^"]+)">修改'
    r'<span class="kr-visually-hidden">(?P<hidden>.*?)</span></a></dd>',
    re.S,
)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def rows(html: str) -> dict[str, tuple[str, str]]:
    """Return {label: (value as read, 修改 URL)} of the page's summary lists."""
    found = {}
    for match in ROW.finditer(html):
        assert match["hidden"] == match["label"], "the hidden text must name the row"
        value = " ".join(unescape(re.sub(r"<[^>]+>", " ", match["value"])).split())
        found[unescape(match["label"])] = (value, unescape(match["url"]))
    return found


@pytest.fixture
def told_case(make_case, user):
    """The issue's buyer: a used 100 元 code, the seller refused with 卡密已发放，无法回收."""
    case = make_case(
        owner=user,
        order_number="KM20261120-0088",
        seller_id="shop8888",
        amount=Decimal("100"),
        ordered_at=at(11, 20, 9, 15),
        goods_kind="game_card",
        problems=["invalid_code"],
        code_symptom="used",
        first_used_by="qq_7788****",
        no_refund_notice=False,
        fraud_signs=None,
        payment_method="platform",
        remedy="refund",
        complainant_name="张三",
        complainant_phone="13800000000",
        complainant_address="上海市某区某路 1 号",
        respondent_name="某某网络科技有限公司",
        respondent_address="杭州市某区某路 2 号",
        complaint_request="退还货款 100 元",
    )
    evidence_item_add(
        case=case, kind="failure", description="提示已被使用的截图", occurred_at=at(11, 20, 9, 20)
    )
    NegotiationAttempt.objects.create(
        case=case,
        sent_at=at(11, 20, 10),
        deadline=at(11, 20, 17),
        seller_answer="卡密已发放，无法回收",
        outcome="refused",
    )
    AppealRecord.objects.create(
        case=case, submitted_at=at(11, 21, 9, 30), ticket_number="T-100", outcome="pending"
    )
    StageState.objects.update_or_create(
        case=case,
        stage="negotiation",
        defaults={
            "draft": {
                "message": {
                    "rule": ["custom"],
                    "rule_name": ["虚拟商品售后规则"],
                    "rule_promise": ["卡密无效的，商家须退款"],
                    "deadline": ["2026-11-21 17:00"],
                }
            }
        },
    )
    return case


def test_every_fact_is_shown_as_the_texts_word_it_with_its_change_link(user_client, told_case):
    case = told_case
    attempt = case.negotiations.get()
    appeal = case.appeals.get()
    response = user_client.get(f"/cases/{case.pk}/check/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    shown = rows(response.content.decode())
    base = f"/cases/{case.pk}"
    assert shown == {
        "商品名称": ("王者荣耀 100 元点卡", f"{base}/evidence/#id_product_name"),
        "平台": ("某卡盟", f"{base}/evidence/#id_platform_name"),
        "订单号": ("KM20261120-0088", f"{base}/evidence/#id_order_number"),
        "商家ID": ("shop8888", f"{base}/evidence/#id_seller_id"),
        "金额": ("100 元", f"{base}/evidence/#id_amount"),
        "下单时间": ("2026年11月20日 09:15", f"{base}/evidence/#id_ordered_at"),
        "商品类型": ("游戏点卡 / 充值卡", f"{base}/eligibility/#id_goods_kind_0"),
        "付款方式": ("在平台下单付款", f"{base}/eligibility/#id_payment_method_0"),
        "遇到的问题": (
            "卡密 / 激活码无效或显示“已被使用”",
            f"{base}/eligibility/#id_problems_0",
        ),
        # Facts the texts do without: never counted as missing.
        "商家承诺的发货时间": ("没有填，可以不填", f"{base}/eligibility/#id_promised_delivery"),
        "发现问题的时间": ("没有填，可以不填", f"{base}/eligibility/#id_noticed_at"),
        "卡密的具体情况": ("提示“已被使用”", f"{base}/eligibility/#id_code_symptom_0"),
        "具体哪里不对": ("没有填，可以不填", f"{base}/eligibility/#id_problem_detail"),
        "卡密最早被使用的时间": ("没有填，可以不填", f"{base}/eligibility/#id_first_used_at"),
        "使用卡密的账号": ("qq_7788****", f"{base}/eligibility/#id_first_used_by"),
        "商品页写着不支持退款": ("否", f"{base}/eligibility/#id_no_refund_notice_0"),
        "商家欺诈的迹象": ("不确定", f"{base}/eligibility/#id_fraud_signs_0"),
        "证据": (
            "商品失效证明：提示已被使用的截图（ 2026年11月20日 09:20 ）",
            f"{base}/evidence/#id_kind",
        ),
        "想要的结果": ("全额退款", f"{base}/eligibility/#id_remedy_0"),
        "投诉里写的请求": ("退还货款 100 元", f"{base}/escalation/#id_complaint_request"),
        "引用的平台规则": (
            "《虚拟商品售后规则》：卡密无效的，商家须退款",
            f"{base}/negotiation/#id_rule_0",
        ),
        "消息里给商家的期限": ("2026年11月21日 17:00", f"{base}/negotiation/#id_deadline"),
        "第 1 次协商：发送时间": (
            "2026年11月20日 10:00",
            f"{base}/negotiation/#attempt-{attempt.pk}-title",
        ),
        "第 1 次协商：给商家的期限": (
            "2026年11月20日 17:00",
            f"{base}/negotiation/#attempt-{attempt.pk}-title",
        ),
        "第 1 次协商：商家的回复": (
            "“卡密已发放，无法回收”",
            f"{base}/negotiation/?edit={attempt.pk}#id_attempt-{attempt.pk}-seller_answer",
        ),
        "第 1 次协商：结果": (
            "商家拒绝",
            f"{base}/negotiation/?edit={attempt.pk}#id_attempt-{attempt.pk}-outcome_0",
        ),
        "第 1 次申诉：提交时间": ("2026年11月21日 09:30", f"{base}/appeal/#records-title"),
        "第 1 次申诉：工单号": ("T-100", f"{base}/appeal/#records-title"),
        "第 1 次申诉：结果": ("等待平台处理", f"{base}/appeal/#id_appeal-{appeal.pk}-outcome_0"),
        "认为平台的处理结果不合理": ("否", f"{base}/escalation/#id_appeal_unreasonable_0"),
        "你的姓名": ("张三", f"{base}/escalation/#id_complainant_name"),
        "你的电话": ("13800000000", f"{base}/escalation/#id_complainant_phone"),
        "你的通讯地址": ("上海市某区某路 1 号", f"{base}/escalation/#id_complainant_address"),
        "被投诉人名称": ("某某网络科技有限公司", f"{base}/escalation/#id_respondent_name"),
        "被投诉人地址": ("杭州市某区某路 2 号", f"{base}/escalation/#id_respondent_address"),
    }


def test_every_change_link_lands_on_the_field_where_the_fact_is_asked(user_client, told_case):
    shown = rows(user_client.get(f"/cases/{told_case.pk}/check/").content.decode())
    pages: dict[str, str] = {}
    for label, (_, url) in shown.items():
        path, anchor = url.split("#")
        if path not in pages:
            response = user_client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.content.decode()
        assert f'id="{anchor}"' in pages[path], f"{label}: no #{anchor} on {path}"


def test_the_page_leads_to_each_text(user_client, told_case):
    html = user_client.get(f"/cases/{told_case.pk}/check/").content.decode()
    base = f"/cases/{told_case.pk}"
    # One filled button (the first text the buyer sends); the others are secondary.
    assert f'class="kr-button" href="{base}/negotiation/#message-title"' in html
    for url in (f"{base}/appeal/#statement-title", f"{base}/escalation/#texts-title"):
        assert f'class="kr-button kr-button--secondary" href="{url}"' in html, url


@pytest.mark.parametrize("stage", ["", "negotiation/", "appeal/", "escalation/"])
def test_the_pages_that_generate_texts_link_to_the_check_page(user_client, told_case, stage):
    html = user_client.get(f"/cases/{told_case.pk}/{stage}").content.decode()
    assert f'href="/cases/{told_case.pk}/check/">核对信息</a>' in html


# What a new case's texts mark 【待补充】: the page says 未填写 for exactly these.
MARKED_WHEN_EMPTY = {
    *("商品名称", "平台", "订单号", "商家ID", "金额", "下单时间", "付款方式"),
    *("遇到的问题", "证据", "想要的结果", "申诉记录"),
    *("你的姓名", "你的电话", "你的通讯地址", "被投诉人名称", "被投诉人地址"),
}


def test_facts_not_given_yet_say_not_filled_in_only_where_a_text_marks_them(
    user_client, user, make_case
):
    case = make_case(owner=user, product_name="", platform_name="")
    response = user_client.get(f"/cases/{case.pk}/check/")
    html = response.content.decode()
    shown = rows(html)
    assert {label for label, (value, _) in shown.items() if value == "未填写"} == MARKED_WHEN_EMPTY
    # The rest say what an empty answer means, in words: nothing there reads like a gap.
    assert shown["商家承诺的发货时间"][0] == "没有填，可以不填"
    assert shown["商品类型"][0] == "还没有回答"
    assert shown["引用的平台规则"][0] == "不引用"
    assert shown["协商记录"][0] == "还没有记录"
    assert shown["认为平台的处理结果不合理"][0] == "申诉有结果后再答"  # not asked before an appeal
    assert f"还有 {len(MARKED_WHEN_EMPTY)} 项未填写" in html
    assert "【待补充】" in html  # the page says what an empty fact does


def test_a_private_transfer_is_not_sent_to_the_appeal_statement(user_client, user, make_case):
    case = make_case(owner=user, payment_method="private", problems=["invalid_code"])
    html = user_client.get(f"/cases/{case.pk}/check/").content.decode()
    assert "私下转账的订单没法向平台申诉" in html
    assert f"/cases/{case.pk}/appeal/#statement-title" not in html


def test_another_users_case_is_404(other_client, told_case):
    assert other_client.get(f"/cases/{told_case.pk}/check/").status_code == 404


def test_a_visitor_without_the_session_gets_404(client, told_case):
    assert client.get(f"/cases/{told_case.pk}/check/").status_code == 404


def test_post_is_not_allowed(user_client, told_case):
    assert user_client.post(f"/cases/{told_case.pk}/check/").status_code == 405


def test_query_count_is_the_same_with_1_and_20_attempts(
    user_client, told_case, django_assert_num_queries
):
    url = f"/cases/{told_case.pk}/check/"
    with CaptureQueriesContext(connection) as captured:
        assert user_client.get(url).status_code == 200
    one = len(captured.captured_queries)
    NegotiationAttempt.objects.bulk_create(
        [
            NegotiationAttempt(case=told_case, sent_at=at(11, 20, 11 + n // 60, n % 60))
            for n in range(19)
        ]
    )
    AppealRecord.objects.bulk_create(
        [AppealRecord(case=told_case, submitted_at=at(11, 22, 9, n)) for n in range(5)]
    )
    with django_assert_num_queries(one):
        response = user_client.get(url)
    assert "第 20 次协商：结果" in response.content.decode()


def test_a_problem_the_texts_cannot_name_says_they_leave_it_to_the_buyer(
    user_client, user, make_case
):
    case = make_case(owner=user, problems=["other"])
    shown = rows(user_client.get(f"/cases/{case.pk}/check/").content.decode())
    told = shown["遇到的问题"][0]
    assert told.startswith("其他（") and "【待补充：遇到的问题】" in told
    named = make_case(owner=user, problems=["late"])
    shown = rows(user_client.get(f"/cases/{named.pk}/check/").content.decode())
    assert shown["遇到的问题"][0] == "没有在约定时间内发货"


def section_meta(html: str) -> dict[str, str]:
    """Return {section title: what its closed summary says}."""
    found = re.findall(
        r'<h2 class="kr-section__title">(.*?)</h2> '
        r'<span class="kr-section__meta">(.*?)</span>',
        html,
    )
    return {unescape(title): unescape(meta) for title, meta in found}


def test_a_step_not_taken_yet_does_not_read_as_finished(user_client, user, make_case):
    case = make_case(owner=user, payment_method="private", problems=["invalid_code"])
    meta = section_meta(user_client.get(f"/cases/{case.pk}/check/").content.decode())
    assert meta["和商家协商"] == "还没有协商记录"
    # With gaps left, the way on does not say the facts are all right.
    page = user_client.get(f"/cases/{case.pk}/check/").content.decode()
    assert "补好或核对好了，去复制文字" in page and "发出去之前把【待补充】换成真实内容" in page
    # The complainant's details are counted, and said to be needed only at step 5.
    assert "只有 12315 投诉和报案材料用到这些信息，到第 5 步再填也可以。" in page
    assert meta["平台申诉"] == "不适用（私下转账）"
    assert "没有要补的" not in meta["和商家协商"]


def test_a_section_with_records_and_no_gap_counts_its_rows(user_client, told_case):
    meta = section_meta(user_client.get(f"/cases/{told_case.pk}/check/").content.decode())
    assert re.fullmatch(r"\d+ 项，没有要补的", meta["和商家协商"])
    assert re.fullmatch(r"\d+ 项，没有要补的", meta["平台申诉"])
