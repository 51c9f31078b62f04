"""The box above a refused form: a heading that fits what was typed, one clean line per error."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from cases.templatetags.error_summary import summary_line

pytestmark = pytest.mark.django_db

# A colon between two clauses, not the one in a time such as 14:30.
CLAUSE_COLON = re.compile(r"：|(?<!\d):|:(?!\d)")


def summary(html: str) -> tuple[str, list[str]]:
    """Return the heading and the lines of the page's first error summary."""
    box = re.search(r'<div class="kr-error-summary".*?</ul>', html, re.S).group(0)
    title = re.search(r"<h2[^>]*>(.*?)</h2>", box).group(1)
    lines = re.findall(r"<li>(?:<a [^>]*>)?(.*?)(?:</a>)?</li>", box)
    return unescape(title), [unescape(line) for line in lines]


@pytest.mark.parametrize(
    ("label", "message", "line"),
    [
        ("你买的是什么？", "请选择你买的商品类型。", "你买的是什么：请选择你买的商品类型。"),
        ("下单时间：", "请填写。", "下单时间：请填写。"),
        ("Username:", "请输入用户名。", "Username：请输入用户名。"),
        (
            "部分退款：一共希望退回多少钱（元）",
            "选了部分退款，请填写希望退回的金额。",
            "部分退款，一共希望退回多少钱（元）：选了部分退款，请填写希望退回的金额。",
        ),
        (
            "给商家的处理期限",
            "期限要选将来的时间，这个时间已经过去了，请选一个还没到的时间。",
            "给商家的处理期限：期限要选将来的时间，这个时间已经过去了，请选一个还没到的时间。",
        ),
        # A colon that introduces a list stays: 可以上传：….
        (
            "证据文件（可选）",
            "不支持这种文件。可以上传：图片（JPEG、PNG）。",
            "证据文件（可选）：不支持这种文件。可以上传：图片（JPEG、PNG）。",
        ),
        (
            "发送时间",
            "时间的格式不对，请写成 2026-05-01 14:30 这样。",
            "发送时间：时间的格式不对，请写成 2026-05-01 14:30 这样。",
        ),
        ("", "请先勾选确认，才能删除。", "请先勾选确认，才能删除。"),
    ],
)
def test_a_summary_line_has_one_colon_between_label_and_message(label, message, line):
    assert summary_line(label, message) == line


def test_eligibility_summary_reads_cleanly(user_client, case):
    data = {"version": "0", "problems": ["invalid_code"], "remedy": "partial", "amount": "68"}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", data)
    _, lines = summary(response.content.decode())
    assert "你买的是什么：请选择你买的商品类型。" in lines
    assert "部分退款，一共希望退回多少钱（元）：选了部分退款，请填写希望退回的金额。" in lines
    for line in lines:
        assert len(CLAUSE_COLON.findall(line)) == 1, line
        assert "？：" not in line


def test_a_past_deadline_reads_as_one_sentence_in_the_summary(user_client, case):
    past = timezone.localtime() - timedelta(days=1)
    data = {
        "version": "0",
        "action": "generate",
        "rule": "none",
        "deadline": past.strftime("%Y-%m-%dT%H:%M"),
        "message": "你好",
    }
    response = user_client.post(f"/cases/{case.pk}/negotiation/message/", data)
    _, lines = summary(response.content.decode())
    assert lines == [
        "给商家的处理期限：期限要选将来的时间，这个时间已经过去了，请选一个还没到的时间。"
    ]


def test_an_empty_form_is_not_told_its_input_is_kept(user_client, case):
    response = user_client.post(f"/cases/{case.pk}/eligibility/", {"version": "0"})
    title, lines = summary(response.content.decode())
    assert title == f"有 {len(lines)} 处要填，见下面。" and len(lines) == 5
    assert "保留" not in title and "还在" not in title


def test_a_form_with_input_is_told_its_input_is_kept(user_client, case):
    data = {"version": "0", "promised_delivery": "1 小时内到账", "amount": "六十八"}
    response = user_client.post(f"/cases/{case.pk}/eligibility/", data)
    html = response.content.decode()
    title, lines = summary(html)
    assert title == f"有 {len(lines)} 处要改，见下面。你已经填的内容都保留着。"
    assert 'value="1 小时内到账"' in html and 'value="六十八"' in html


def test_a_password_alone_is_not_called_kept_and_is_asked_for_again(client):
    # A browser never gets a password back: the box is empty again, and the summary says so.
    response = client.post("/accounts/login/", {"username": "", "password": "secret-1"})
    title, _ = summary(response.content.decode())
    assert title == "有 1 处要填，见下面。密码要重新输入。"


def test_a_refused_sign_up_keeps_the_name_and_asks_for_the_passwords_again(client):
    data = {"username": "buyer-2026", "password1": "Kameng-2026-pw", "password2": "different-1"}
    title, _ = summary(client.post("/accounts/signup/", data).content.decode())
    assert title.endswith("你已经填的内容都保留着，只有密码要重新输入。")
