"""Stage 3 — negotiation, through the doors a browser uses: the message, the tone check, the log."""

import html as html_lib
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from cases.choices import Resolution, Stage
from cases.models import CaseEvent, NegotiationAttempt, StageState, WizardText
from cases.selectors.case import stage_state
from cases.services import appeal as appeal_services
from cases.services import negotiation as negotiation_services
from cases.services.stage import add_event
from cases.texts.negotiation import answers_issued, issued_reply_due, suggested_deadline
from tests.queries import count_queries

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDER = "KM202611250001"


@pytest.fixture
def negotiating_case(make_case, user):
    """A case with its problem (stage 1) and transaction record (stage 2) filled in."""
    return make_case(
        owner=user,
        order_number=ORDER,
        problems=["invalid_code"],
        goods_kind="game_card",
        payment_method="platform",
        amount="100.00",
        remedy="refund",
    )


def _url(case, suffix: str = "") -> str:
    return f"/cases/{case.pk}/negotiation/{suffix}"


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def _message(html: str) -> str:
    match = re.search(r'<textarea name="message"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return match.group(1)


def _future(days: int = 2, hour: int = 17) -> datetime:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _choices(case_html: str, **overrides) -> dict[str, str]:
    data = {
        "version": _version(case_html),
        "rule": "none",
        "rule_name": "",
        "rule_promise": "",
        "deadline": _future().strftime("%Y-%m-%dT%H:%M"),
        "message": "",
        "action": "generate",
    }
    return data | overrides


def _log_attempt(case, *, deadline=None, sent_at=None) -> NegotiationAttempt:
    return negotiation_services.attempt_log(
        case=case,
        sent_at=sent_at or timezone.now() - timedelta(hours=1),
        deadline=deadline,
        message="你好，请处理。",
    )


# The three-step message.


def test_message_contains_order_number_problem_request_and_deadline(user_client, negotiating_case):
    page = user_client.get(_url(negotiating_case)).content.decode()
    deadline = _future()
    response = user_client.post(
        _url(negotiating_case, "message/"),
        _choices(page, deadline=deadline.strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 302
    assert response["Location"] == _url(negotiating_case) + "#message-title"

    message = _message(user_client.get(_url(negotiating_case)).content.decode())
    assert ORDER in message
    assert "王者荣耀 100 元点卡" in message
    assert "卡密无法正常使用" in message  # the problem from stage 1
    # No rule was entered, so none is cited: not even the guide's example.
    assert "《" not in message and "24 小时" not in message and "根据平台" not in message
    assert "我的要求是全额退款 100 元。" in message
    assert f"请在 {deadline.year}年{deadline.month}月{deadline.day}日 17:00 前处理好" in message
    assert "否则我将向平台申诉" in message
    state = StageState.objects.get(case=negotiating_case, stage=Stage.NEGOTIATION)
    assert state.status == "in_progress"
    assert CaseEvent.objects.filter(
        case=negotiating_case, message__startswith="生成了协商消息"
    ).exists()


def test_first_visit_cites_no_rule_and_suggests_a_deadline(user_client, negotiating_case):
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert re.search(r'value="none"[^>]*checked', html)
    # The guide's rule is offered only as a labelled example.
    assert "（这只是示例）" in html
    suggested = suggested_deadline(timezone.localtime())
    assert suggested.strftime("%Y-%m-%dT%H:%M") in html
    assert f"{suggested.month}月{suggested.day}日 17:00 前" in _message(html)
    # Nothing is stored by looking.
    assert not StageState.objects.filter(case=negotiating_case, stage=Stage.NEGOTIATION).exists()


@pytest.mark.parametrize(
    ("answer", "issued"),
    [
        ("卡密已发放，无法回收", True),
        ("已经发货了，收不回", True),
        ("卡密已经发放了", True),
        ("明天再处理", False),
        ("", False),
    ],
)
def test_the_sellers_issued_answer_is_recognised(answer, issued):
    assert answers_issued(answer) is issued


def test_no_running_count_of_hours_in_the_message(user_client, negotiating_case):
    negotiating_case.ordered_at = timezone.now() - timedelta(hours=50, minutes=20)
    negotiating_case.save()
    message = _message(user_client.get(_url(negotiating_case)).content.decode())
    # "已经超过 50 小时" would be stale by the time the buyer sends it.
    assert "小时" not in message and "超过" not in message


def test_the_buyers_own_reasons_get_a_polite_request_not_a_demand(user_client, make_case, user):
    case = make_case(owner=user, order_number=ORDER, problems=["not_needed"])
    message = _message(user_client.get(_url(case)).content.decode())
    assert "通融" in message and ORDER in message
    for demand in ("否则", "申诉", "规则", "待补充：遇到的问题"):
        assert demand not in message


def test_custom_rule_is_cited_by_its_own_name(user_client, negotiating_case):
    page = user_client.get(_url(negotiating_case)).content.decode()
    data = _choices(
        page,
        rule="custom",
        rule_name="《卡密类商品售后规则》",
        rule_promise="卡密无效的，全额退款。",
    )
    assert user_client.post(_url(negotiating_case, "message/"), data).status_code == 302
    message = _message(user_client.get(_url(negotiating_case)).content.decode())
    assert "根据平台的《卡密类商品售后规则》，卡密无效的，全额退款。" in message


def test_missing_order_number_is_marked_with_where_to_fill_it(user_client, make_case, user):
    case = make_case(owner=user, problems=["late"], promised_delivery="1 小时内到账")
    html = user_client.get(_url(case)).content.decode()
    message = _message(html)
    assert "【待补充：订单号】" in message
    assert "约定“1 小时内到账”，但过了约定的时间还没有收到商品" in message
    assert f'href="/cases/{case.pk}/evidence/"' in html


def test_message_template_comes_from_the_editors_text(user_client, negotiating_case):
    WizardText.objects.update_or_create(
        key="negotiation_message",
        defaults={
            "label": "协商消息模板",
            "body": "商家你好，订单{order_number}，期限{deadline}。",
        },
    )
    message = _message(user_client.get(_url(negotiating_case)).content.decode())
    assert message.startswith(f"商家你好，订单 {ORDER}，期限")


def test_edited_message_is_kept_until_regenerated(user_client, negotiating_case):
    page = user_client.get(_url(negotiating_case)).content.decode()
    edited = f"你好，订单号{ORDER}的卡密用不了，麻烦今晚 8 点前退款，否则我将向平台申诉。"
    data = _choices(page, message=edited, action="save")
    response = user_client.post(_url(negotiating_case, "message/"), data)
    assert response.status_code == 302

    html = user_client.get(_url(negotiating_case)).content.decode()
    assert _message(html) == edited
    assert "已保存你改过的消息" in html
    # The form the buyer logs the sent message with starts from the edited text too.
    assert html.count(edited) == 2

    data = _choices(html, message=edited, action="generate")
    assert user_client.post(_url(negotiating_case, "message/"), data).status_code == 302
    regenerated = _message(user_client.get(_url(negotiating_case)).content.decode())
    assert regenerated != edited and "我的要求是全额退款 100 元" in regenerated


def test_stale_tab_is_refused_and_keeps_what_was_typed(user_client, negotiating_case):
    stale_page = user_client.get(_url(negotiating_case)).content.decode()
    first = _choices(stale_page, message="第一个标签页写的", action="save")
    assert user_client.post(_url(negotiating_case, "message/"), first).status_code == 302

    second = _choices(stale_page, message="第二个标签页写的", action="save")
    response = user_client.post(_url(negotiating_case, "message/"), second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "这一页在别处更新过，这次没有保存" in html
    assert _message(html) == "第二个标签页写的"
    state = StageState.objects.get(case=negotiating_case, stage=Stage.NEGOTIATION)
    assert state.draft["message"]["message"] == ["第一个标签页写的"]

    # Saving again from the refreshed form replaces the other tab's version.
    retry = _choices(html, message="第二个标签页写的", action="save")
    assert user_client.post(_url(negotiating_case, "message/"), retry).status_code == 302
    state.refresh_from_db()
    assert state.draft["message"]["message"] == ["第二个标签页写的"]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"deadline": "2026-13-45T25:00"}, "时间的格式不对"),
        ({"deadline": "2020-01-01T17:00"}, "期限要选将来的时间"),
        ({"deadline": ""}, "请填写给商家的处理期限"),
        (
            {"rule": "custom", "rule_name": "我的规则", "rule_promise": ""},
            "请写上这条规则怎么规定的",
        ),
        ({"rule": "no-such-rule"}, "请从列表里选一项"),
    ],
)
def test_invalid_choices_show_an_error_and_keep_the_input(
    user_client, negotiating_case, overrides, error
):
    page = user_client.get(_url(negotiating_case)).content.decode()
    data = _choices(page, message="我自己写的一段话", **overrides)
    response = user_client.post(_url(negotiating_case, "message/"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html and "处要改，见下面。你已经填的内容都保留着。" in html
    assert _message(html) == "我自己写的一段话"
    for name in ("rule_name", "deadline"):
        if overrides.get(name):
            assert f'value="{overrides[name]}"' in html
    assert not StageState.objects.filter(case=negotiating_case, stage=Stage.NEGOTIATION).exists()


def test_oversized_edited_message_is_refused_not_truncated(user_client, negotiating_case):
    page = user_client.get(_url(negotiating_case)).content.decode()
    data = _choices(page, message="退" * 2001, action="save")
    response = user_client.post(_url(negotiating_case, "message/"), data)
    assert response.status_code == 200
    assert "最多 2000 字，现在有 2001 字" in response.content.decode()
    assert not StageState.objects.filter(case=negotiating_case, stage=Stage.NEGOTIATION).exists()


def _sent(case) -> None:
    """The seller answered 卡密已发放: the ready reply to it is offered from now on."""
    NegotiationAttempt.objects.create(
        case=case,
        sent_at=timezone.now() - timedelta(hours=2),
        message="请处理",
        seller_answer="卡密已发放，无法回收",
        outcome="refused",
    )


def test_copy_button_targets_the_selectable_text_area(user_client, negotiating_case):
    _sent(negotiating_case)
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert 'data-copy-target="id_message"' in html and 'id="id_message"' in html
    assert 'data-copy-target="reply-issued"' in html
    assert 'id="reply-issued"' in html and "readonly" in html


def test_reply_to_code_already_issued_asks_for_the_delivery_record(user_client, negotiating_case):
    _sent(negotiating_case)
    html = user_client.get(_url(negotiating_case)).content.decode()
    reply = re.search(r'<textarea id="reply-issued"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert ORDER in reply
    assert "发货记录" in reply and "唯一标识" in reply
    assert "虚假发货" in reply


# The tone check on the page.


def test_saved_threat_is_flagged_with_why(user_client, negotiating_case):
    page = user_client.get(_url(negotiating_case)).content.decode()
    data = _choices(page, message="三天了还不处理，不退款就给差评！", action="save")
    user_client.post(_url(negotiating_case, "message/"), data)
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert "语气检查：有 1 处像是在威胁商家" in html
    assert "“不退款就给差评”" in html and "恶意维权" in html


def test_check_button_shows_the_tone_without_saving(user_client, negotiating_case):
    page = user_client.get(_url(negotiating_case)).content.decode()
    data = _choices(page, message="再不处理我就曝光你们", action="check")
    response = user_client.post(_url(negotiating_case, "message/"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“曝光你”" in html and _message(html) == "再不处理我就曝光你们"
    assert not StageState.objects.filter(case=negotiating_case, stage=Stage.NEGOTIATION).exists()


def test_live_tone_fragment_flags_threats_and_passes_a_calm_deadline(user_client, negotiating_case):
    url = _url(negotiating_case, "tone/")
    flagged = user_client.post(url, {"message": "我要举报你"}, headers={"HX-Request": "true"})
    html = flagged.content.decode()
    assert flagged.status_code == 200 and "<html" not in html
    assert "“举报你”" in html and "否则我将向平台申诉" in html

    calm = user_client.post(
        url,
        {"message": "请在今天17:00前处理，否则我将向平台申诉。"},
        headers={"HX-Request": "true"},
    )
    assert "没发现威胁商家的话" in calm.content.decode()
    assert not StageState.objects.filter(case=negotiating_case, stage=Stage.NEGOTIATION).exists()


def test_page_wires_the_live_tone_check_to_the_message(user_client, negotiating_case):
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert f'hx-post="/cases/{negotiating_case.pk}/negotiation/tone/"' in html
    assert 'hx-target="#tone-region"' in html and 'id="tone-region"' in html


# The attempt log.


def test_attempt_is_logged_then_its_outcome_no_answer(user_client, negotiating_case):
    deadline = _future(days=1)
    sent_at = timezone.localtime() - timedelta(minutes=5)
    response = user_client.post(
        _url(negotiating_case, "attempts/"),
        {
            "sent-sent_at": sent_at.strftime("%Y-%m-%dT%H:%M"),
            "sent-deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "sent-message": f"你好，订单号{ORDER}……否则我将向平台申诉。",
        },
    )
    assert response.status_code == 302
    attempt = NegotiationAttempt.objects.get(case=negotiating_case)
    assert attempt.deadline == deadline and ORDER in attempt.message
    assert CaseEvent.objects.filter(
        case=negotiating_case, message__startswith="给商家发了协商消息"
    ).exists()
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert "第 1 次协商" in html and "等待商家回复" in html
    assert f"/negotiation/attempts/{attempt.pk}/deadline.ics" in html

    prefix = f"attempt-{attempt.pk}"
    response = user_client.post(
        _url(negotiating_case, f"attempts/{attempt.pk}/"),
        {
            "version": _version(html),
            f"{prefix}-seller_answer": "",
            f"{prefix}-outcome": "no_answer",
        },
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.outcome == "no_answer"
    assert CaseEvent.objects.filter(
        case=negotiating_case, message__contains="记录了协商结果"
    ).exists()
    state = StageState.objects.get(case=negotiating_case, stage=Stage.NEGOTIATION)
    assert state.status == "done"
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert f'href="/cases/{negotiating_case.pk}/appeal/"' in html
    assert "下一步：平台申诉" in html


def test_invalid_attempt_keeps_the_input(user_client, negotiating_case):
    future = timezone.localtime() + timedelta(days=1)
    response = user_client.post(
        _url(negotiating_case, "attempts/"),
        {"sent-sent_at": future.strftime("%Y-%m-%dT%H:%M"), "sent-message": "我发过去的那段话"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "发送时间不能在将来" in html and "我发过去的那段话" in html
    assert not NegotiationAttempt.objects.exists()

    htmx = user_client.post(
        _url(negotiating_case, "attempts/"),
        {"sent-sent_at": "", "sent-message": "我发过去的那段话"},
        headers={"HX-Request": "true"},
    )
    fragment = htmx.content.decode()
    assert htmx.status_code == 200 and fragment.lstrip().startswith("<form")
    assert "请填写发送时间" in fragment and "我发过去的那段话" in fragment


def test_attempt_logged_with_htmx_reloads_the_page_to_show_it(user_client, negotiating_case):
    sent_at = timezone.localtime() - timedelta(minutes=5)
    response = user_client.post(
        _url(negotiating_case, "attempts/"),
        {"sent-sent_at": sent_at.strftime("%Y-%m-%dT%H:%M"), "sent-message": "你好，请处理。"},
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver" + _url(negotiating_case),
        },
    )
    # Not the same page with a new #fragment (that would only scroll), nor a reload (that
    # would lose the #fragment that puts the new entry in view): a changed query string.
    page = _url(negotiating_case)
    assert response.status_code == 200 and response["HX-Redirect"] == f"{page}?saved=1#log-title"
    assert NegotiationAttempt.objects.filter(case=negotiating_case).count() == 1


def _save_outcome(client, case, attempt, *, answer: str, outcome: str):
    """Post one attempt's outcome form as the page shows it, and follow to the page."""
    html = client.get(_url(case)).content.decode()
    prefix = f"attempt-{attempt.pk}"
    data = {
        "version": _version(html),
        f"{prefix}-seller_answer": answer,
        f"{prefix}-outcome": outcome,
    }
    return client.post(_url(case, f"attempts/{attempt.pk}/"), data, follow=True)


def test_saving_an_unchanged_outcome_says_so_and_records_nothing(user_client, negotiating_case):
    attempt = _log_attempt(negotiating_case)
    state = stage_state(case=negotiating_case, stage=Stage.NEGOTIATION)
    events = CaseEvent.objects.filter(case=negotiating_case).count()

    response = _save_outcome(user_client, negotiating_case, attempt, answer="", outcome="pending")
    html = response.content.decode()
    assert "没有改动：商家回复后，选好结果再保存。" in html and "已记录结果" not in html
    assert response.redirect_chain[-1][0].endswith(f"#attempt-{attempt.pk}-title")
    assert CaseEvent.objects.filter(case=negotiating_case).count() == events
    assert stage_state(case=negotiating_case, stage=Stage.NEGOTIATION).version == state.version
    attempt.refresh_from_db()
    assert attempt.outcome == "pending" and attempt.seller_answer == ""


def test_saving_a_changed_outcome_records_it_and_then_unchanged_again_does_not(
    user_client, negotiating_case
):
    attempt = _log_attempt(negotiating_case)
    version = stage_state(case=negotiating_case, stage=Stage.NEGOTIATION).version

    response = _save_outcome(
        user_client, negotiating_case, attempt, answer="不退", outcome="refused"
    )
    assert "已记录结果。" in response.content.decode()
    event = CaseEvent.objects.filter(case=negotiating_case).latest("pk")
    assert (
        event.message.startswith("记录了协商结果") and "商家拒绝。商家回复：不退" in event.message
    )
    assert stage_state(case=negotiating_case, stage=Stage.NEGOTIATION).version == version + 1

    response = _save_outcome(
        user_client, negotiating_case, attempt, answer="不退", outcome="refused"
    )
    assert "没有改动：结果还是“商家拒绝”。" in response.content.decode()
    assert CaseEvent.objects.filter(case=negotiating_case).latest("pk") == event
    assert stage_state(case=negotiating_case, stage=Stage.NEGOTIATION).version == version + 1


def test_refunded_outcome_resolves_the_case(user_client, negotiating_case):
    attempt = _log_attempt(negotiating_case, deadline=timezone.now() + timedelta(hours=3))
    html = user_client.get(_url(negotiating_case)).content.decode()
    prefix = f"attempt-{attempt.pk}"
    response = user_client.post(
        _url(negotiating_case, f"attempts/{attempt.pk}/"),
        {
            "version": _version(html),
            f"{prefix}-seller_answer": "已退款",
            f"{prefix}-outcome": "refunded",
        },
    )
    assert response["Location"] == f"/cases/{negotiating_case.pk}/"
    negotiating_case.refresh_from_db()
    assert negotiating_case.resolution == Resolution.REFUNDED
    overview = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    assert "结果：全额退款" in overview


def test_outcome_from_a_stale_tab_is_refused(user_client, negotiating_case):
    attempt = _log_attempt(negotiating_case)
    stale = user_client.get(_url(negotiating_case)).content.decode()
    prefix = f"attempt-{attempt.pk}"
    data = {"version": _version(stale), f"{prefix}-outcome": "refused"}
    assert (
        user_client.post(_url(negotiating_case, f"attempts/{attempt.pk}/"), data).status_code == 302
    )
    data = {
        "version": _version(stale),
        f"{prefix}-seller_answer": "不退",
        f"{prefix}-outcome": "no_answer",
    }
    response = user_client.post(_url(negotiating_case, f"attempts/{attempt.pk}/"), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "这一页在别处更新过" in html and "不退" in html
    attempt.refresh_from_db()
    assert attempt.outcome == "refused"


def test_invalid_outcome_is_an_error_not_a_crash(user_client, negotiating_case):
    attempt = _log_attempt(negotiating_case)
    html = user_client.get(_url(negotiating_case)).content.decode()
    prefix = f"attempt-{attempt.pk}"
    data = {
        "version": _version(html),
        f"{prefix}-seller_answer": "他说再等等",
        f"{prefix}-outcome": "won",
    }
    response = user_client.post(_url(negotiating_case, f"attempts/{attempt.pk}/"), data)
    assert response.status_code == 200
    assert "请从列出的结果里选一个" in response.content.decode()
    assert "他说再等等" in response.content.decode()


def test_task_list_shows_negotiation_in_progress_then_complete(user_client, negotiating_case):
    def status() -> str:
        html = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
        return re.search(r'id="status-negotiation">([^<]+)<', html).group(1)

    assert status() == "未开始"
    attempt = _log_attempt(negotiating_case)
    assert status() == "进行中"
    negotiation_services.attempt_outcome_save(
        attempt=attempt,
        values={"outcome": "refused"},
        version=StageState.objects.get(case=negotiating_case, stage=Stage.NEGOTIATION).version,
    )
    assert status() == "已完成"


# An overdue deadline: on the page, the overview and the dashboard, with the next step.


def _log_overdue_attempt(case) -> NegotiationAttempt:
    """A message sent two days ago whose deadline passed two hours ago, still unanswered."""
    return _log_attempt(
        case,
        sent_at=timezone.now() - timedelta(days=2),
        deadline=timezone.now() - timedelta(hours=2),
    )


def test_overdue_deadline_shows_everywhere_with_the_appeal_as_next_step(
    user_client, negotiating_case
):
    _log_overdue_attempt(negotiating_case)
    appeal = f'href="/cases/{negotiating_case.pk}/appeal/"'

    overview = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    assert "协商期限已过" in overview and "给商家的期限已过：向平台申诉" in overview
    assert appeal in overview

    dashboard = user_client.get("/cases/").content.decode()
    assert "协商期限已过" in dashboard and "给商家的期限已过：向平台申诉" in dashboard
    assert appeal in dashboard

    page = user_client.get(_url(negotiating_case)).content.decode()
    assert "期限已过" in page and appeal in page
    # What the site knows is that no answer was logged, not that the seller did nothing.
    for html in (overview, page):
        assert "这次协商还没有记下结果" in html and "商家还没有处理" not in html


def test_a_goodwill_request_that_lapsed_leads_to_recording_the_end_not_an_appeal(
    user_client, negotiating_case
):
    negotiating_case.problems = ["not_needed"]
    negotiating_case.save()
    attempt = _log_overdue_attempt(negotiating_case)
    # Only the deadline passed: the site does not know the seller said no, so it asks for
    # the answer first, and says what follows if it was a no.
    negotiation = f'href="/cases/{negotiating_case.pk}/negotiation/"'
    for url in (f"/cases/{negotiating_case.pk}/", "/cases/"):
        html = user_client.get(url).content.decode()
        assert "给商家的期限已过：记下商家的回复" in html and negotiation in html, url
        assert "向平台申诉" not in html and "商家没有答应通融" not in html, url
    overview = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    next_box = overview.split('id="next-title"')[1].split("</section>")[0]
    assert "平台申诉" not in next_box  # nor the stage hint's 就去平台申诉
    page = user_client.get(_url(negotiating_case)).content.decode()
    assert "这次协商还没有记下结果" in page and "商家没有答应通融的话" in page
    assert "记为“放弃”" in page and "下一步：平台申诉" not in page
    # Logged as refused: the way on is recording the end.
    attempt.outcome = "refused"
    attempt.save()
    resolve = f'href="/cases/{negotiating_case.pk}/#resolve-title"'
    for url in (f"/cases/{negotiating_case.pk}/", "/cases/"):
        html = user_client.get(url).content.decode()
        assert "协商没有结果：这种情况申诉通常也没用" in html and resolve in html, url
        assert "向平台申诉" not in html, url
    page = user_client.get(_url(negotiating_case)).content.decode()
    assert "商家拒绝了你的要求。问题出在你自己这边" in page and "下一步：平台申诉" not in page


def test_a_goodwill_partial_refund_is_recorded_not_appealed(user_client, negotiating_case):
    negotiating_case.problems = ["too_expensive"]
    negotiating_case.save()
    attempt = _log_overdue_attempt(negotiating_case)
    attempt.outcome = "partly_refunded"
    attempt.save()
    page = user_client.get(_url(negotiating_case)).content.decode()
    assert "商家通融退了一部分钱" in page and "记为“部分退款”" in page
    assert "不接受，可以继续" not in page and "下一步：平台申诉" not in page


def test_overdue_deadline_of_a_private_transfer_points_to_outside_channels(
    user_client, negotiating_case
):
    negotiating_case.payment_method = "private"
    negotiating_case.save()
    _log_overdue_attempt(negotiating_case)
    escalation = f'href="/cases/{negotiating_case.pk}/escalation/"'
    for url in (f"/cases/{negotiating_case.pk}/", "/cases/"):
        html = user_client.get(url).content.decode()
        assert "协商期限已过" in html and "给商家的期限已过：考虑外部维权" in html
        assert escalation in html
        assert "向平台申诉" not in html


def test_once_the_appeal_is_logged_the_passed_deadline_no_longer_leads(
    user_client, negotiating_case
):
    _log_overdue_attempt(negotiating_case)
    appeal_services.appeal_record_add(
        case=negotiating_case,
        submitted_at=timezone.now() - timedelta(hours=1),
        ticket_number="GD1",
        version=stage_state(case=negotiating_case, stage=Stage.APPEAL).version,
    )
    for url in (f"/cases/{negotiating_case.pk}/", "/cases/"):
        html = user_client.get(url).content.decode()
        assert "继续「平台申诉」" in html
        assert "协商期限已过" not in html and "向平台申诉" not in html


def test_future_deadline_is_not_overdue(user_client, negotiating_case):
    _log_attempt(negotiating_case, deadline=timezone.now() + timedelta(hours=2))
    assert "协商期限已过" not in user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    assert "协商期限已过" not in user_client.get("/cases/").content.decode()


# The deadline as a calendar event.


def test_deadline_downloads_as_an_ics_event_in_local_time(user_client, negotiating_case):
    deadline = datetime(2027, 3, 1, 17, 0, tzinfo=SHANGHAI)
    attempt = _log_attempt(negotiating_case, deadline=deadline)
    response = user_client.get(_url(negotiating_case, f"attempts/{attempt.pk}/deadline.ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]

    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (17, 0)
    assert start.utcoffset() == timedelta(hours=8)
    assert start.astimezone(UTC) == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert ORDER in str(event["summary"])
    assert event.decoded("dtend") > start
    assert calendar.walk("VALARM")


def test_ics_of_an_attempt_without_deadline_is_404(user_client, negotiating_case):
    attempt = _log_attempt(negotiating_case)
    response = user_client.get(_url(negotiating_case, f"attempts/{attempt.pk}/deadline.ics"))
    assert response.status_code == 404


def test_another_users_case_and_attempts_are_404(
    other_client, user_client, negotiating_case, make_case, user
):
    attempt = _log_attempt(negotiating_case, deadline=timezone.now() + timedelta(hours=3))
    for url, method in (
        (_url(negotiating_case), "get"),
        (_url(negotiating_case, "message/"), "post"),
        (_url(negotiating_case, "tone/"), "post"),
        (_url(negotiating_case, "attempts/"), "post"),
        (_url(negotiating_case, f"attempts/{attempt.pk}/"), "post"),
        (_url(negotiating_case, f"attempts/{attempt.pk}/deadline.ics"), "get"),
    ):
        assert getattr(other_client, method)(url).status_code == 404, url
    # An attempt of one case is not reachable through another case of the same owner.
    second = make_case(owner=user)
    assert user_client.get(_url(second, f"attempts/{attempt.pk}/deadline.ics")).status_code == 404
    response = user_client.post(_url(second, f"attempts/{attempt.pk}/"), {"version": "0"})
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.outcome == "pending"


# Query counts.


def _queries(client, url: str) -> int:
    return count_queries(client, url)


@pytest.mark.parametrize("page", ["negotiation", "overview", "dashboard"])
def test_query_count_is_constant_as_attempts_and_events_grow(
    user_client, negotiating_case, make_case, user, page, django_assert_num_queries
):
    url = {
        "negotiation": _url(negotiating_case),
        "overview": f"/cases/{negotiating_case.pk}/",
        "dashboard": "/cases/",
    }[page]
    _log_attempt(negotiating_case, deadline=timezone.now() + timedelta(hours=3))
    one = _queries(user_client, url)
    for n in range(4):
        _log_attempt(negotiating_case, deadline=timezone.now() - timedelta(hours=n + 1))
    for n in range(50):
        add_event(case=negotiating_case, stage=Stage.NEGOTIATION, message=f"事件 {n}")
    for n in range(3):
        _log_attempt(make_case(owner=user, product_name=f"点卡 {n}"))
    five = _queries(user_client, url)
    assert five == one
    if page == "negotiation":
        # The latest three in full, the earlier two one tap away (issue 18).
        html = user_client.get(url).content.decode()
        assert re.findall(r"第 \d 次协商", html) == ["第 3 次协商", "第 4 次协商", "第 5 次协商"]
        assert "更早的还有 2 次没有列出" in html
        assert 'href="?all=1#log-title">显示全部 5 次协商</a>' in html
        with django_assert_num_queries(one):
            html = user_client.get(f"{url}?all=1").content.decode()
        assert len(re.findall(r"第 \d 次协商", html)) == 5


# The suggested deadline (pure).


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 17, 0)),
        (datetime(2026, 3, 2, 14, 0), datetime(2026, 3, 2, 17, 0)),
        (datetime(2026, 3, 2, 14, 1), datetime(2026, 3, 3, 17, 0)),
        (datetime(2026, 3, 2, 23, 30), datetime(2026, 3, 3, 17, 0)),
        (datetime(2026, 12, 31, 20, 0), datetime(2027, 1, 1, 17, 0)),
    ],
)
def test_suggested_deadline_is_17_oclock_with_three_hours_notice(now, expected):
    assert suggested_deadline(now.replace(tzinfo=SHANGHAI)) == expected.replace(tzinfo=SHANGHAI)


def test_a_missed_deadline_offers_a_follow_up_with_a_new_deadline(user_client, negotiating_case):
    sent = timezone.now() - timedelta(days=2)
    passed = timezone.now() - timedelta(days=1)
    _log_attempt(negotiating_case, deadline=passed, sent_at=sent)
    html = user_client.get(_url(negotiating_case)).content.decode()
    follow_up = _textarea_text(html, "follow-up")
    local_sent, local_passed = timezone.localtime(sent), timezone.localtime(passed)
    assert f"我在 {local_sent.year}年{local_sent.month}月{local_sent.day}日" in follow_up
    assert f"请贵店在 {local_passed.year}年{local_passed.month}月{local_passed.day}日" in follow_up
    assert "到现在还没有结果" in follow_up and "我的要求是全额退款 100 元" in follow_up
    new = suggested_deadline(timezone.localtime())
    assert f"请在 {new.year}年{new.month}月{new.day}日 17:00 前处理好" in follow_up
    # Logging what goes out next starts from the follow-up and its deadline: nothing to paste.
    logged = re.search(r'<textarea name="sent-message"[^>]*>(.*?)</textarea>', html, re.S)
    assert unescape(logged.group(1)).strip() == follow_up
    assert f'name="sent-deadline" value="{new:%Y-%m-%dT%H:%M}"' in html


def test_a_broken_promise_is_logged_and_answered_with_a_follow_up(user_client, negotiating_case):
    sent = timezone.now() - timedelta(days=2)
    attempt = _log_attempt(negotiating_case, deadline=sent + timedelta(hours=6), sent_at=sent)
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert "商家答应了，但没有做到" in html  # offered as an outcome
    prefix = f"attempt-{attempt.pk}"
    response = user_client.post(
        _url(negotiating_case, f"attempts/{attempt.pk}/"),
        {
            "version": _version(html),
            f"{prefix}-seller_answer": "好的，今天给你退",
            f"{prefix}-outcome": "promised",
        },
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.outcome == "promised"
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert "商家答应处理，却没有做到。先协商、再申诉" in html
    assert "下一步：平台申诉" in html
    follow_up = _textarea_text(html, "follow-up")
    assert "处理这笔订单的问题，贵店也答应了，但到现在还没有结果。" in follow_up


def test_no_follow_up_while_the_deadline_is_still_ahead(user_client, negotiating_case):
    _log_attempt(negotiating_case, deadline=timezone.now() + timedelta(days=1))
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert 'id="follow-up"' not in html


def _textarea_text(html: str, element_id: str) -> str:
    match = re.search(rf'<textarea id="{element_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, element_id
    return unescape(match.group(1))


def test_only_the_latest_attempt_carries_its_form_and_edit_brings_out_another(
    user_client, negotiating_case
):
    first = _log_attempt(negotiating_case, sent_at=timezone.now() - timedelta(days=3))
    latest = _log_attempt(negotiating_case, sent_at=timezone.now() - timedelta(days=1))
    html = user_client.get(_url(negotiating_case)).content.decode()
    assert f'name="attempt-{latest.pk}-outcome"' in html
    assert f'name="attempt-{first.pk}-outcome"' not in html
    assert f'href="?edit={first.pk}#attempt-{first.pk}-title"' in html
    html = user_client.get(_url(negotiating_case) + f"?edit={first.pk}").content.decode()
    assert f'name="attempt-{first.pk}-outcome"' in html
    assert '<details class="kr-details kr-section" name="negotiation" id="log" open>' in html
    # Nonsense in ?edit= is ignored, never a 500.
    assert user_client.get(_url(negotiating_case) + "?edit=abc").status_code == 200


@pytest.mark.parametrize(
    ("answers", "due"),
    [
        (["卡密已发放，无法回收"], True),
        (["明天再处理", "卡密已发放，无法回收"], True),
        # Said again after the reply: the seller had their chance, the appeal is next.
        (["卡密已发放，无法回收", "已经发货了，收不回"], False),
        (["卡密已发放，无法回收", "明天再处理"], False),
        ([], False),
    ],
)
def test_the_ready_reply_is_due_once(answers, due):
    assert issued_reply_due(answers) is due


def _refused(case, answer: str, hours_ago: int) -> None:
    NegotiationAttempt.objects.create(
        case=case,
        sent_at=timezone.now() - timedelta(hours=hours_ago),
        seller_answer=answer,
        outcome="refused",
    )


def test_the_overview_and_the_negotiation_page_agree_on_the_ready_reply(
    user_client, negotiating_case
):
    # Both pages put the reply to 卡密已发放 first, as the negotiation page's advice does.
    _refused(negotiating_case, "卡密已发放，无法回收", hours_ago=3)
    StageState.objects.update_or_create(
        case=negotiating_case, stage=Stage.NEGOTIATION, defaults={"status": "done"}
    )
    overview = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    assert "商家说卡密已发放：先回复他，要他拿出发货记录" in overview
    assert "协商没有结果：向平台申诉" not in overview
    # Step 3's hint is about the first message and ends 就去平台申诉: not under this step.
    assert "到期没处理，就去平台申诉" not in overview
    assert "先别急着申诉" in user_client.get(_url(negotiating_case)).content.decode()
    # Said again after the reply: both now point to the appeal, and the page stops asking.
    _refused(negotiating_case, "卡密已经发放了", hours_ago=1)
    overview = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    assert "协商没有结果：向平台申诉" in overview
    assert "先别急着申诉" not in user_client.get(_url(negotiating_case)).content.decode()


def test_a_goodwill_request_is_asked_for_politely_without_rules_deadlines_or_accusations(
    user_client, make_case, user
):
    case = make_case(owner=user, problems=["not_needed"], fraud_signs=False, goods_kind="game_card")
    html = user_client.get(_url(case)).content.decode()
    assert "客气地请商家通融，不引用规则，也不给期限" in html
    assert "（三步法）" not in html
    # The reply to 卡密已发放 calls the delivery false: no use to a buyer asking a favour.
    assert 'id="reply-title"' not in html
    assert "平台规则和期限（请商家通融的消息用不到）" in html
    # The intro and the tone note fit a favour asked, not the three-step demand.
    assert "客气地请商家通融" in html and "引用平台规则 → 给一个明确的期限" not in html
    assert "讲事实、引规则、给期限" not in html
    # Nor does the tone tip tell a buyer asking a favour that an appeal may be threatened.
    assert "语气：客气地问，不威胁" in html and "否则我将向平台申诉”没问题" not in html
    # Logging it starts without a deadline: none was given, so no complaint may quote one.
    assert re.search(r'<input type="datetime-local" name="sent-deadline"(?![^>]*value=)', html)
    tone = user_client.post(_url(case, "tone/"), {"message": "你好，能不能通融一下？"})
    assert "客气地问就好" in tone.content.decode()
    StageState.objects.create(case=case, stage=Stage.ELIGIBILITY, status="done")
    overview = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "客气地请商家通融：复制按你的订单写好的消息发给商家" in overview
    assert "把三类证据传上来" not in overview


def test_while_a_message_waits_the_overview_says_to_wait_not_to_send_it(
    user_client, make_case, user
):
    case = make_case(owner=user, problems=["invalid_code"])
    for stage in (Stage.ELIGIBILITY, Stage.EVIDENCE):
        StageState.objects.create(case=case, stage=stage, status="done")
    overview = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "用按你的订单写好的消息联系商家" in overview
    negotiation_services.attempt_log(
        case=case,
        sent_at=timezone.now() - timedelta(hours=1),
        deadline=timezone.now() + timedelta(hours=5),
        message="你好",
    )
    overview = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "消息已经发出，等商家处理。到了给商家的期限，回来记下商家的回复和结果" in overview
    assert "用按你的订单写好的消息联系商家" not in overview


@pytest.mark.parametrize(
    ("goods", "problems"),
    [("game_card", ["late"]), ("licence", ["software_broken"]), ("game_card", ["invalid_code"])],
)
def test_the_reply_to_code_already_issued_waits_until_the_seller_says_it(
    user_client, make_case, user, goods, problems
):
    """A ready answer to words the seller never said would put them in his mouth: the reply
    comes once an answer on record says 已发放 (a late code, or a seller who just stalls,
    gets none)."""
    case = make_case(owner=user, goods_kind=goods, problems=problems, fraud_signs=False)
    assert 'id="reply-title"' not in user_client.get(_url(case)).content.decode()
    attempt = NegotiationAttempt.objects.create(
        case=case,
        sent_at=timezone.now() - timedelta(hours=2),
        message="请处理",
        seller_answer="再等等，我在处理",
        outcome="pending",
    )
    assert 'id="reply-title"' not in user_client.get(_url(case)).content.decode()
    attempt.seller_answer, attempt.outcome = "卡密已发放，无法回收", "refused"
    attempt.save()
    assert 'id="reply-title"' in user_client.get(_url(case)).content.decode()


def test_a_seller_who_says_it_was_issued_gets_the_reply_whatever_the_goods(
    user_client, make_case, user
):
    case = make_case(owner=user, goods_kind="custom_service", problems=["not_working"])
    NegotiationAttempt.objects.create(
        case=case,
        sent_at=timezone.now() - timedelta(hours=2),
        message="请处理",
        seller_answer="已经发放了，无法回收",
        outcome="refused",
    )
    html = user_client.get(_url(case)).content.decode()
    assert 'id="reply-title"' in html


def test_a_private_transfer_is_told_to_send_the_message_where_the_two_talk(
    user_client, make_case, user
):
    case = make_case(owner=user, problems=["invalid_code"], payment_method="private")
    html = user_client.get(_url(case)).content.decode()
    assert "在你和对方联系的地方（微信、QQ 等）发出" in html
    assert "平台的聊天窗口里发" not in html
    # No platform to appeal to: the intro does not send them there, and says when to stop.
    assert "平台通常不受理这类申诉" in html and "对方已经把你拉黑、联系不上，就不用再发了" in html
    assert "先找商家协商，再向平台申诉" not in html
    for stage in (Stage.ELIGIBILITY, Stage.EVIDENCE):
        StageState.objects.create(case=case, stage=stage, status="done")
    overview = user_client.get(f"/cases/{case.pk}/").content.decode()
    assert "到期没处理，或者对方已经把你拉黑，就去外部维权" in overview
    escalation = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    assert "外部渠道就是你能走的路" in escalation and "平台申诉失败" not in escalation


def test_the_goodwill_request_gives_the_reason_the_buyer_chose(user_client, make_case, user):
    case = make_case(owner=user, problems=["too_expensive"], order_number=ORDER)
    message = _message(user_client.get(_url(case)).content.decode())
    assert f"订单号 {ORDER}。后来觉得价格太贵。" in message
    assert "用不上" not in message


def test_a_past_deadline_is_refused_once_under_its_field(user_client, negotiating_case):
    html = user_client.get(_url(negotiating_case)).content.decode()
    past = timezone.localtime() - timedelta(days=1)
    data = _choices(html, deadline=past.strftime("%Y-%m-%dT%H:%M"))
    page = user_client.post(_url(negotiating_case, "message/"), data).content.decode()
    assert "期限要选将来的时间" in page
    assert "这个期限已经过了。选一个还没到的时间" not in page


def test_a_private_transfer_writes_to_a_person_about_a_transfer_not_to_a_shop(
    user_client, make_case, user
):
    """Paid by WeChat transfer there is no shop and no order: every text to the seller says
    你 and 转账单号, and the gap the buyer fills in is named 转账单号 too."""
    case = make_case(
        owner=user, problems=["invalid_code"], payment_method="private", goods_kind="game_card"
    )
    html = user_client.get(_url(case)).content.decode()
    message = _message(html)
    assert message.startswith("你好。我向你买了") and "是转账付的款" in message
    assert "贵店" not in message and "订单号" not in message
    # A chat with the seller reads fine without the transfer's number: no gap left for it.
    assert "转账单号" not in message

    case.order_number = "4200002615202611203512897746"
    case.save()
    attempt = NegotiationAttempt.objects.create(
        case=case,
        sent_at=timezone.now() - timedelta(days=1),
        deadline=timezone.now() - timedelta(hours=2),
        message="你好",
        seller_answer="卡密已经发了，收不回来",
        outcome="refused",
    )
    html = user_client.get(_url(case)).content.decode()
    assert "\n转账单号：4200002615202611203512897746\n" in _message(html)
    reply = re.search(r'<textarea id="reply-issued"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert reply.startswith("你好。关于我向你买的王者荣耀")
    assert "贵店" not in reply and "订单" not in reply
    # The follow-up after a deadline that passed unanswered, offered in the 记下来 form.
    attempt.seller_answer, attempt.outcome = "", "no_answer"
    attempt.save()
    html = user_client.get(_url(case)).content.decode()
    follow_up = re.search(
        r'<textarea name="sent-message"[^>]*>\n?(.*?)</textarea>', html, re.S
    ).group(1)
    assert "联系过你，当时请你" in follow_up and "我买的是王者荣耀" in follow_up
    assert "贵店" not in follow_up and "订单" not in follow_up


def test_the_rule_cited_to_the_seller_is_cited_in_the_appeal_statement(
    user_client, negotiating_case
):
    """The platform reads the appeal: a rule the buyer found and quoted in step 3 is in it,
    in the same words; a buyer who cites none gets no rule line there either."""
    appeal = f"/cases/{negotiating_case.pk}/appeal/"
    statement = re.search(
        r'<textarea name="statement"[^>]*>(.*?)</textarea>',
        user_client.get(appeal).content.decode(),
        re.S,
    ).group(1)
    assert "根据平台的" not in statement
    page = user_client.get(_url(negotiating_case)).content.decode()
    cited = _choices(
        page,
        rule="custom",
        rule_name="《卡密类商品售后规则》",
        rule_promise="卡密无效的，买家可以要求更换或退款。",
    )
    assert user_client.post(_url(negotiating_case, "message/"), cited).status_code == 302
    statement = re.search(
        r'<textarea name="statement"[^>]*>(.*?)</textarea>',
        user_client.get(appeal).content.decode(),
        re.S,
    ).group(1)
    assert "根据平台的《卡密类商品售后规则》，卡密无效的，买家可以要求更换或退款。" in statement


@pytest.mark.parametrize(
    ("problems", "fraud_signs", "later_steps"),
    [
        (["not_needed"], False, "通常用不到"),
        (["too_expensive"], None, "通常用不到"),
        # A failing of the seller's, or signs of fraud, and the later steps are still owed.
        (["not_needed", "late"], False, "未开始"),
        (["not_needed"], True, "未开始"),
    ],
)
def test_the_buyers_own_reasons_mark_appeal_and_outside_channels_as_seldom_of_use(
    user_client, make_case, user, problems, fraud_signs, later_steps
):
    case = make_case(owner=user, problems=problems, fraud_signs=fraud_signs)
    for page in (f"/cases/{case.pk}/", _url(case)):
        html = user_client.get(page).content.decode()
        overview = re.findall(r'id="status-(appeal|escalation)">([^<]+)<', html)
        tasks = re.findall(r"\d\. (平台申诉|外部维权)</a></span>\s*<strong[^>]*>([^<]+)<", html)
        shown = overview or tasks
        assert [label for _, label in shown] == [later_steps, later_steps], page


def _sent_form(html: str) -> tuple[str, str]:
    """Return the 发出去了？记下来 form's message and deadline as the page fills them in."""
    message = re.search(r'<textarea name="sent-message"[^>]*>\n?(.*?)</textarea>', html, re.S)
    deadline = re.search(r'name="sent-deadline" value="([^"]*)"', html)
    return html_lib.unescape(message.group(1)), deadline.group(1) if deadline else ""


def test_the_reply_to_issued_has_a_deadline_still_ahead_and_is_what_gets_logged(
    user_client, negotiating_case
):
    # The first message's deadline went by two hours ago; then the seller said 已发放.
    NegotiationAttempt.objects.create(
        case=negotiating_case,
        sent_at=timezone.now() - timedelta(days=1),
        deadline=timezone.now() - timedelta(hours=2),
        message="你好，请处理",
        seller_answer="卡密已发放，无法回收",
        outcome="refused",
    )
    html = user_client.get(_url(negotiating_case)).content.decode()
    reply = re.search(r'<textarea id="reply-issued"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    by = re.search(r"请在 (\d{4})年(\d+)月(\d+)日 (\d\d):(\d\d) 前提供记录", reply)
    when = timezone.make_aware(datetime(*map(int, by.groups())))
    assert when > timezone.now()
    # The page asks for the reply next: the log form holds it and its deadline.
    logged, deadline = _sent_form(html)
    assert logged == html_lib.unescape(reply).strip()
    assert deadline == timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_a_follow_up_never_asks_again_for_the_deadline_it_chases(user_client, negotiating_case):
    """A seller who promised, with the first deadline still ahead: the follow-up's deadline
    is a later one, not the same 17:00 asked for twice."""
    first = timezone.localtime() + timedelta(days=1)
    first = first.replace(hour=17, minute=0, second=0, microsecond=0)
    NegotiationAttempt.objects.create(
        case=negotiating_case,
        sent_at=timezone.now() - timedelta(hours=1),
        deadline=first,
        message="你好，请处理",
        seller_answer="好的，马上发",
        outcome="promised",
    )
    logged, deadline = _sent_form(user_client.get(_url(negotiating_case)).content.decode())
    assert "也答应了，但到现在还没有结果" in logged
    asked = re.findall(r"在 (\d{4}年\d+月\d+日 \d\d:\d\d) 前", logged)
    assert len(asked) == 2 and asked[0] != asked[1], logged
    assert deadline > first.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("deadline", "told"),
    [(True, "已记下这次协商。到了期限，回到这里"), (False, "已记下这次协商。商家回复后，回到这里")],
)
def test_logging_a_message_says_when_to_come_back_as_the_log_stands(
    user_client, negotiating_case, deadline, told
):
    sent = {
        "sent-sent_at": (timezone.localtime() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "sent-deadline": _future().strftime("%Y-%m-%dT%H:%M") if deadline else "",
        "sent-message": "你好，请处理。",
    }
    response = user_client.post(_url(negotiating_case, "attempts/"), sent, follow=True)
    assert told in response.content.decode()


def test_the_folded_choices_say_whose_deadline_the_message_gives(user_client, negotiating_case):
    """The message is written with a deadline before the buyer picks one: its summary says it
    is the page's suggestion until the buyer sets their own."""
    page = user_client.get(_url(negotiating_case)).content.decode()
    summary = re.search(r'id="message-choices".*?</summary>', page, re.S).group(0)
    assert "建议期限 " in summary and "不引用平台规则" in summary
    chosen = _choices(page)
    assert user_client.post(_url(negotiating_case, "message/"), chosen).status_code == 302
    page = user_client.get(_url(negotiating_case)).content.decode()
    summary = re.search(r'id="message-choices".*?</summary>', page, re.S).group(0)
    assert "建议期限" not in summary and "期限 " in summary


def test_the_log_form_warns_when_the_text_it_holds_still_has_a_gap(user_client, make_case, user):
    case = make_case(owner=user, problems=["invalid_code"], order_number="")
    html = user_client.get(_url(case)).content.decode()
    logged, _ = _sent_form(html)
    assert "【待补充" in logged and "下面这段消息里还有【待补充】：先补上再发出去" in html
    case.order_number, case.amount, case.remedy = ORDER, "100.00", "refund"
    case.goods_kind, case.product_name = "game_card", "王者荣耀 100 元点卡"
    case.save()
    html = user_client.get(_url(case)).content.decode()
    logged, _ = _sent_form(html)
    assert "【待补充" not in logged and "下面这段消息里还有【待补充】" not in html


def test_a_private_buyer_waits_for_the_other_side_not_a_shop(user_client, make_case, user):
    case = make_case(owner=user, problems=["invalid_code"], payment_method="private")
    _log_attempt(case, deadline=_future())
    html = user_client.get(_url(case)).content.decode()
    assert "消息已经发出，等对方处理" in html and "对方回复后" in html
    assert "发给对方后，记下发送时间和期限" in html and "等商家处理" not in html


def test_a_partial_refund_is_logged_with_its_sum_and_every_text_asks_for_the_rest(
    user_client, negotiating_case
):
    """Buyer D: 部分退款 with what came back; the message, the appeal and the complaints ask
    for the rest and put that in dispute, not the order's whole price."""
    attempt = _log_attempt(negotiating_case)
    html = user_client.get(_url(negotiating_case)).content.decode()
    prefix = f"attempt-{attempt.pk}"
    data = {
        "version": _version(html),
        f"{prefix}-seller_answer": "只能退 50 元",
        f"{prefix}-outcome": "partly_refunded",
        f"{prefix}-refunded_amount": "５０元",  # as typed on a phone: full-width, with 元
    }
    response = user_client.post(_url(negotiating_case, f"attempts/{attempt.pk}/"), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.refunded_amount == Decimal("50")
    statement = user_client.get(f"/cases/{negotiating_case.pk}/appeal/").content.decode()
    assert "退回剩下的 50 元（订单 100 元，已经退回 50 元）" in statement
    assert "商家回复“只能退 50 元”，只退了 50 元" in statement
    outside = user_client.get(f"/cases/{negotiating_case.pk}/escalation/").content.decode()
    assert "50 元（订单 100 元，商家已经退回 50 元）" in outside

    # Another outcome carries no sum paid back: the form drops what was typed for it.
    data |= {"version": _version(user_client.get(_url(negotiating_case)).content.decode())}
    data |= {f"{prefix}-outcome": "refused"}
    user_client.post(_url(negotiating_case, f"attempts/{attempt.pk}/"), data)
    attempt.refresh_from_db()
    assert attempt.outcome == "refused" and attempt.refunded_amount is None


def test_a_seller_who_blocked_the_buyer_is_recorded_as_such_and_the_way_on_is_the_appeal(
    user_client, negotiating_case
):
    """Buyer F: blocked after the first message. Before, the only choice was 商家拒绝, and
    every complaint said the seller refused; now it says what happened."""
    attempt = _log_attempt(negotiating_case)
    response = _save_outcome(user_client, negotiating_case, attempt, answer="", outcome="blocked")
    assert "商家把你拉黑了，联系不上" in response.content.decode()
    overview = user_client.get(f"/cases/{negotiating_case.pk}/").content.decode()
    assert "协商没有结果：向平台申诉" in overview
    statement = user_client.get(f"/cases/{negotiating_case.pk}/appeal/").content.decode()
    assert "商家随后把我拉黑了，无法再联系" in statement
    outside = user_client.get(f"/cases/{negotiating_case.pk}/escalation/").content.decode()
    assert "商家把我拉黑，无法再联系" in outside and "拒绝处理" not in outside
