"""Editor-owned wizard guidance: the default texts and the placeholder rules for templates.

Every advisory text the wizard shows has a key here. Editors change the body in
the admin (cases.WizardText); a key with no row falls back to the default below,
so the wizard never shows a blank where advice belongs.

Templates use {name} placeholders. They are filled by plain substitution, never
by str.format, so editor text cannot reach attributes or format specs.
"""

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

# Every placeholder a template may use, with the name a buyer or editor reads.
PLACEHOLDERS: dict[str, str] = {
    "product_name": "商品名称",
    "platform_name": "平台名称",
    "order_number": "订单号",
    "seller_id": "商家ID",
    "amount": "金额",
    "ordered_at": "下单时间",
    "promised_delivery": "承诺的发货时间",
    "problem": "遇到的问题",
    "rule_name": "平台规则名称",
    "rule_promise": "规则的承诺",
    "deadline": "处理期限",
}

MISSING_MARK = "【待补充：{label}】"
_NAME = re.compile(r"[a-z_]+")
# "{{" and "}}" are literal braces, as in str.format; anything else in braces is a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")


@dataclass(frozen=True)
class Guidance:
    key: str
    label: str
    body: str
    is_template: bool = False


# The seeded texts. The data migration copies them into WizardText; editors own them after.
DEFAULTS: dict[str, Guidance] = {
    entry.key: entry
    for entry in [
        # Stage intros
        Guidance("intro_eligibility", "第 1 步 开头说明", "回答几个问题，看看这笔钱能不能要回来。"),
        Guidance(
            "intro_evidence",
            "第 2 步 开头说明",
            "把证据按三类整理好：交易记录、沟通记录、商品失效证明。",
        ),
        Guidance(
            "intro_negotiation",
            "第 3 步 开头说明",
            "申诉前先和商家协商：大多数平台要求先协商、再申诉。",
        ),
        Guidance("intro_appeal", "第 4 步 开头说明", "商家拒绝或拖延时，尽快向平台客服申诉。"),
        Guidance(
            "intro_escalation", "第 5 步 开头说明", "平台申诉失败或结果不合理时，再考虑外部渠道。"
        ),
        # Tips
        Guidance(
            "tips_evidence", "证据提示", "发现问题马上截图，截完整；商家拖延时不要删聊天记录。"
        ),
        Guidance("tip_tone", "协商语气提示", "不要威胁商家（比如“不退款就给差评”）。"),
        # Message and statement templates
        Guidance(
            "negotiation_message",
            "协商消息模板（三步法）",
            "你好，我在贵店购买了{product_name}，订单号{order_number}。{problem}，请核实处理。\n"
            "根据平台《{rule_name}》，{rule_promise}。\n"
            "请在{deadline}前处理，否则我将向平台申诉。",
            is_template=True,
        ),
        Guidance(
            "negotiation_reply_issued",
            "回复“卡密已发放，无法回收”",
            "请提供这笔订单的发货记录和卡密的唯一标识。",
            is_template=True,
        ),
        Guidance(
            "appeal_statement",
            "申诉说明模板",
            "订单号{order_number}：{problem}。商家至今没有处理，平台规定的退款时限已过，"
            "请平台介入并退款。",
            is_template=True,
        ),
        # end of DEFAULTS
    ]
}


def template_errors(text: str) -> list[str]:
    """Return what is wrong with a template's placeholders, in Chinese; empty when it is fine."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return ["花括号没有成对：占位符要写成 {order_number} 这样，单独的 { 或 } 不能用。"]
    errors: list[str] = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        shown = (
            "{"
            + field
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if field == "":
            errors.append("有一对空的花括号 {}：请写上占位符的名字，例如 {order_number}。")
        elif spec or conversion or not _NAME.fullmatch(field):
            errors.append(f"占位符 {shown} 的写法不对：只能写 {{名字}}，名字见下方列表。")
        elif field not in PLACEHOLDERS:
            errors.append(f"不认识的占位符 {shown}。可以用的有：{known_placeholders()}。")
    return errors


def known_placeholders() -> str:
    """Return the allowed placeholders as one line for help texts and error messages."""
    return "、".join(f"{{{name}}}（{label}）" for name, label in PLACEHOLDERS.items())


def placeholders_in(text: str) -> list[str]:
    """Return the placeholder names a valid template uses, in order, without repeats."""
    return list(dict.fromkeys(m.group(1) for m in _TOKEN.finditer(text) if m.group(1)))


def fill(text: str, values: Mapping[str, object]) -> str:
    """Return the template with each placeholder replaced; an empty value shows a 待补充 mark."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = values.get(name)
        if value is None or str(value).strip() == "":
            return MISSING_MARK.format(label=PLACEHOLDERS[name])
        return str(value)

    return _TOKEN.sub(replace, text)


def missing_values(text: str, values: Mapping[str, object]) -> list[str]:
    """Return the labels of placeholders the template uses but the values leave empty."""
    return [
        PLACEHOLDERS[name]
        for name in placeholders_in(text)
        if name in PLACEHOLDERS and str(values.get(name) or "").strip() == ""
    ]
