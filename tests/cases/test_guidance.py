"""Editor-owned wizard guidance: placeholder rules, the defaults, the seed and the filter."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as real_apps
from django.template import Context, Template

from cases.models import WizardText
from cases.templatetags import guidance as guidance_tags
from cases.texts.defaults import DEFAULTS
from cases.texts.placeholders import (
    PLACEHOLDERS,
    SITE_PLACEHOLDERS,
    fill,
    missing_values,
    placeholders_in,
    template_errors,
)
from tests.editors import editor_saves_text

seed_migration = importlib.import_module("cases.migrations.0002_wizard_texts")
threshold_migration = importlib.import_module("cases.migrations.0004_appeal_private_threshold")
hints_migration = importlib.import_module("cases.migrations.0005_next_step_hints")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请在{deadline}前处理。", None),
        ("订单号{order_number}，{{literal}} 原样显示。", None),
        ("没有占位符的普通说明。", None),
        ("超过 {police_threshold} 可以报警，{small_claim_limit} 以下留在平台。", None),
        ("{nonexistent}", "不认识的占位符 {nonexistent}"),
        ("{order_number:>9}", "占位符 {order_number:>9} 的写法不对"),
        ("{order_number!r}", "占位符 {order_number!r} 的写法不对"),
        ("{a.b}", "占位符 {a.b} 的写法不对"),
        ("{product_name.__class__}", "的写法不对"),
        ("{0}", "占位符 {0} 的写法不对"),
        ("{}", "有一对空的花括号 {}"),
        ("单独的 { 不行", "花括号没有成对"),
        ("单独的 } 也不行", "花括号没有成对"),
        ("{order_number", "占位符 {order_number 少了右边的 }。应该是 {order_number}？"),
        ("请在{deadline前处理", "占位符 {deadline 少了右边的 }"),
        ("请在{whatever前处理", "占位符 {whatever 少了右边的 }。占位符要写成"),
        ("单独的 { 不行", "“单独的 { 不行”里有一个单独的 {"),
        ("订单号 } 结尾", "“订单号 } 结尾”里有一个单独的 }"),
        ("{[}", "占位符 {[} 的写法不对"),
        ("{a!}", "占位符 {a!} 的写法不对"),
    ],
)
def test_template_errors(text, expected):
    errors = template_errors(text)
    if expected is None:
        assert errors == []
    else:
        assert len(errors) == 1 and expected in errors[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The value already ends in its unit ("100 元", "全额退款 100 元", "500 元").
        ("退款 {amount} 元", ["{amount} 已经带“元”，不用再写“元”。"]),
        ("退款{amount}元。", ["{amount} 已经带“元”，不用再写“元”。"]),
        ("退{amount}\u3000块钱", ["{amount} 已经带“元”，不用再写“块”。"]),
        ("¥{amount}", ["{amount} 已经带“元”，不用再写“¥”。"]),
        ("我的要求是{request} 元", ["{request} 已经带“元”，不用再写“元”。"]),
        ("超过 {police_threshold} 元", ["{police_threshold} 已经带“元”，不用再写“元”。"]),
        ("不到 {small_claim_limit}元", ["{small_claim_limit} 已经带“元”，不用再写“元”。"]),
        ("{amount} 元，{amount} 元", ["{amount} 已经带“元”，不用再写“元”。"] * 2),
        ("{amount}", []),
        ("{amount}，", []),
        ("元{amount}", []),
        ("{amount}\n元旦前处理", []),
        ("{amount}{{元}}", []),
        # Dates carry the day and the time ("2026年11月25日 17:00").
        ("请在 {deadline} 17:00 前处理", ["{deadline} 已经带日期和时间"]),
        ("请在{deadline}5点前处理", ["{deadline} 已经带日期和时间"]),
        ("{ordered_at}号下单", ["{ordered_at} 已经带日期和时间"]),
        ("请在 {deadline} 前处理", []),
        ("到{deadline}时还没处理", []),
    ],
)
def test_a_placeholder_followed_by_the_unit_it_carries_is_refused(text, expected):
    errors = template_errors(text)
    assert len(errors) == len(expected)
    for error, start in zip(errors, expected, strict=True):
        assert error.startswith(start)


def test_a_site_threshold_with_its_unit_again_is_refused_in_an_intro_too():
    assert template_errors("超过 {police_threshold}元可以报警。", case_values=False) == [
        "{police_threshold} 已经带“元”，不用再写“元”。"
    ]
    # A case placeholder an intro may not use is refused once, not told about its unit too.
    assert len(template_errors("退款 {amount} 元", case_values=False)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("超过 {police_threshold} 可以报警。", None),
        ("{{字面的花括号}}", None),
        ("订单{order_number}", "{order_number}（订单号）只能用在消息模板里"),
        ("{nonexistent}", "不认识的占位符 {nonexistent}"),
    ],
)
def test_intros_and_tips_may_use_only_the_site_placeholders(text, expected):
    errors = template_errors(text, case_values=False)
    if expected is None:
        assert errors == []
    else:
        assert len(errors) == 1 and expected in errors[0]
        assert "{police_threshold}" in errors[0] and "{deadline}" not in errors[0]


def test_unknown_placeholder_message_lists_the_allowed_ones():
    (error,) = template_errors("{nonexistent}")
    assert "{order_number}（订单号）" in error and "{deadline}（处理期限）" in error


@pytest.mark.parametrize(
    ("text", "values", "filled", "missing"),
    [
        # A Latin letter or digit meeting a Chinese character gets a space; nothing else does.
        ("订单号{order_number}", {"order_number": "A1"}, "订单号 A1", []),
        ("{order_number}号", {"order_number": "A1"}, "A1 号", []),
        ("订单号：{order_number}。", {"order_number": "A1"}, "订单号：A1。", []),
        ("买了{product_name}", {"product_name": "点卡"}, "买了点卡", []),
        ("订单号{order_number}", {}, "订单号【待补充：订单号】", ["订单号"]),
        ("订单号{order_number}", {"order_number": "  "}, "订单号【待补充：订单号】", ["订单号"]),
        ("退款{amount}", {"amount": "0 元"}, "退款 0 元", []),
        ("{{order_number}} 是占位符", {"order_number": "A1"}, "{order_number} 是占位符", []),
        ("{deadline}{deadline}", {}, "【待补充：处理期限】" * 2, ["处理期限"]),
        ("{problem}：{deadline}", {"problem": "无效"}, "无效：【待补充：处理期限】", ["处理期限"]),
        # A value is inserted as typed, never formatted again.
        ("{problem}", {"problem": "{order_number}"}, "{order_number}", []),
    ],
)
def test_fill_and_missing_values(text, values, filled, missing):
    assert fill(text, values) == filled
    assert missing_values(text, values) == missing


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_default_text_is_valid(key):
    entry = DEFAULTS[key]
    assert entry.body.strip() and entry.label.strip()
    assert template_errors(entry.body, case_values=entry.is_template) == []
    assert set(placeholders_in(entry.body)) <= set(PLACEHOLDERS) | set(SITE_PLACEHOLDERS)


def test_negotiation_message_follows_the_three_steps():
    body = DEFAULTS["negotiation_message"].body
    problem, rule, deadline = body.split("\n")
    assert "{product_name}" in problem and "{order_number}" in problem and "{problem}" in problem
    assert "{rule_name}" in rule and "{rule_promise}" in rule
    assert "{request}" in deadline and "{deadline}" in deadline and "否则{next_step}" in deadline
    assert "差评" not in body


def test_reply_to_code_already_issued_asks_for_the_log_and_explains_a_missing_one():
    body = DEFAULTS["negotiation_reply_issued"].body
    assert "发货记录" in body and "唯一标识" in body
    assert "发货日志" in body and "虚假发货" in body


def test_appeal_statement_asks_the_platform_to_step_in():
    body = DEFAULTS["appeal_statement"].body
    assert "{order_number}" in body and "{problem}" in body
    assert "请平台介入" in body and "{seller_reply}" in body and "{request}" in body
    # No rule the buyer did not enter, no claim the seller never acted.
    assert "退款时限" not in body and "没有处理" not in body


def test_evidence_tips_are_a_list_of_four():
    body = DEFAULTS["tips_evidence"].body
    assert body.count("\n- ") == 3 and body.startswith("- ")
    assert "状态栏的时间" in body and "录屏" in body and "区块链存证" in body


def test_migration_seeded_every_default_key_with_history(db):
    rows = dict(WizardText.objects.values_list("key", "body"))
    assert set(DEFAULTS) <= set(rows)
    for key, entry in DEFAULTS.items():
        assert rows[key] == entry.body
        first = WizardText.objects.get(key=key).history.earliest()
        assert first.history_type == "+" and first.body == entry.body


def test_seeding_again_keeps_an_editors_text_and_adds_only_missing_keys(db):
    editor_saves_text("intro_appeal", "编辑写的申诉说明")
    WizardText.objects.filter(key="tip_tone").delete()
    seed_migration.seed_wizard_texts(real_apps, None)
    assert WizardText.objects.get(key="intro_appeal").body == "编辑写的申诉说明"
    assert WizardText.objects.get(key="tip_tone").body == DEFAULTS["tip_tone"].body
    assert WizardText.objects.filter(key__in=list(DEFAULTS)).count() == len(DEFAULTS)


def test_hints_migration_adds_the_missing_hints_and_keeps_an_editors_rows(db):
    # A database seeded before the hints existed: no next_* rows yet.
    WizardText.objects.filter(key__in=hints_migration.KEYS).delete()
    editor_saves_text("intro_appeal", "编辑写的申诉说明")
    hints_migration.seeding.seed_wizard_texts(real_apps, None)
    for key in hints_migration.KEYS:
        row = WizardText.objects.get(key=key)
        assert row.body == DEFAULTS[key].body
        assert row.history.earliest().history_type == "+"
    assert WizardText.objects.get(key="intro_appeal").body == "编辑写的申诉说明"
    hints_migration.remove_hints(real_apps, None)
    assert not WizardText.objects.filter(key__in=hints_migration.KEYS).exists()
    assert WizardText.objects.filter(key="intro_appeal").exists()


def test_unseeding_removes_the_default_rows(db):
    seed_migration.unseed_wizard_texts(real_apps, None)
    assert not WizardText.objects.filter(key__in=list(DEFAULTS)).exists()
    assert not WizardText.history.filter(history_type="+", key__in=list(DEFAULTS)).exists()


def _render(source: str, **context) -> str:
    return Template("{% load guidance %}" + source).render(Context(context))


def test_guidance_filter_renders_markdown_and_strips_anything_unsafe():
    html = _render(
        "{{ text|guidance }}",
        text="- **加粗**\n- <script>alert(1)</script>[链接](javascript:alert(1))",
    )
    assert "<ul>" in html and "<strong>加粗</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_guidance_filter_renders_nothing_for_a_missing_text():
    assert _render("[{{ texts.nonexistent|guidance }}]", texts={}) == "[]"


def test_guidance_filter_renders_each_text_once(monkeypatch):
    calls = []
    real = guidance_tags.render_markdown

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(guidance_tags, "render_markdown", counting)
    guidance_tags.guidance_html.cache_clear()
    for _ in range(3):
        _render("{{ text|guidance }}", text="只渲染一次的说明")
    _render("{{ text|guidance }}", text="改过的说明")
    assert calls == ["只渲染一次的说明", "改过的说明"]
    guidance_tags.guidance_html.cache_clear()


def test_eligibility_page_shows_the_editors_intro(user_client, case):
    editor_saves_text("intro_eligibility", "编辑改过的**第一步说明**")
    html = user_client.get(f"/cases/{case.pk}/eligibility/").content.decode()
    assert "编辑改过的<strong>第一步说明</strong>" in html
    assert "回答下面几个问题" not in html


def test_evidence_page_shows_the_editors_tips_and_checklist_hints(user_client, case):
    editor_saves_text("tips_evidence", "- 编辑改过的贴士")
    editor_saves_text("evidence_hint_failure", "编辑改过的失效证明说明")
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert "<li>编辑改过的贴士</li>" in html and "状态栏的时间" not in html
    assert "编辑改过的失效证明说明" in html
    assert DEFAULTS["evidence_hint_other"].body in html


def test_stage_pages_fall_back_to_the_default_when_a_row_is_missing(user_client, case):
    WizardText.objects.filter(key="intro_evidence").delete()
    html = user_client.get(f"/cases/{case.pk}/evidence/").content.decode()
    assert DEFAULTS["intro_evidence"].body in html


# The operator's thresholds: every text can name them, none states a stale number.


def test_site_placeholders_follow_the_settings(settings):
    settings.POLICE_AMOUNT_THRESHOLD = Decimal("1000")
    settings.SMALL_CLAIM_LIMIT = Decimal("50.50")
    text = "超过 {police_threshold} 报警；{small_claim_limit} 以下留在平台。{order_number}"
    assert fill(text, {}) == "超过 1000 元 报警；50.50 元 以下留在平台。【待补充：订单号】"
    assert missing_values(text, {}) == ["订单号"]
    html = Template("{% load guidance %}{{ text|guidance }}").render(Context({"text": text}))
    assert "超过 1000 元 报警；50.50 元 以下留在平台。{order_number}" in html


def test_private_transfer_note_names_the_operators_police_threshold(user_client, case, settings):
    settings.POLICE_AMOUNT_THRESHOLD = Decimal("800")
    case.payment_method = "private"
    case.save()
    html = user_client.get(f"/cases/{case.pk}/appeal/").content.decode()
    assert "金额超过 800 元，或者有诈骗迹象的" in html
    assert "500 元" not in html and "{police_threshold}" not in html


def test_threshold_migration_replaces_only_the_seeded_wording(db):
    row = WizardText.objects.get(key="appeal_private")
    row.body = threshold_migration.SEEDED
    row.save()
    threshold_migration.use_placeholder(real_apps, None)
    row.refresh_from_db()
    assert row.body == DEFAULTS["appeal_private"].body and "{police_threshold}" in row.body
    latest = row.history.latest()
    assert latest.history_type == "~" and latest.history_change_reason == threshold_migration.REASON

    threshold_migration.use_number(real_apps, None)
    row.refresh_from_db()
    assert row.body == threshold_migration.SEEDED

    row.body = "编辑自己写的说明：超过 500 元可以报警。"
    row.save()
    threshold_migration.use_placeholder(real_apps, None)
    row.refresh_from_db()
    assert row.body == "编辑自己写的说明：超过 500 元可以报警。"
