"""The editors' admin: guidance texts with validation, preview and history; numbers, never cases."""

import re
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks

from cases import models
from cases.forms import negotiation as negotiation_forms
from cases.models import StageState, WizardText
from cases.rules.statistics import (
    CaseGroup,
    OutcomeGroup,
    ReachedGroup,
    StoredStatus,
    channel_outcomes,
    furthest_stages,
    tally,
)
from cases.selectors.statistics import case_statistics
from cases.services import record as record_services
from cases.services.stage import add_event
from cases.texts.appeal import statement_from
from cases.texts.defaults import DEFAULTS
from cases.texts.placeholders import fill
from cases.texts.sample import SAMPLE_CASE, SAMPLE_DEADLINE, SAMPLE_RULE
from config.admin import EditorsAdminSite

pytestmark = pytest.mark.django_db

STATS_URL = "/admin/cases/wizardtext/stats/"


def _change_url(key: str) -> str:
    return f"/admin/cases/wizardtext/{WizardText.objects.get(key=key).pk}/change/"


def test_editor_changes_intro_evidence_and_the_stage_page_shows_it(admin_client, user_client, case):
    old = WizardText.objects.get(key="intro_evidence").body
    response = admin_client.post(
        _change_url("intro_evidence"),
        {
            "change_note": "测试",
            "label": "第 2 步 开头说明",
            "body": "先把**订单截图**存好。",
            "_save": "保存",
        },
    )
    assert response.status_code == 302
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "先把<strong>订单截图</strong>存好。" in html and old not in html
    row = WizardText.objects.get(key="intro_evidence")
    assert [version.body for version in row.history.order_by("history_date")] == [
        old,
        "先把**订单截图**存好。",
    ]
    history = admin_client.get(f"/admin/cases/wizardtext/{row.pk}/history/").content.decode()
    assert "先把**订单截图**存好。" in history and old in history


def test_template_with_an_unknown_placeholder_is_refused_with_the_body_kept(admin_client):
    before = WizardText.objects.get(key="negotiation_message").body
    typed = "你好，订单号{order_number}，请在{nonexistent}前处理。"
    response = admin_client.post(
        _change_url("negotiation_message"),
        {"change_note": "测试", "label": "协商消息模板（三步法）", "body": typed, "_save": "保存"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "不认识的占位符 {nonexistent}" in html
    assert f">\n{typed}</textarea>" in html
    assert WizardText.objects.get(key="negotiation_message").body == before
    assert WizardText.objects.get(key="negotiation_message").history.count() == 1


@pytest.mark.parametrize("body", ["{order_number:>9}", "单独的 { 不行", "{0}"])
def test_malformed_braces_are_refused_in_plain_texts_too(admin_client, body):
    response = admin_client.post(
        _change_url("intro_appeal"),
        {"change_note": "测试", "label": "第 4 步 开头说明", "body": body, "_save": "保存"},
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert WizardText.objects.get(key="intro_appeal").body == DEFAULTS["intro_appeal"].body


def test_a_case_placeholder_in_an_intro_is_refused_naming_what_the_intro_may_use(admin_client):
    # Intros and tips are not filled with a case's values: the buyer would see "{order_number}".
    typed = "订单{order_number}：先协商。"
    response = admin_client.post(
        _change_url("intro_negotiation"),
        {"change_note": "测试", "label": "第 3 步 开头说明", "body": typed},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist' in html
    assert "占位符 {订单号}只能用在消息模板里" in html
    assert "{建议报警的金额}" in html and typed in html
    row = WizardText.objects.get(key="intro_negotiation")
    assert row.body == DEFAULTS["intro_negotiation"].body
    preview = admin_client.post(
        "/admin/cases/wizardtext/preview/", {"key": "intro_negotiation", "body": typed}
    ).content.decode()
    assert "只能用在消息模板里" in preview and SAMPLE_CASE.order_number not in preview


def test_literal_braces_in_an_intro_reach_the_stage_page_as_braces(admin_client, user_client, case):
    body = "超过 {police_threshold} 可以报警；{{订单号}} 写在这里。"
    response = admin_client.post(
        _change_url("intro_escalation"),
        {"change_note": "测试", "label": "第 5 步 开头说明", "body": body},
    )
    assert response.status_code == 302
    html = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    assert "超过 500 元 可以报警；{订单号} 写在这里。" in html and "{{" not in html


def _sample_case_in_the_database(make_case, user):
    """Return the sample case saved as a buyer's case, with the seller's refusal on record."""
    fields = {
        name: value
        for name, value in asdict(SAMPLE_CASE).items()
        if name != "negotiations" and value not in ("", (), None)
    }
    case = make_case(owner=user, **fields | {"problems": list(SAMPLE_CASE.problems)})
    for attempt in SAMPLE_CASE.negotiations:
        models.NegotiationAttempt.objects.create(
            case=case,
            sent_at=attempt.sent_at,
            deadline=attempt.deadline,
            seller_answer=attempt.seller_answer,
            outcome=attempt.outcome,
        )
    return case


def _negotiation_message(case, body: str) -> str:
    """Return the message the negotiation page builds from body for the case."""
    choices = {"rule": "none", "deadline": SAMPLE_DEADLINE}
    return fill(body, negotiation_forms.message_values(case, choices))


def _as_previewed(text: str) -> str:
    # A template's preview is its plain text, escaped, with its line breaks kept.
    return linebreaks(text, autoescape=True)


def test_change_page_lists_placeholders_shows_a_preview_and_keeps_the_key_fixed(
    admin_client, make_case, user
):
    html = admin_client.get(_change_url("negotiation_message")).content.decode()
    # Placeholders by their Chinese names, one tap each; the code names never show.
    assert 'data-kr-insert="{订单号}"' in html and 'data-kr-insert="{处理期限}"' in html
    assert "订单号 {订单号}" in html and "{order_number}" not in html
    # The saved text, as the wizard writes it for the sample buyer: no rule, so no rule line.
    case = _sample_case_in_the_database(make_case, user)
    message = _negotiation_message(case, DEFAULTS["negotiation_message"].body)
    assert _as_previewed(message) in html
    assert "《" not in message and "100 元" in message
    assert 'name="key"' not in html
    assert "/admin/cases/wizardtext/preview/?key=negotiation_message" in html


def test_negotiation_preview_is_the_message_the_wizard_writes_for_the_sample_case(
    admin_client, make_case, user
):
    body = DEFAULTS["negotiation_message"].body
    html = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=negotiation_message", {"body": body}
    ).content.decode()
    # The same builder the buyer's negotiation page runs, on the sample case saved for real.
    message = _negotiation_message(_sample_case_in_the_database(make_case, user), body)
    assert _as_previewed(message) in html
    assert "全额退款 100 元" in message and "2026年11月25日 17:00" in message
    assert "待补充" not in message and "元 元" not in message
    # The rule line is shown apart, as a buyer who entered their platform's rule gets it.
    name, promise = SAMPLE_RULE
    assert html.count(f"根据平台的《{name}》，{promise}。") == 1
    assert "买家填了自己平台的规则时" in html
    # The values table lists what the sample case put in each placeholder.
    assert "<td>{你的要求}</td><td>全额退款 100 元</td>" in html
    assert "<td>{平台规则名称}</td><td>（空：这一行整行不出现）</td>" in html


def test_negotiation_preview_leaves_out_the_reply_the_negotiation_page_never_has(
    admin_client, make_case, user
):
    # The negotiation page builds its texts from the case alone: a {seller_reply} line there
    # never reaches a buyer, so the preview must not show the sample seller's answer in it.
    body = "订单{order_number}\n{seller_reply}\n请提供发货记录。"
    html = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=negotiation_reply_issued", {"body": body}
    ).content.decode()
    message = _negotiation_message(_sample_case_in_the_database(make_case, user), body)
    assert message == f"订单 {SAMPLE_CASE.order_number}\n请提供发货记录。"
    assert _as_previewed(message) in html


def test_appeal_statement_preview_quotes_the_sample_sellers_recorded_answer(admin_client):
    body = DEFAULTS["appeal_statement"].body
    html = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=appeal_statement", {"body": body}
    ).content.decode()
    statement = statement_from(body, SAMPLE_CASE)
    assert _as_previewed(statement) in html
    assert escape("商家回复“卡密已发放，无法回收”，拒绝处理。") in html
    # The appeal cites the rule the buyer cited to the seller: the editor sees that version too.
    assert "买家填了自己平台的规则时" in html
    assert escape("根据平台的《卡密类商品售后规则》，卡密无效的，买家可以要求更换或退款。") in html


def test_an_amount_followed_by_its_unit_again_is_refused_with_the_fix_and_the_text_kept(
    admin_client,
):
    typed = "你好，订单号{order_number}，请退款 {amount} 元。"
    response = admin_client.post(
        _change_url("negotiation_message"),
        {"change_note": "测试", "label": "协商消息模板", "body": typed},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist' in html
    assert escape("{金额} 已经带“元”，不用再写“元”。") in html
    assert f">\n{typed}</textarea>" in html
    row = WizardText.objects.get(key="negotiation_message")
    assert row.body == DEFAULTS["negotiation_message"].body and row.history.count() == 1
    preview = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=negotiation_message", {"body": typed}
    ).content.decode()
    assert "这段文字现在不能保存" in preview and "100 元 元" not in preview


@pytest.mark.parametrize("typed", ["{amount}", "{amount}，", "元{amount}"])
def test_an_amount_without_a_second_unit_is_saved(admin_client, typed):
    response = admin_client.post(
        _change_url("negotiation_message"),
        {"change_note": "测试", "label": "协商消息模板", "body": typed},
    )
    assert response.status_code == 302
    assert WizardText.objects.get(key="negotiation_message").body == typed


def test_posting_a_key_cannot_move_a_text(admin_client):
    url = _change_url("intro_appeal")
    admin_client.post(
        url, {"change_note": "测试", "key": "intro_escalation", "label": "x", "body": "新说明"}
    )
    assert WizardText.objects.get(key="intro_appeal").body == "新说明"
    assert WizardText.objects.get(key="intro_escalation").body == DEFAULTS["intro_escalation"].body


def test_preview_shows_the_unsaved_template_filled_and_saves_nothing(admin_client):
    response = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=negotiation_message",
        {"label": "x", "body": "订单号{order_number}，<b>请处理</b>\n第二行{seller_id}"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    filled = f"订单号 {SAMPLE_CASE.order_number}，&lt;b&gt;请处理&lt;/b&gt;<br>"
    assert f"{filled}第二行 {SAMPLE_CASE.seller_id}" in html
    assert WizardText.objects.get(key="negotiation_message").body == (
        DEFAULTS["negotiation_message"].body
    )


def test_preview_renders_plain_texts_as_markdown_and_reports_errors(admin_client):
    url = "/admin/cases/wizardtext/preview/?key=tips_evidence"
    html = admin_client.post(url, {"body": "- **马上截**"}).content.decode()
    assert "<li><strong>马上截</strong></li>" in html
    html = admin_client.post(url, {"body": "{nonexistent}"}).content.decode()
    assert "不认识的占位符 {nonexistent}" in html and "这段文字现在不能保存" in html


def test_a_deleted_text_can_be_added_again_only_for_a_known_key(admin_client):
    assert admin_client.get("/admin/cases/wizardtext/add/").status_code == 403
    WizardText.objects.filter(key="tip_tone").delete()
    page = admin_client.get("/admin/cases/wizardtext/add/").content.decode()
    assert 'value="tip_tone"' in page and 'value="intro_appeal"' not in page
    refused = admin_client.post(
        "/admin/cases/wizardtext/add/",
        {"change_note": "测试", "key": "made_up", "label": "x", "body": "y"},
    )
    assert refused.status_code == 200 and not WizardText.objects.filter(key="made_up").exists()
    admin_client.post(
        "/admin/cases/wizardtext/add/",
        {"change_note": "测试", "key": "tip_tone", "label": "语气", "body": "- 别威胁"},
    )
    assert WizardText.objects.get(key="tip_tone").body == "- 别威胁"


def test_changelist_shows_who_changed_what_and_when(admin_client, staff_user):
    admin_client.post(
        _change_url("intro_appeal"),
        {"change_note": "测试", "label": "第 4 步 开头说明", "body": "新说明", "_save": "1"},
    )
    html = admin_client.get("/admin/cases/wizardtext/").content.decode()
    assert f'<td class="field-last_changed_by">{staff_user.username}</td>' in html
    assert html.count('class="field-last_changed_at') == len(DEFAULTS)


def test_history_of_a_non_numeric_id_is_404(admin_client):
    assert admin_client.get("/admin/cases/wizardtext/abc/history/").status_code == 404


def _stage(case, stage, status):
    StageState.objects.update_or_create(case=case, stage=stage, defaults={"status": status})


def test_stats_page_counts_cases_by_stage_status_and_outcome_without_contents(
    admin_client, make_case, user
):
    first = make_case(owner=user, product_name="秘密商品甲", order_number="ORDER-SECRET-1")
    second = make_case(owner=user, product_name="秘密商品乙", seller_id="seller-secret")
    third = make_case(session_key="s" * 32, product_name="秘密商品丙")
    _stage(first, "eligibility", "done")
    _stage(first, "evidence", "in_progress")
    _stage(second, "eligibility", "done")
    _stage(second, "evidence", "done")
    record_services.case_resolve(case=second, resolution="refunded")
    third.payment_method = "private"
    third.save()

    stats = case_statistics()
    rows = {row.stage: dict(row.counts) for row in stats.stages}
    assert stats.total == 3
    assert rows["eligibility"] == {"未开始": 1, "进行中": 0, "已完成": 2, "不适用": 0}
    assert rows["evidence"] == {"未开始": 1, "进行中": 1, "已完成": 1, "不适用": 0}
    # The resolved case's untouched stages and the private transfer's appeal are 不适用.
    assert rows["appeal"] == {"未开始": 1, "进行中": 0, "已完成": 0, "不适用": 2}
    assert rows["negotiation"] == {"未开始": 2, "进行中": 0, "已完成": 0, "不适用": 1}
    assert dict(stats.outcomes) == {"全额退款": 1, "部分退款": 0, "放弃": 0, "未结束": 2}

    response = admin_client.get(STATS_URL)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "一共 3 个案件" in html
    appeal_row = '<th scope="row">平台申诉</th><td>1</td><td>0</td><td>0</td><td>2</td></tr>'
    assert f'<tr data-stage="appeal">{appeal_row}' in html
    assert '<th scope="row">全额退款</th><td>1</td>' in html
    for secret in ("秘密商品", "ORDER-SECRET-1", "seller-secret", str(first.pk), user.username):
        assert secret not in html


def test_stats_query_count_does_not_grow_with_cases(admin_client, make_case, user):
    make_case(owner=user)
    with CaptureQueriesContext(connection) as small:
        admin_client.get(STATS_URL)
    for n in range(20):
        case = make_case(owner=user, product_name=f"点卡 {n}")
        _stage(case, "evidence", "done")
    with CaptureQueriesContext(connection) as large:
        admin_client.get(STATS_URL)
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    ("groups", "stored", "stage", "expected"),
    [
        ([], [], "eligibility", (0, 0, 0, 0)),
        ([CaseGroup("", "", 4)], [], "evidence", (4, 0, 0, 0)),
        (
            [CaseGroup("", "", 3)],
            [StoredStatus("", "", "evidence", "in_progress", 1)],
            "evidence",
            (2, 1, 0, 0),
        ),
        ([CaseGroup("", "private", 2)], [], "appeal", (0, 0, 0, 2)),
        (
            [CaseGroup("", "private", 2)],
            [StoredStatus("", "private", "appeal", "done", 1)],
            "appeal",
            (0, 0, 1, 1),
        ),
        ([CaseGroup("gave_up", "", 2)], [], "escalation", (0, 0, 0, 2)),
        (
            [CaseGroup("refunded", "", 2)],
            [StoredStatus("refunded", "", "negotiation", "in_progress", 1)],
            "negotiation",
            (0, 1, 0, 1),
        ),
    ],
)
def test_tally_counts_stage_statuses_as_the_task_list_shows_them(groups, stored, stage, expected):
    row = next(row for row in tally(groups, stored).stages if row.stage == stage)
    assert tuple(count for _, count in row.counts) == expected


def test_stats_page_is_for_staff_only(client, user_client):
    for visitor in (client, user_client):
        response = visitor.get(STATS_URL)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_admin_index_links_to_the_stats(admin_client):
    assert STATS_URL in admin_client.get("/admin/").content.decode()


def test_stats_page_keeps_its_address_and_url_name_on_the_editors_site(admin_client):
    assert reverse("admin:cases_stats") == STATS_URL
    assert admin_client.get(STATS_URL.rstrip("/"))["Location"] == STATS_URL
    assert admin_client.post(STATS_URL).status_code == 405
    html = admin_client.get(STATS_URL).content.decode()
    assert "<title>案件统计 | 卡盟退款指南编辑后台</title>" in html
    assert "卡盟退款指南 · 编辑后台" in html


@pytest.mark.parametrize(
    "label", ["cases.WizardText", "guide.GuidePart", "auth.User", "axes.AccessAttempt"]
)
def test_every_app_registers_its_models_on_the_editors_site(label):
    # config.apps.AdminConfig puts the editors' site behind admin.site, where apps register.
    assert isinstance(admin.site, EditorsAdminSite)
    assert admin.site.is_registered(apps.get_model(label))


@pytest.mark.parametrize(
    "model",
    [
        models.Case,
        models.StageState,
        models.EvidenceItem,
        models.CaseEvent,
        models.NegotiationAttempt,
        models.AppealRecord,
        models.EscalationRecord,
    ],
)
def test_buyers_records_are_not_browsable_in_the_admin(admin_client, model):
    assert not admin.site.is_registered(model)
    url = f"/admin/cases/{model._meta.model_name}/"
    assert admin_client.get(url).status_code == 404


def test_case_stays_out_of_the_admin_even_with_a_case_present(admin_client, case):
    add_event(case=case, message="秘密事件")
    html = admin_client.get("/admin/cases/").content.decode()
    assert "秘密事件" not in html and case.product_name not in html


def _row(stats, channel: str) -> dict[str, int]:
    return dict(next(row for row in stats.channels if row.channel == channel).counts)


def test_stats_count_cases_by_furthest_stage_and_latest_outcome_per_channel(
    admin_client, make_case, user
):
    now = timezone.now()
    quiet = make_case(owner=user, product_name="秘密商品甲")
    seller = make_case(owner=user, order_number="ORDER-SECRET-2")
    platform = make_case(owner=user, seller_id="seller-secret")
    outside = make_case(owner=user, product_name="秘密商品丁")
    _stage(quiet, "eligibility", "todo")
    _stage(seller, "eligibility", "done")
    _stage(seller, "negotiation", "in_progress")
    # Skipping a stage still counts the case at the last one it started.
    _stage(platform, "appeal", "done")
    _stage(outside, "evidence", "done")
    _stage(outside, "escalation", "in_progress")
    models.NegotiationAttempt.objects.create(
        case=seller, sent_at=now - timedelta(days=2), outcome="refused"
    )
    models.NegotiationAttempt.objects.create(case=seller, sent_at=now, outcome="refunded")
    models.AppealRecord.objects.create(case=platform, submitted_at=now, outcome="rejected")
    models.EscalationRecord.objects.create(
        case=outside, channel="12315", filed_on=date(2026, 3, 1), outcome="rejected"
    )
    models.EscalationRecord.objects.create(
        case=outside, channel="12315", filed_on=date(2026, 3, 9), outcome="resolved"
    )
    models.EscalationRecord.objects.create(
        case=outside, channel="police", filed_on=date(2026, 3, 2), outcome="pending"
    )

    stats = case_statistics()
    assert dict(stats.reached) == {
        "还没开始任何一步": 1,
        "退款资格": 0,
        "证据": 0,
        "协商": 1,
        "平台申诉": 1,
        "外部维权": 1,
    }
    # Only the latest attempt in a channel counts; every case is counted once per channel.
    negotiation = _row(stats, "negotiation")
    assert negotiation["已退款"] == 1 and negotiation["商家拒绝"] == 0
    assert negotiation["没有记录"] == 3
    assert _row(stats, "appeal")["申诉被驳回"] == 1
    assert _row(stats, "12315") == {"处理中": 0, "已解决": 1, "不予受理 / 无结果": 0, "没有记录": 3}
    assert _row(stats, "police")["处理中"] == 1
    assert _row(stats, "heimao")["没有记录"] == 4
    for row in stats.channels:
        assert sum(count for _, count in row.counts) == 4

    html = admin_client.get(STATS_URL).content.decode()
    assert '<tbody data-channel="12315">' in html
    assert '<th scope="row">协商</th><td>1</td>' in html
    assert "12315 消费投诉" in html and "公安机关报案" in html
    for secret in ("秘密商品", "ORDER-SECRET-2", "seller-secret", str(outside.pk)):
        assert secret not in html


@pytest.mark.parametrize(
    ("started", "expected"),
    [
        (frozenset(), "还没开始任何一步"),
        (frozenset({"eligibility"}), "退款资格"),
        (frozenset({"eligibility", "evidence", "negotiation"}), "协商"),
        (frozenset({"escalation"}), "外部维权"),
        (frozenset({"evidence", "appeal"}), "平台申诉"),
    ],
)
def test_furthest_stage_is_the_last_one_started(started, expected):
    counts = dict(furthest_stages([ReachedGroup(started, 3)]))
    assert counts[expected] == 3 and sum(counts.values()) == 3


def test_channel_outcomes_count_unlogged_and_ignore_unknown_codes():
    channels = [("appeal", "平台申诉", [("pending", "等待"), ("rejected", "驳回")])]
    groups = [
        OutcomeGroup((("appeal", "rejected"),), 2),
        OutcomeGroup((("appeal", None),), 5),
        OutcomeGroup((("appeal", "retired_code"),), 1),
    ]
    (row,) = channel_outcomes(groups, channels)
    assert row.counts == (("等待", 0), ("驳回", 2), ("没有记录", 5))


# Acceptance: an editor's change through the admin form reaches the wizard.


@pytest.mark.parametrize(
    ("key", "stage"),
    [
        ("intro_eligibility", "eligibility"),
        ("intro_evidence", "evidence"),
        ("intro_appeal", "appeal"),
        ("intro_negotiation", "negotiation"),
        ("intro_escalation", "escalation"),
    ],
)
def test_editor_changes_a_stage_intro_and_that_stage_shows_it(
    admin_client, user_client, case, key, stage
):
    old = DEFAULTS[key].body
    response = admin_client.post(
        _change_url(key),
        {"change_note": "测试", "label": DEFAULTS[key].label, "body": "编辑新写的**开头**。"},
    )
    assert response.status_code == 302
    html = user_client.get(f"/cases/{case.pk}/{stage}/").content.decode()
    assert "编辑新写的<strong>开头</strong>。" in html
    assert old.splitlines()[0] not in html


def test_editor_changes_the_appeal_statement_template_and_the_appeal_page_fills_it(
    admin_client, user_client, make_case, user
):
    case = make_case(owner=user, order_number="KM-77001", problems=["invalid_code"])
    body = "平台你好：订单{order_number}（{product_name}）出了问题，请介入处理。"
    response = admin_client.post(
        _change_url("appeal_statement"),
        {"change_note": "测试", "label": "申诉说明模板", "body": body},
    )
    assert response.status_code == 302
    html = user_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert "平台你好：订单 KM-77001（王者荣耀 100 元点卡）出了问题，请介入处理。" in html
    assert DEFAULTS["appeal_statement"].body.splitlines()[1] not in html


def test_editor_changes_the_negotiation_message_template_and_the_message_follows_it(
    admin_client, user_client, make_case, user
):
    case = make_case(owner=user, order_number="KM-77002", problems=["invalid_code"])
    body = "卖家你好：订单{order_number}（{product_name}）的卡密无效，请在{deadline}前退款。"
    response = admin_client.post(
        _change_url("negotiation_message"),
        {"change_note": "测试", "label": "协商消息模板", "body": body},
    )
    assert response.status_code == 302
    html = user_client.get(f"/cases/{case.pk}/negotiation/").content.decode()
    assert "卖家你好：订单 KM-77002（王者荣耀 100 元点卡）的卡密无效，请在" in html
    assert DEFAULTS["negotiation_message"].body.splitlines()[0] not in html


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("请在{nonexistent}前处理，订单号{order_number}。", "不认识的占位符 {nonexistent}"),
        ("订单号{order_number，请处理。", "占位符 {order_number 少了右边的 }"),
        ("订单号{order_number!r}", "占位符 {order_number!r} 的写法不对"),
    ],
)
def test_a_message_template_with_a_bad_placeholder_is_refused_naming_it(
    admin_client, user_client, make_case, user, typed, named
):
    response = admin_client.post(
        _change_url("appeal_statement"),
        {"change_note": "测试", "label": "申诉说明模板", "body": typed},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert named in html and 'class="errorlist' in html
    assert typed in html  # what the editor typed stays in the form
    row = WizardText.objects.get(key="appeal_statement")
    assert row.body == DEFAULTS["appeal_statement"].body and row.history.count() == 1
    case = make_case(owner=user, order_number="KM-77002")
    page = user_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert "请平台介入" in page and "nonexistent" not in page


def test_a_text_without_a_row_is_listed_and_added_from_its_default(admin_client, user_client, case):
    # As for a key added to DEFAULTS after the seed migration ran on this database.
    WizardText.objects.filter(key="escalation_heimao_privacy").delete()
    page = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    assert "手机号、身份证号和卡密" in page
    changelist = admin_client.get("/admin/cases/wizardtext/").content.decode()
    add_url = "/admin/cases/wizardtext/add/?key=escalation_heimao_privacy"
    assert f'href="{add_url}"' in changelist
    assert DEFAULTS["escalation_heimao_privacy"].label in changelist
    form = admin_client.get(add_url).content.decode()
    assert "黑猫投诉是公开的" in form
    admin_client.post(
        "/admin/cases/wizardtext/add/",
        {
            "change_note": "测试",
            "key": "escalation_heimao_privacy",
            "label": "隐私提醒",
            "body": "**全部打码**再发。",
        },
    )
    page = user_client.get(f"/cases/{case.pk}/escalation/").content.decode()
    assert "<strong>全部打码</strong>再发。" in page
    changelist = admin_client.get("/admin/cases/wizardtext/").content.decode()
    assert "还没有保存过的文字" not in changelist


# Issue 16: a text is edited as a chapter is — Chinese placeholders, notes, history, defaults.


def _visible(response) -> str:
    return re.sub(r"<[^>]+>", "", response.content.decode())


def test_every_save_of_a_text_asks_for_a_note_and_the_history_keeps_it(admin_client, staff_user):
    url = _change_url("intro_appeal")
    refused = admin_client.post(url, {"label": "第 4 步 开头说明", "body": "新的开头。"})
    assert refused.status_code == 200 and "这个字段是必填项" in refused.content.decode()
    admin_client.post(
        url, {"label": "第 4 步 开头说明", "body": "新的开头。", "change_note": "开头写短"}
    )
    row = WizardText.objects.get(key="intro_appeal")
    assert row.body == "新的开头。" and row.history.first().history_change_reason == "开头写短"
    history = admin_client.get(f"/admin/cases/wizardtext/{row.pk}/history/")
    newest = history.content.decode().split('class="kr-history__entry"')[1]
    assert f"{staff_user.username}修改" in newest and "修改说明：开头写短" in newest
    assert '<span class="kr-diff__tag">改成</span><ins>新的开头。</ins>' in newest


def test_placeholders_are_written_and_read_by_their_chinese_names(admin_client, user_client, case):
    typed = "订单号{订单号}，请退 {金额}。"
    response = admin_client.post(
        _change_url("appeal_statement"),
        {"label": "申诉说明模板", "body": typed, "change_note": "改短"},
    )
    assert response.status_code == 302
    row = WizardText.objects.get(key="appeal_statement")
    assert row.body == "订单号{order_number}，请退 {amount}。"  # the wizard's own names, stored
    form = admin_client.get(_change_url("appeal_statement")).content.decode()
    assert f">\n{typed}</textarea>" in form
    history = admin_client.get(f"/admin/cases/wizardtext/{row.pk}/history/").content.decode()
    assert "{订单号}" in history and "{order_number}" not in history
    case.order_number = "KM-1"
    case.save()
    page = user_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert "订单号 KM-1，请退" in page


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("订单{订单}。", "不认识的占位符 {订单}。可以用的有：{商品名称}、{平台名称}、{订单号}"),
        ("请退 {金额}元。", "{金额} 已经带“元”，不用再写“元”。"),
        ("期限是 {处理期限}前。", None),
    ],
)
def test_a_wrong_placeholder_is_caught_on_preview_and_on_save(admin_client, typed, named):
    preview = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=negotiation_message",
        {"body": typed},
        headers={"HX-Request": "true"},
    ).content.decode()
    saved = admin_client.post(
        _change_url("negotiation_message"),
        {"label": "协商消息模板", "body": typed, "change_note": "试试"},
    )
    if named is None:
        assert "不能保存" not in preview and saved.status_code == 302
        return
    assert "这段文字现在不能保存" in preview and escape(named) in preview
    assert saved.status_code == 200 and escape(named) in saved.content.decode()
    assert WizardText.objects.get(key="negotiation_message").body == (
        DEFAULTS["negotiation_message"].body
    )


def test_the_live_preview_is_the_pane_alone_filled_for_the_sample_case(admin_client):
    response = admin_client.post(
        "/admin/cases/wizardtext/preview/?key=negotiation_message",
        {"body": "订单号{订单号}"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html and f"订单号 {SAMPLE_CASE.order_number}" in html
    assert "<td>{订单号}</td>" in html and "no-store" in response["Cache-Control"]


def test_the_change_form_offers_each_placeholder_by_its_meaning(admin_client):
    template = admin_client.get(_change_url("negotiation_message")).content.decode()
    assert 'data-kr-insert="{订单号}"' in template
    assert 'title="买家在第 2 步「证据」的交易记录里填写"' in template
    assert 'hx-post="/admin/cases/wizardtext/preview/?key=negotiation_message"' in template
    intro = admin_client.get(_change_url("intro_escalation")).content.decode()
    # An intro is not filled from a case: only the operator's amounts are offered.
    assert 'data-kr-insert="{建议报警的金额}"' in intro
    assert 'data-kr-insert="{订单号}"' not in intro


def test_restoring_the_default_shows_it_and_what_changes_then_puts_it_back(admin_client):
    url = _change_url("tip_tone")
    admin_client.post(url, {"label": "语气", "body": "- 别威胁。", "change_note": "缩短"})
    row = WizardText.objects.get(key="tip_tone")
    form = admin_client.get(url).content.decode()
    assert "恢复默认文字…" in form and DEFAULTS["tip_tone"].body.splitlines()[0] in form

    default_url = f"/admin/cases/wizardtext/{row.pk}/default/"
    text = _visible(admin_client.get(default_url))
    assert "现在- 别威胁。" in text and "默认文字在向导里的样子" in text
    response = admin_client.post(default_url, {"change_note": "恢复默认文字"})
    assert response["Location"] == f"/admin/cases/wizardtext/{row.pk}/history/"
    row.refresh_from_db()
    assert (row.label, row.body) == (DEFAULTS["tip_tone"].label, DEFAULTS["tip_tone"].body)
    assert row.history.first().history_change_reason == "恢复默认文字"
    assert "现在用的就是默认文字" in admin_client.get(default_url).content.decode()


def test_texts_are_never_deleted_only_restored(admin_client):
    row = WizardText.objects.get(key="tip_tone")
    form = admin_client.get(_change_url("tip_tone")).content.decode()
    assert "deletelink" not in form
    assert admin_client.get(f"/admin/cases/wizardtext/{row.pk}/delete/").status_code == 403
    changelist = admin_client.get("/admin/cases/wizardtext/").content.decode()
    assert "delete_selected" not in changelist


def test_a_text_reverts_to_an_earlier_version_with_a_note(admin_client):
    url = _change_url("intro_negotiation")
    admin_client.post(url, {"label": "第 3 步", "body": "先协商。", "change_note": "缩短"})
    row = WizardText.objects.get(key="intro_negotiation")
    seeded = row.history.order_by("history_date", "history_id").first()
    revert = f"/admin/cases/wizardtext/{row.pk}/history/{seeded.history_id}/"
    text = _visible(admin_client.get(revert))
    assert "现在先协商。" in text and "修改说明（只有编辑能看到）" in text
    admin_client.post(revert, {"change_note": "还是原来的好"})
    row.refresh_from_db()
    assert row.body == DEFAULTS["intro_negotiation"].body
    assert row.history.first().history_change_reason == "还是原来的好"
