"""Every refusal on a stage form in the buyer's words, saying what would do: never Django's."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.services import negotiation as negotiation_services

pytestmark = pytest.mark.django_db

# Django's own phrases (its Simplified Chinese, and the English it falls back to).
DJANGO_WORDING = ("确保", "确认", "Ensure", "输入一个", "选择一个有效", "这个字段", "不允许")
INVALID_CHOICE = "请从列出的选项里选一个。"
BAD_TIME = "时间的格式不对，请写成 2026-05-01 14:30 这样。"


def field_errors(html: str) -> list[str]:
    """Return the error messages shown under the fields of a page."""
    found = re.findall(r'错误：</span>(.*?) (?=<span class="kr-visually-hidden">|</p>)', html)
    return [unescape(message) for message in found]


def summary_lines(html: str) -> list[str]:
    """Return the lines of every error summary on a page: a label, then a message."""
    summaries = re.findall(r'<div class="kr-error-summary".*?</ul>', html, re.S)
    found = [re.findall(r"<li>(?:<a [^>]*>)?(.*?)(?:</a>)?</li>", summary) for summary in summaries]
    return [unescape(line) for lines in found for line in lines]


def assert_plain(html: str, *expected: str) -> None:
    """Assert the page shows each expected message, and no error in Django's own words."""
    errors = field_errors(html)
    for message in expected:
        assert any(message in error for error in errors), (message, errors)
    for error in errors:
        assert not any(words in error for words in DJANGO_WORDING), error
    for line in errors + summary_lines(html):
        assert not line.endswith("."), line
    assert "确保" not in html and "Ensure" not in html


def _attempt(case):
    sent_at = timezone.now() - timedelta(hours=1)
    return negotiation_services.attempt_log(
        case=case, sent_at=sent_at, deadline=None, message="你好，请处理。"
    )


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        (
            "eligibility/",
            {
                "goods_kind": "spaceship",
                "problems": ["invalid_code", "nope"],
                "no_refund_notice": "maybe",
                "fraud_signs": "no",
                "payment_method": "cash",
                "amount": "68.555",
                "ordered_at": "2026-02-30T10:00",
                "promised_delivery": "快" * 121,
                "noticed_at": "昨天晚上",
                "code_symptom": "weird",
                "first_used_at": "2026-13-01T00:00",
                "first_used_by": "a" * 81,
                "remedy": "partial",
                "remedy_amount": "0",
            },
            (
                INVALID_CHOICE,
                "金额最多两位小数，例如 68.50。",
                "金额要大于 0，例如 68.00。",
                BAD_TIME,
                "最多 120 个字，现在有 121 个，请删短一些。",
                "最多 80 个字，现在有 81 个",
            ),
        ),
        (
            "evidence/",
            {
                "order_number": "K" * 81,
                "product_name": "卡" * 121,
                "seller_id": "shop\x0088",
                "amount": "六十八元",
                "ordered_at": "明天",
            },
            (
                "请只填数字，例如 68.00 或 1500。",
                BAD_TIME,
                "最多 80 个字",
                "看不见的控制字符",
            ),
        ),
        (
            "evidence/add/",
            {
                "kind": "selfie",
                "description": "说" * 301,
                "occurred_at": "2026-02-30",
                "file": SimpleUploadedFile("empty.png", b"", content_type="image/png"),
            },
            (INVALID_CHOICE, "最多 300 个字", BAD_TIME, "这个文件是空的"),
        ),
        (
            "negotiation/message/",
            {
                "action": "generate",
                "rule": "bogus",
                "rule_name": "规" * 61,
                "rule_promise": "定" * 121,
                "deadline": "2026-13-45T25:00",
                "message": "",
            },
            ("请从列表里选一项。", "最多 60 个字", "最多 120 个字", BAD_TIME),
        ),
        (
            "negotiation/attempts/",
            {
                "sent-sent_at": "刚才",
                "sent-deadline": "2026-02-30T10:00",
                "sent-message": "话" * 2001,
            },
            (BAD_TIME, "发送的内容太长了"),
        ),
        (
            "appeal/record/",
            {
                "action": "save",
                "statement": "说" * 2001,
                "submitted_at": "2026-02-30T10:00",
                "ticket_number": "T" * 81,
            },
            ("申诉说明最多 2000 个字", BAD_TIME, "工单号最多 80 个字符"),
        ),
        (
            "escalation/",
            {
                "complainant_name": "名" * 51,
                "complainant_phone": "一三八",
                "complaint_request": "求" * 501,
                "appeal_unreasonable": "perhaps",
            },
            ("最多 50 个字", "电话号码只能包含数字", "最多 500 个字", INVALID_CHOICE),
        ),
        (
            "escalation/records/add/",
            {"channel": "court", "filed_on": "2026-02-30", "reference": "R" * 81, "outcome": "won"},
            ("请选择渠道", "请填写一个真实存在的日期", "最多 80 个字", "请选择现在的结果"),
        ),
    ],
)
def test_bad_values_on_each_stage_form_are_refused_in_plain_words(
    user_client, case, path, data, expected
):
    response = user_client.post(f"/cases/{case.pk}/{path}", {"version": "0", **data})
    assert response.status_code == 200
    assert_plain(response.content.decode(), *expected)


def test_a_bad_outcome_of_a_negotiation_attempt_is_refused_in_plain_words(user_client, case):
    attempt = _attempt(case)
    prefix = f"attempt-{attempt.pk}"
    data = {f"{prefix}-seller_answer": "答" * 2001, f"{prefix}-outcome": "won"}
    response = user_client.post(f"/cases/{case.pk}/negotiation/attempts/{attempt.pk}/", data)
    assert response.status_code == 200
    assert_plain(response.content.decode(), "请从列出的结果里选一个。", "商家怎么回复的太长了")


@pytest.mark.parametrize("path", ["eligibility/", "evidence/"])
@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "金额要大于 0，例如 68.00。"),
        ("-68", "金额要大于 0，例如 68.00。"),
        ("68.555", "金额最多两位小数，例如 68.50。"),
        ("123456789", "金额不能超过 99999999.99 元，请检查是不是多打了数字。"),
        ("12345678901.5", "金额不能超过 99999999.99 元，请检查是不是多打了数字。"),
        ("1e308", "金额不能超过 99999999.99 元，请检查是不是多打了数字。"),
        ("68元整", "请只填数字，例如 68.00 或 1500。"),
        ("1,5", "请只填数字，例如 68.00 或 1500。"),  # not thousands: never guessed
        ("15,00", "请只填数字，例如 68.00 或 1500。"),
    ],
)
def test_an_amount_is_refused_with_an_example_of_a_good_one(
    user_client, case, path, amount, message
):
    response = user_client.post(f"/cases/{case.pk}/{path}", {"version": "0", "amount": amount})
    html = response.content.decode()
    assert response.status_code == 200
    assert_plain(html, message)
    assert f"金额（元）：{message}" in summary_lines(html)
    assert f'value="{amount}"' in html


@pytest.mark.parametrize(
    ("amount", "saved"),
    [
        ("1,500", "1500"),
        ("1，500", "1500"),
        ("12,345.50", "12345.50"),
        ("１５００", "1500"),
        ("￥68.5", "68.50"),
        ("¥ 68", "68"),
        ("68 元", "68"),
        ("68元", "68"),
    ],
)
def test_an_amount_as_a_payment_app_shows_it_is_taken(user_client, case, amount, saved):
    data = {"version": "0", "order_number": "KM1", "amount": amount}
    response = user_client.post(f"/cases/{case.pk}/evidence/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.amount == Decimal(saved)


def test_a_time_the_clock_skipped_is_refused_in_plain_words(user_client, case):
    # Asia/Shanghai kept summer time until 1991: 02:30 on 15 April 1990 never happened.
    data = {"version": "0", "order_number": "KM1", "ordered_at": "1990-04-15T02:30"}
    response = user_client.post(f"/cases/{case.pk}/evidence/", data)
    assert response.status_code == 200
    assert_plain(
        response.content.decode(), "这个时间不存在（那天当地调过钟），请检查一下年份和时间。"
    )


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("/accounts/signup/", {"username": "买\x00家", "email": "buyer@"}, "看不见的控制字符"),
        ("/accounts/password/reset/", {"email": ""}, "请填写注册时留的电子邮箱。"),
        ("/accounts/password/reset/", {"email": "buyer@"}, "邮箱地址的格式不对"),
        ("/cases/new/", {"product_name": "卡" * 121, "stage": "nowhere"}, "最多 120 个字"),
    ],
)
def test_account_and_start_forms_refuse_in_plain_words(client, path, data, expected):
    response = client.post(path, data)
    assert response.status_code == 200
    assert_plain(response.content.decode(), expected)
