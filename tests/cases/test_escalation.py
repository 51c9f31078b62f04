"""Stage 5 — outside channels, through the test client: advice, texts, details, the log."""

import html
import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cases.models import (
    AppealRecord,
    CaseEvent,
    EscalationRecord,
    EvidenceItem,
    NegotiationAttempt,
    StageState,
)
from cases.services import escalation as escalation_services
from cases.services.evidence import evidence_item_add
from cases.templatetags.guidance import guidance_html
from cases.texts.defaults import DEFAULTS
from tests.editors import editor_saves_text
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDER_NUMBER = "KM20260301001"


def url(case, suffix: str = "") -> str:
    return f"/cases/{case.pk}/escalation/{suffix}"


def textarea(page: str, key: str) -> str:
    """Return the text of a generated field on the page, unescaped."""
    match = re.search(rf'<textarea id="{re.escape(key)}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no field {key}"
    return html.unescape(match.group(1))


def advice_on_page(page: str) -> dict[str, str]:
    """Return the advice the page shows, by channel name."""
    # A channel not advised shows its name in a summary, its reasons one tap away.
    card = r'kr-channel--(\w+)">\s*(?:<details[^>]*>\s*<summary>)?<h3[^>]*>([^<\n]+)'
    found = re.findall(card, page)
    return {name.strip(): advice for advice, name in found}


def open_details(page: str) -> list[str]:
    opened = r'<details class="kr-details" name="complaint" open>\s*<summary[^>]*>([^<（]+)'
    return re.findall(opened, page)


@pytest.fixture
def full_case(make_case, user, png_bytes):
    """A 600 元 case with a refused negotiation, a rejected appeal and a file of evidence."""
    case = make_case(
        owner=user,
        amount=Decimal("600"),
        order_number=ORDER_NUMBER,
        seller_id="seller-778",
        ordered_at=datetime(2026, 3, 1, 9, 15, tzinfo=SHANGHAI),
        problems=["invalid_code", "not_needed"],
        goods_kind="game_card",
        fraud_signs=False,
        payment_method="platform",
    )
    NegotiationAttempt.objects.create(
        case=case,
        sent_at=datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI),
        deadline=datetime(2026, 3, 2, 17, 0, tzinfo=SHANGHAI),
        seller_answer="卡密已发放，无法回收",
        outcome="refused",
    )
    AppealRecord.objects.create(
        case=case,
        submitted_at=datetime(2026, 3, 4, 20, 30, tzinfo=SHANGHAI),
        ticket_number="T-778899",
        outcome="rejected",
    )
    evidence_item_add(
        case=case,
        kind="failure",
        description="输入卡密后报错的截图",
        upload=SimpleUploadedFile("error.png", png_bytes),
    )
    return case


def small_case(make_case, user, amount: str, **fields):
    fields = {
        "problems": ["invalid_code"],
        "payment_method": "platform",
        "fraud_signs": False,
    } | fields
    return make_case(owner=user, amount=Decimal(amount), **fields)


# The texts


def test_12315_text_has_order_number_amount_and_the_dated_timeline(user_client, full_case):
    page = user_client.get(url(full_case)).content.decode()
    story = textarea(page, "c12315-facts")
    assert ORDER_NUMBER in story and "600 元" in story
    assert "2026年3月1日 09:15" in story  # order
    assert "2026年3月2日 10:00" in story and "卡密已发放，无法回收" in story  # negotiation
    assert "2026年3月4日 20:30" in story and "T-778899" in story  # appeal
    assert "申诉被驳回" in story
    # Oldest first: order, then negotiation, then appeal.
    assert story.index("3月1日") < story.index("3月2日") < story.index("3月4日")
    tried = textarea(page, "c12315-tried")
    assert "T-778899" in tried and "申诉被驳回" in tried and "商家拒绝" in tried
    # Only the seller's failings go into a complaint, not "I don't need it".
    assert "不需要" not in story


def test_police_report_has_order_amount_timeline_seller_payment_and_full_hashes(
    user_client, full_case
):
    page = user_client.get(url(full_case)).content.decode()
    story = textarea(page, "police-facts")
    assert ORDER_NUMBER in story and "600 元" in story
    assert "2026年3月2日 10:00" in story and "2026年3月4日 20:30" in story
    assert textarea(page, "police-amount") == "600 元"
    seller = textarea(page, "police-seller")
    assert "seller-778" in seller and "某卡盟" in seller
    payment = textarea(page, "police-payment")
    assert ORDER_NUMBER in payment and "2026年3月1日 09:15" in payment
    assert "在平台下单付款" in payment
    sha256 = EvidenceItem.objects.get(case=full_case).sha256
    assert len(sha256) == 64 and sha256 in textarea(page, "police-evidence")
    # The file as the appeal package names it, so the list matches the files attached.
    assert "；文件 02-失效证明-输入卡密后报错的截图.png；" in textarea(page, "police-evidence")
    assert "error.png" not in textarea(page, "police-evidence")
    archive = user_client.get(f"/cases/{full_case.pk}/appeal/package.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert "02-失效证明-输入卡密后报错的截图.png" in names
    assert "证据清单（附 SHA-256 存证摘要）" in page
    assert "洗钱或非法销售" in page


def test_heimao_text_has_its_fields_and_the_privacy_warning(user_client, full_case):
    page = user_client.get(url(full_case)).content.decode()
    assert textarea(page, "heimao-amount") == "600 元"
    assert textarea(page, "heimao-target") == "某卡盟（商家ID：seller-778）"
    assert "卡密" in textarea(page, "heimao-issue")
    assert ORDER_NUMBER in textarea(page, "heimao-content")
    assert "手机号、身份证号和卡密" in page and "公开" in page


def test_12315_notes_are_shown(user_client, full_case):
    page = user_client.get(url(full_case)).content.decode()
    for fact in ("一事一投诉", "7 个工作日", "3 年", "全国12315平台", "消费者协会"):
        assert fact in page


def test_every_field_has_its_own_copy_button(user_client, full_case):
    page = user_client.get(url(full_case)).content.decode()
    fields = re.findall(r'<textarea id="([\w-]+)"', page)
    assert len(fields) >= 15
    for key in fields:
        assert f'data-copy-target="{key}"' in page


def test_missing_complainant_is_marked_and_never_guessed_from_the_account(
    user_client, user, full_case
):
    user.first_name, user.last_name, user.email = "三丰", "张", "buyer@example.com"
    user.save()
    page = user_client.get(url(full_case)).content.decode()
    for key, role in (("c12315-complainant", "投诉人"), ("police-reporter", "报案人")):
        person = textarea(page, key)
        assert f"【待补充：{role}姓名】" in person
        assert f"【待补充：{role}电话】" in person
        assert f"【待补充：{role}通讯地址】" in person
        for guess in ("buyer", "张", "三丰", "example.com"):
            assert guess not in person
    assert "【待补充：被投诉人名称】" in textarea(page, "c12315-respondent")
    assert "还缺：投诉人姓名" in page


def test_missing_case_facts_are_marked(user_client, case):
    page = user_client.get(url(case)).content.decode()
    story = textarea(page, "c12315-facts")
    assert "【待补充：订单号】" in story and "【待补充：金额】" in story
    assert "【待补充：下单时间】" in story and "【待补充：遇到的问题】" in story
    assert "【待补充：申诉时间、工单号和平台处理结果】" in textarea(page, "c12315-tried")
    assert "【待补充：证据（在第 2 步添加）】" in textarea(page, "police-evidence")
    # No file, no digest: the heading does not promise one.
    assert "证据清单" in page and "附 SHA-256" not in page


# The advice, on the page


def test_police_recommended_at_600_yuan_on_the_page(user_client, full_case):
    page = user_client.get(url(full_case)).content.decode()
    advice = advice_on_page(page)
    assert advice["公安机关报案"] == "recommended"
    assert advice["12315 消费投诉"] == "recommended"
    assert advice["黑猫投诉"] == "recommended"
    assert "公安机关报案" in open_details(page)


def test_police_not_recommended_at_30_yuan_on_the_page(user_client, user, make_case):
    case = small_case(make_case, user, "30")
    page = user_client.get(url(case)).content.decode()
    assert advice_on_page(page)["公安机关报案"] == "not_advised"
    assert "公安机关报案" not in open_details(page)


def test_30_yuan_after_a_failed_appeal_keeps_12315_as_an_option_and_never_loops_back(
    user_client, user, make_case
):
    case = small_case(make_case, user, "30")
    AppealRecord.objects.create(case=case, submitted_at=timezone.now(), outcome="rejected")
    page = user_client.get(url(case)).content.decode()
    advice = advice_on_page(page)
    assert "继续走平台流程" not in advice
    assert advice["12315 消费投诉"] == "optional" and advice["黑猫投诉"] == "optional"
    assert "12315 投诉不收费" in page and "代价可能比能要回来的钱还多" in page
    # Stage 4 already has its result: nothing here may send the buyer back to it.
    assert "有了结果再说" not in page and "第 4 步：平台申诉</a>" not in page
    assert guidance_html(DEFAULTS["escalation_next_channels"].body) in page


def test_a_private_transfer_gets_the_anti_fraud_route_and_the_payment_channel(
    user_client, user, make_case
):
    case = small_case(make_case, user, "80", payment_method="private", fraud_signs=None)
    page = user_client.get(url(case)).content.decode()
    advice = advice_on_page(page)
    assert advice["反诈求助：110、96110、国家反诈中心 App"] == "recommended"
    assert advice["向付款渠道投诉：微信支付、支付宝或银行"] == "recommended"
    assert advice["公安机关报案"] == "optional"
    assert "96110 是反诈专线" in page and "国家反诈中心 App" in page and "账单详情" in page
    assert "没有发现诈骗迹象" not in page


def test_fraud_not_sure_never_reads_as_no_fraud_found(user_client, user, make_case):
    case = small_case(make_case, user, "30", fraud_signs=None)
    AppealRecord.objects.create(case=case, submitted_at=timezone.now(), outcome="rejected")
    page = user_client.get(url(case)).content.decode()
    assert advice_on_page(page)["公安机关报案"] == "not_yet"
    assert "没有发现诈骗迹象" not in page and "你还没有确定" in page


def test_exactly_500_yuan_is_not_over_the_police_threshold(user_client, user, make_case):
    case = small_case(make_case, user, "500")
    assert advice_on_page(user_client.get(url(case)).content.decode())["公安机关报案"] == (
        "not_advised"
    )


def test_police_threshold_comes_from_settings(user_client, full_case, settings):
    settings.POLICE_AMOUNT_THRESHOLD = "1000"
    page = user_client.get(url(full_case)).content.decode()
    assert advice_on_page(page)["公安机关报案"] == "not_advised"
    assert "没有超过 1000 元" in page


def test_fraud_at_30_yuan_recommends_the_police(user_client, user, make_case):
    case = small_case(make_case, user, "30", fraud_signs=True)
    assert advice_on_page(user_client.get(url(case)).content.decode())["公安机关报案"] == (
        "recommended"
    )


def test_without_an_appeal_the_complaints_wait_and_the_appeal_stage_is_linked(
    user_client, user, make_case
):
    case = small_case(make_case, user, "200")
    page = user_client.get(url(case)).content.decode()
    advice = advice_on_page(page)
    assert advice["12315 消费投诉"] == "not_yet" and advice["黑猫投诉"] == "not_yet"
    assert "最后一步" in page
    assert "先留在平台处理" in page
    assert open_details(page) == []


def test_private_transfer_with_fraud_recommends_police_and_12315(user_client, user, make_case):
    case = make_case(
        owner=user,
        amount=Decimal("80"),
        payment_method="private",
        fraud_signs=True,
        problems=["late"],
    )
    page = user_client.get(url(case)).content.decode()
    advice = advice_on_page(page)
    assert advice["公安机关报案"] == "recommended" and advice["12315 消费投诉"] == "recommended"
    tried = textarea(page, "c12315-tried")
    assert "平台申诉：没有向平台申诉，这笔交易是私下转账付款的，没有经过平台。" in tried


def test_after_a_private_transfer_the_texts_ask_for_the_transfer_and_the_account(
    user_client, user, make_case
):
    # No order and no platform seller ID: the police need the transfer and who was paid.
    case = make_case(owner=user, payment_method="private", fraud_signs=True, problems=["late"])
    page = user_client.get(url(case)).content.decode()
    assert textarea(page, "police-payment").startswith("转账单号：【待补充：转账单号】")
    assert "\n对方账号：【待补充：对方账号】\n" in textarea(page, "police-seller")
    assert "订单号" not in textarea(page, "police-payment")
    evidence = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "私下转账付款的，填微信或支付宝账单里的转账单号。" in evidence
    assert "私下转账付款的，填对方的微信号、QQ 号或支付宝账号。" in evidence


def test_unreasonable_decision_saved_on_the_page_recommends_12315(user_client, user, make_case):
    case = small_case(make_case, user, "200")
    AppealRecord.objects.create(case=case, submitted_at=timezone.now(), outcome="refunded")
    assert advice_on_page(user_client.get(url(case)).content.decode())["12315 消费投诉"] == (
        "not_advised"
    )
    user_client.post(url(case), {"version": "0", "appeal_unreasonable": "yes"})
    case.refresh_from_db()
    assert case.appeal_unreasonable is True
    assert advice_on_page(user_client.get(url(case)).content.decode())["12315 消费投诉"] == (
        "recommended"
    )


# The complainant and respondent


DETAILS = {
    "version": "0",
    "complainant_name": "李小明",
    "complainant_phone": "138 0013 8000",
    "complainant_address": "上海市浦东新区某路 1 号",
    "respondent_name": "某某游戏点卡店",
    "respondent_address": "杭州市某区某路 2 号",
    "complaint_request": "要求退还货款 600 元。",
    "appeal_unreasonable": "no",
}


def test_saved_details_fill_the_12315_and_police_texts(user_client, full_case):
    response = user_client.post(url(full_case), DETAILS)
    assert response.status_code == 302
    page = user_client.get(response["Location"]).content.decode()
    person = textarea(page, "c12315-complainant")
    assert "李小明" in person and "138 0013 8000" in person and "浦东新区" in person
    assert "李小明" in textarea(page, "police-reporter")
    assert "某某游戏点卡店" in textarea(page, "c12315-respondent")
    assert textarea(page, "c12315-request") == "要求退还货款 600 元。"
    # The public 黑猫 text never carries the buyer's own phone or address.
    for key in ("heimao-target", "heimao-issue", "heimao-request", "heimao-content"):
        assert "138 0013 8000" not in textarea(page, key)
        assert "浦东新区" not in textarea(page, key)
    assert CaseEvent.objects.filter(case=full_case, stage="escalation").exists()
    state = StageState.objects.get(case=full_case, stage="escalation")
    assert state.status == "in_progress" and state.version == 1


def test_full_width_phone_digits_are_accepted(user_client, case):
    response = user_client.post(url(case), {"version": "0", "complainant_phone": "１３８－０００"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.complainant_phone == "138-000"


def test_phone_with_letters_is_refused_and_the_input_kept(user_client, case):
    response = user_client.post(
        url(case), {**DETAILS, "complainant_phone": "138abc0000", "complainant_name": "李小明"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "电话号码只能包含数字、+、- 和空格" in page
    assert 'value="138abc0000"' in page and 'value="李小明"' in page
    case.refresh_from_db()
    assert case.complainant_phone == "" and case.complainant_name == ""


def test_ten_thousand_characters_are_refused_and_the_input_kept(user_client, case):
    long_request = "退" * 10_000
    response = user_client.post(url(case), {**DETAILS, "complaint_request": long_request})
    page = response.content.decode()
    assert response.status_code == 200
    assert "最多 500 个字，现在有 10000 个" in page
    assert long_request in page
    case.refresh_from_db()
    assert case.complaint_request == ""


def test_fields_left_out_of_a_submission_are_not_blanked(user_client, case):
    user_client.post(url(case), DETAILS)
    user_client.post(url(case), {"version": "1", "complainant_phone": "021-5555 0000"})
    case.refresh_from_db()
    assert case.complainant_name == "李小明" and case.complainant_phone == "021-5555 0000"


def test_details_draft_is_kept_and_restored(user_client, case):
    response = user_client.post(
        url(case), {"version": "0", "action": "draft", "complainant_name": "半截草稿"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.complainant_name == ""
    assert 'value="半截草稿"' in user_client.get(url(case)).content.decode()


def test_stale_details_save_is_refused_with_the_input_kept(user_client, case):
    user_client.post(url(case), DETAILS)
    response = user_client.post(url(case), {**DETAILS, "complainant_name": "旧标签页"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "这一页在别处更新过" in page and 'value="旧标签页"' in page
    case.refresh_from_db()
    assert case.complainant_name == "李小明"


# The log


RECORD = {"channel": "12315", "filed_on": "2026-03-06", "reference": "1234500001", "version": "0"}


def test_log_a_complaint_then_update_its_outcome(user_client, full_case):
    response = user_client.post(url(full_case, "records/add/"), {**RECORD, "outcome": "pending"})
    assert response.status_code == 302
    record = EscalationRecord.objects.get(case=full_case)
    assert (record.channel, record.filed_on, record.reference, record.outcome) == (
        "12315",
        date(2026, 3, 6),
        "1234500001",
        "pending",
    )
    assert StageState.objects.get(case=full_case, stage="escalation").status == "in_progress"
    assert CaseEvent.objects.filter(case=full_case, message__contains="1234500001").exists()
    page = user_client.get(url(full_case)).content.decode()
    assert "1234500001" in page and "2026年3月6日" in page
    # The police report mentions the complaint already filed.
    assert "1234500001" in textarea(page, "police-facts")

    prefix = f"record-{record.pk}"
    response = user_client.post(
        url(full_case, f"records/{record.pk}/"),
        {f"{prefix}-outcome": "resolved", f"{prefix}-reference": "1234500001"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.outcome == "resolved"
    assert CaseEvent.objects.filter(case=full_case, message__contains="处理中 → 已解决").exists()
    assert StageState.objects.get(case=full_case, stage="escalation").status == "done"
    assert "已解决" in user_client.get(url(full_case)).content.decode()


def test_impossible_date_is_refused_and_the_input_kept(user_client, case):
    response = user_client.post(
        url(case, "records/add/"), {**RECORD, "filed_on": "2026-02-30", "outcome": "pending"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写一个真实存在的日期" in page
    assert 'value="2026-02-30"' in page and 'value="1234500001"' in page
    assert not EscalationRecord.objects.exists()


def test_future_date_is_refused(user_client, case):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = user_client.post(
        url(case, "records/add/"), {**RECORD, "filed_on": tomorrow, "outcome": "pending"}
    )
    assert "提交日期不能晚于今天" in response.content.decode()
    assert not EscalationRecord.objects.exists()


def test_unknown_channel_and_long_reference_are_refused(user_client, case):
    response = user_client.post(
        url(case, "records/add/"),
        {**RECORD, "channel": "weibo", "reference": "9" * 10_000, "outcome": "pending"},
    )
    page = response.content.decode()
    assert "请选择渠道" in page and "最多 80 个字" in page
    assert not EscalationRecord.objects.exists()


def test_htmx_record_add_with_errors_answers_the_form_only(user_client, case):
    response = user_client.post(
        url(case, "records/add/"), {"version": "0"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<form id="escalation-record-form"')
    assert "请选择渠道" in page and "<h1>" not in page


def test_htmx_record_add_redirects_the_client(user_client, case):
    response = user_client.post(
        url(case, "records/add/"),
        {**RECORD, "outcome": "pending"},
        headers={"HX-Request": "true"},
    )
    # The bare page URL: one differing only by its #fragment would not reload the page.
    assert response.headers["HX-Redirect"] == url(case)


def test_htmx_record_add_from_the_page_itself_reloads_it(user_client, case):
    response = user_client.post(
        url(case, "records/add/"),
        {**RECORD, "outcome": "pending"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver" + url(case)},
    )
    # A changed query string reloads the page and keeps the #fragment that shows the record.
    assert response["HX-Redirect"] == f"{url(case)}?saved=1#log-title"
    assert EscalationRecord.objects.filter(case=case).count() == 1


def test_record_draft_is_kept_and_restored(user_client, case):
    response = user_client.post(
        url(case, "records/add/"), {"version": "0", "action": "draft", "reference": "草稿编号"}
    )
    assert response.status_code == 302
    assert not EscalationRecord.objects.exists()
    assert 'value="草稿编号"' in user_client.get(url(case)).content.decode()


def test_bad_outcome_update_is_refused_with_a_message(user_client, case):
    record = escalation_services.escalation_record_add(
        case=case, channel="police", filed_on=date(2026, 3, 6), outcome="pending"
    )
    prefix = f"record-{record.pk}"
    response = user_client.post(
        url(case, f"records/{record.pk}/"), {f"{prefix}-outcome": "won", f"{prefix}-reference": ""}
    )
    assert response.status_code == 200
    assert "请选择结果" in response.content.decode()
    record.refresh_from_db()
    assert record.outcome == "pending"


def test_anonymous_session_owner_can_log_a_complaint(client):
    response = client.post("/cases/new/", {"product_name": "激活码"})
    case_url = response["Location"].replace("eligibility/", "escalation/")
    assert client.get(case_url).status_code == 200
    response = client.post(case_url + "records/add/", {**RECORD, "outcome": "pending"})
    assert response.status_code == 302
    assert EscalationRecord.objects.count() == 1


# Privacy


@pytest.fixture
def logged(full_case):
    record = escalation_services.escalation_record_add(
        case=full_case, channel="12315", filed_on=date(2026, 3, 6), outcome="pending"
    )
    return full_case, record


@pytest.mark.parametrize("visitor", ["other_user", "anonymous"])
def test_escalation_routes_are_404_for_anyone_but_the_owner(visitor, logged, other_client):
    case, record = logged
    client = other_client if visitor == "other_user" else Client()
    prefix = f"record-{record.pk}"
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), DETAILS).status_code == 404
    assert client.post(url(case, "records/add/"), {**RECORD, "outcome": "pending"}).status_code == (
        404
    )
    update = client.post(url(case, f"records/{record.pk}/"), {f"{prefix}-outcome": "resolved"})
    assert update.status_code == 404
    record.refresh_from_db()
    case.refresh_from_db()
    assert record.outcome == "pending" and case.complainant_name == ""
    assert EscalationRecord.objects.count() == 1


def test_a_record_of_another_case_is_404_under_my_case(user_client, user, make_case, logged):
    _, record = logged
    mine = make_case(owner=user)
    response = user_client.post(
        url(mine, f"records/{record.pk}/"), {f"record-{record.pk}-outcome": "resolved"}
    )
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.outcome == "pending"


def test_escalation_page_is_private(user_client, case):
    response = user_client.get(url(case))
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in response.content.decode()


# Cost


def _queries(client, page_url: str) -> int:
    return count_queries(client, page_url)


def test_escalation_page_query_count_is_constant(user_client, full_case, django_assert_num_queries):
    escalation_services.escalation_record_add(
        case=full_case, channel="heimao", filed_on=date(2026, 3, 6), outcome="pending"
    )
    small = _queries(user_client, url(full_case))
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=full_case, message=f"事件 {n}") for n in range(200)]
    )
    EvidenceItem.objects.bulk_create(
        [
            EvidenceItem(case=full_case, kind="communication", description=f"聊天 {n}")
            for n in range(50)
        ]
    )
    NegotiationAttempt.objects.bulk_create(
        [NegotiationAttempt(case=full_case, sent_at=now, outcome="refused") for _ in range(20)]
    )
    AppealRecord.objects.bulk_create(
        [AppealRecord(case=full_case, submitted_at=now, outcome="rejected") for _ in range(10)]
    )
    EscalationRecord.objects.bulk_create(
        [
            EscalationRecord(case=full_case, channel="12315", filed_on=date(2026, 3, 7))
            for _ in range(20)
        ]
    )
    with django_assert_num_queries(small):
        response = user_client.get(url(full_case))
    page = response.content.decode()
    assert "聊天 49" in textarea(page, "police-evidence")
    assert page.count('class="kr-card kr-escalation-record"') == 21


def test_small_claim_limit_comes_from_settings(user_client, user, make_case, settings):
    case = small_case(make_case, user, "30")
    AppealRecord.objects.create(case=case, submitted_at=timezone.now(), outcome="rejected")
    assert advice_on_page(user_client.get(url(case)).content.decode())["12315 消费投诉"] == (
        "optional"
    )
    settings.SMALL_CLAIM_LIMIT = Decimal("20")
    page = user_client.get(url(case)).content.decode()
    assert advice_on_page(page)["12315 消费投诉"] == "recommended"
    assert "继续走平台流程" not in advice_on_page(page)


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "from django.conf import settings;"
        "print(repr(settings.POLICE_AMOUNT_THRESHOLD), repr(settings.SMALL_CLAIM_LIMIT))"
    )
    # A new interpreter is not the test suite: development mode is asked for, as `make run` does.
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_operator_sets_the_thresholds_by_environment_variables():
    result = _settings_in_a_fresh_process(POLICE_AMOUNT_THRESHOLD="800", SMALL_CLAIM_LIMIT="49.5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Decimal('800') Decimal('49.5')"


@pytest.mark.parametrize("value", ["五百", "-1", "nan", ""])
def test_a_bad_threshold_stops_the_server_naming_the_variable(value):
    result = _settings_in_a_fresh_process(POLICE_AMOUNT_THRESHOLD=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "POLICE_AMOUNT_THRESHOLD must be an amount in yuan" in result.stderr


@pytest.mark.parametrize(
    ("key", "setup"),
    [
        ("escalation_next_platform", "no appeal"),
        ("escalation_next_goodwill", "own reason"),
        ("escalation_next_answer", "step 1 unanswered"),
        ("escalation_next_channels", "failed appeal"),
        ("escalation_details_help", "no appeal"),
        ("escalation_texts_help", "no appeal"),
        ("escalation_log_help", "no appeal"),
        ("escalation_12315_notes", "no appeal"),
        ("escalation_police_notes", "no appeal"),
    ],
)
def test_every_help_text_on_the_page_is_the_editors(user_client, user, make_case, key, setup):
    own = {"own reason": {"problems": ["not_needed"]}, "step 1 unanswered": {"problems": []}}.get(
        setup, {}
    )
    case = small_case(make_case, user, "200", **own)
    if setup == "failed appeal":
        AppealRecord.objects.create(case=case, submitted_at=timezone.now(), outcome="rejected")
    default = guidance_html(DEFAULTS[key].body)
    assert default in user_client.get(url(case)).content.decode()
    editor_saves_text(key, "编辑**改过**的说明")
    page = user_client.get(url(case)).content.decode()
    assert "编辑<strong>改过</strong>的说明" in page
    assert default not in page


def test_a_change_of_mind_is_told_how_it_ends_not_sent_to_the_platform(
    user_client, user, make_case
):
    case = small_case(make_case, user, "30", problems=["not_needed"], fraud_signs=None)
    page = user_client.get(url(case)).content.decode()
    assert "去第 4 步：平台申诉" not in page and "打开第 4 步" not in page
    assert "平台申诉和外部渠道通常都不会支持退款" in page
    # The texts are still there (a buyer may have more to tell), but not as a way forward.
    assert "这种情况通常用不上" in page and "公安机关通常都不会支持退款" in page
    assert f'href="/cases/{case.pk}/#resolve-title"' in page


def test_before_step_1_is_answered_stage_5_asks_for_it_first(user_client, user, make_case):
    case = make_case(owner=user)
    page = user_client.get(url(case)).content.decode()
    assert "这里才能告诉你该走哪条路" in page
    assert f'href="/cases/{case.pk}/eligibility/">去第 1 步：能不能退款</a>' in page
    assert "先留在平台处理" not in page


def test_saving_an_unchanged_complaint_result_says_so_and_records_nothing(user_client, full_case):
    user_client.post(url(full_case, "records/add/"), {**RECORD, "outcome": "pending"})
    record = EscalationRecord.objects.get(case=full_case)
    events = CaseEvent.objects.filter(case=full_case).count()
    prefix = f"record-{record.pk}"
    same = {f"{prefix}-outcome": "pending", f"{prefix}-reference": "1234500001"}
    response = user_client.post(url(full_case, f"records/{record.pk}/"), same, follow=True)
    assert "没有改动：结果和编号都和原来一样。" in response.content.decode()
    assert "已更新" not in response.content.decode()
    assert CaseEvent.objects.filter(case=full_case).count() == events


def test_staying_with_the_platform_starts_with_the_seller_when_no_message_is_logged(
    user_client, user, make_case
):
    case = small_case(make_case, user, "200")
    page = user_client.get(url(case)).content.decode()
    assert f'href="/cases/{case.pk}/negotiation/">打开第 3 步：协商</a>' in page
    assert "打开第 4 步：平台申诉" not in page
    NegotiationAttempt.objects.create(case=case, sent_at=timezone.now(), outcome="refused")
    page = user_client.get(url(case)).content.decode()
    assert f'href="/cases/{case.pk}/appeal/">打开第 4 步：平台申诉</a>' in page


def test_after_filing_the_next_step_is_to_follow_it_up(user_client, full_case):
    page = user_client.get(url(full_case)).content.decode()
    assert "你已经在外部渠道提交了投诉或报案" not in page
    user_client.post(url(full_case, "records/add/"), {**RECORD, "outcome": "pending"})
    page = user_client.get(url(full_case)).content.decode()
    assert "你已经在外部渠道提交了投诉或报案" in page and 'href="#log-title"' in page
    assert "按下面的建议，复制对应的投诉文字" not in page
    # Once it has an answer, the advice leads again.
    record = EscalationRecord.objects.get(case=full_case)
    record.outcome = "rejected"
    record.save()
    page = user_client.get(url(full_case)).content.decode()
    assert "你已经在外部渠道提交了投诉或报案" not in page


def test_a_goodwill_request_that_got_the_money_back_is_not_told_to_ask_again(
    user_client, user, make_case
):
    case = small_case(make_case, user, "30", problems=["not_needed"])
    NegotiationAttempt.objects.create(case=case, sent_at=timezone.now(), outcome="refunded")
    page = user_client.get(url(case)).content.decode()
    assert "能做的是客气地请商家通融" not in page


@pytest.mark.parametrize(
    ("outcome", "told"),
    [
        ("pending", "平台还在处理，还没有结果"),
        ("no_answer", "平台一直没有答复"),
        ("rejected", "平台处理结果：申诉被驳回"),
    ],
)
def test_an_appeal_is_told_to_an_official_as_it_stands(outcome, told):
    """Buyer E: 平台处理结果：平台没有答复 said nothing in twice as many words."""
    from cases.facts import AppealFacts
    from cases.texts.story import appeal_line

    appeal = AppealFacts(submitted_at=timezone.now(), ticket_number="TS778899", outcome=outcome)
    assert appeal_line(appeal).endswith(f"我向平台申诉（工单号 TS778899）。{told}。")
