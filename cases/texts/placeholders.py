"""Placeholders in editor-owned texts: which exist, how a text is checked, how it is filled.

Templates use {name} placeholders. They are filled by plain substitution, never
by str.format, so editor text cannot reach attributes or format specs. The
thresholds an operator sets ({police_threshold}, {small_claim_limit}) can be
used in every text, so no text states a number the rules no longer use.

string.Template would parse $name; our editors write {name} with {{ and }} for
literal braces, and string.Template maps every escape back to its one delimiter,
so "}}" could not become "}". The small parser below also names each malformed
brace in Chinese, which Template.is_valid() cannot.
"""

import re
import string
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings

from cases import wording
from cases.choices import Stage

# Every placeholder a template may use, with the name a buyer or editor reads.
PLACEHOLDERS: dict[str, str] = {
    "product_name": "商品名称",
    "platform_name": "平台名称",
    "order_number": "订单号",
    "transfer_number": "转账单号",
    "seller_id": "商家ID",
    "amount": "金额",
    "ordered_at": "下单时间",
    "promised_delivery": "承诺的发货时间",
    "problem": "遇到的问题",
    "rule_name": "平台规则名称",
    "rule_promise": "规则的承诺",
    "deadline": "处理期限",
    "request": "你的要求",
    "favour": "想请商家通融的事",
    "seller_reply": "商家的答复",
    "next_step": "之后的做法",
    "first_use": "卡密最早被使用的记录",
    "law": "依据的法律",
    "last_contact": "上次联系商家的经过",
    "platform_check": "请平台核实的事",
}
# Placeholders a text can do without: a line whose optional value is empty is left out
# whole, so no text cites a rule the buyer did not enter or a reply that never came.
# A private transfer's number too: a chat with the seller reads fine without it.
OPTIONAL = frozenset(
    {"rule_name", "rule_promise", "seller_reply", "first_use", "law", "transfer_number"}
)

# Where the buyer fills in each placeholder: a stage of the case, or a field of the
# negotiation page (the rule and the deadline are chosen there, not stored on the case).
FILL_AT = {
    "product_name": "evidence",
    "platform_name": "evidence",
    "order_number": "evidence",
    "transfer_number": "evidence",
    "seller_id": "evidence",
    "amount": "evidence",
    "ordered_at": "evidence",
    "promised_delivery": "eligibility",
    "problem": "eligibility",
    "rule_name": "rule",
    "rule_promise": "rule",
    "deadline": "deadline",
    "request": "eligibility",
    "seller_reply": "negotiation",
    "first_use": "eligibility",
}

# The same places in words, for "fill this in at …" next to a 待补充 mark.
FILL_PLACES = {
    "eligibility": f"第 1 步「{Stage.ELIGIBILITY.label}」",
    "evidence": f"第 2 步「{Stage.EVIDENCE.label}」的交易记录",
    "negotiation": f"第 3 步「{Stage.NEGOTIATION.label}」的协商记录",
    "rule": "上面“期限和平台规则”里的“引用平台规则吗？”",
    "deadline": "上面“期限和平台规则”里的“给商家的处理期限”",
}

# Values of the site, not of a case: the operator's thresholds (settings), in every text.
SITE_PLACEHOLDERS: dict[str, str] = {
    "police_threshold": "建议报警的金额（运营设置）",
    "small_claim_limit": "小额纠纷的金额上限（运营设置）",
}


def site_values() -> dict[str, str]:
    """Return the site placeholders' values from the settings: {"police_threshold": "500 元"}."""
    return {
        "police_threshold": wording.amount(Decimal(settings.POLICE_AMOUNT_THRESHOLD)),
        "small_claim_limit": wording.amount(Decimal(settings.SMALL_CLAIM_LIMIT)),
    }


def fill_site_values(text: str) -> str:
    """Put the operator's thresholds into an advisory (Markdown) text; {{ and }} become braces."""
    if "{" not in text and "}" not in text:
        return text  # Most texts: nothing to fill, no settings to format.
    site = site_values()

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        return site.get(name, match.group(0))

    return _TOKEN.sub(replace, text)


_NAME = re.compile(r"[a-z_]+")
# "{{" and "}}" are literal braces, as in str.format; anything else in braces is a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")


def template_errors(text: str, *, case_values: bool = True) -> list[str]:
    """Return what is wrong with a text's placeholders, in Chinese; empty when it is fine.

    Only message templates are filled with a case's values; in an intro or a tip
    (case_values=False) a case placeholder would reach the buyer as raw braces.
    """
    errors = _brace_errors(text)
    if errors:
        return errors
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        # Paired braces str.format still refuses, such as {[} or {a!}: name each one.
        wrong = [m.group(0) for m in re.finditer(r"\{[^{}]*\}", text)]
        wrong = [w for w in wrong if not _NAME.fullmatch(w[1:-1])] or ["{…}"]
        return [f"占位符 {w} 的写法不对：只能写 {{名字}}，名字见下方列表。" for w in wrong]
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
        elif field not in PLACEHOLDERS and field not in SITE_PLACEHOLDERS:
            allowed = known_placeholders() if case_values else known_placeholders(SITE_PLACEHOLDERS)
            errors.append(f"不认识的占位符 {shown}。可以用的有：{allowed}。")
        elif field in PLACEHOLDERS and not case_values:
            errors.append(
                f"占位符 {shown}（{PLACEHOLDERS[field]}）只能用在消息模板里："
                "说明和小贴士不按案件填写，买家会看到原样的花括号。"
                f"这里可以用的只有：{known_placeholders(SITE_PLACEHOLDERS)}。"
            )
    # A placeholder refused above is not told about its unit as well.
    usable = PLACEHOLDERS | SITE_PLACEHOLDERS if case_values else SITE_PLACEHOLDERS
    return errors + _unit_errors(text, usable)


class _Unit(NamedTuple):
    """What a placeholder's value already carries, and how an editor might write it again."""

    carried: str
    after: re.Pattern  # matched right after the placeholder
    before: re.Pattern | None = None  # searched right before it


_YUAN = _Unit(
    "“元”",
    after=re.compile(r"[ \t\u3000]*(元|块|圆|人民币)"),
    before=re.compile(r"(¥|￥)[ \t\u3000]*$"),
)
_MOMENT = _Unit(
    "日期和时间（像 2026年11月25日 17:00 这样）",
    after=re.compile(r"[ \t\u3000]*(\d{1,2}[:：]\d{2}|\d{1,2}[点时]|[日号点])"),
)
# Values written by wording.amount and wording.moment carry their unit: an editor's natural
# "退款 {amount} 元" would reach the buyer as "100 元 元". {request} ends "全额退款 100 元".
CARRIED_UNITS = {
    "amount": _YUAN,
    "request": _YUAN,
    "police_threshold": _YUAN,
    "small_claim_limit": _YUAN,
    "ordered_at": _MOMENT,
    "deadline": _MOMENT,
}


def _unit_errors(text: str, usable: Mapping[str, str]) -> list[str]:
    """Return one message per placeholder written with the unit its value already carries."""
    errors = []
    for match in _TOKEN.finditer(text):
        name = match.group(1)
        if name not in CARRIED_UNITS or name not in usable:
            continue
        unit = CARRIED_UNITS[name]
        ahead = unit.before.search(text, 0, match.start()) if unit.before else None
        again = unit.after.match(text, match.end())
        for written in (found.group(1) for found in (ahead, again) if found):
            errors.append(f"{{{name}}} 已经带{unit.carried}，不用再写“{written}”。")
    return errors


_BRACE_RULE = "占位符要写成 {order_number} 这样；要显示花括号本身，写成 {{ 或 }}。"
# What follows an opening brace up to where a placeholder name must have ended.
_OPENED = re.compile(r"\{[A-Za-z0-9_.!:\[\]>]*")


def _near(text: str, index: int) -> str:
    """Return the few characters around index, on one line, to show where a brace is."""
    return " ".join(text[max(0, index - 12) : index + 13].split())


def _brace_errors(text: str) -> list[str]:
    """Return one message per unpaired brace, naming what was written there."""
    errors: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith(("{{", "}}"), index):
            index += 2
            continue
        char = text[index]
        if char == "{":
            close = text.find("}", index + 1)
            reopened = text.find("{", index + 1)
            if close != -1 and (reopened == -1 or close < reopened):
                index = close + 1
                continue
            opened = _OPENED.match(text, index).group(0)
            if len(opened) > 1:
                name = opened[1:]
                known = name in PLACEHOLDERS or name in SITE_PLACEHOLDERS
                hint = f"应该是 {{{name}}}？" if known else ""
                errors.append(f"花括号没有成对：占位符 {opened} 少了右边的 }}。{hint}{_BRACE_RULE}")
            else:
                errors.append(
                    f"花括号没有成对：“{_near(text, index)}”里有一个单独的 {{。{_BRACE_RULE}"
                )
        elif char == "}":
            errors.append(f"花括号没有成对：“{_near(text, index)}”里有一个单独的 }}。{_BRACE_RULE}")
        index += 1
    return errors


def known_placeholders(names: Mapping[str, str] | None = None) -> str:
    """Return the placeholders (by default all of them) as one line for help and errors."""
    names = PLACEHOLDERS | SITE_PLACEHOLDERS if names is None else names
    return "、".join(f"{{{name}}}（{label}）" for name, label in names.items())


def placeholders_in(text: str) -> list[str]:
    """Return the placeholder names a valid template uses, in order, without repeats."""
    return list(dict.fromkeys(m.group(1) for m in _TOKEN.finditer(text) if m.group(1)))


def fill(text: str, values: Mapping[str, object]) -> str:
    """Return the template with each placeholder replaced; an empty value shows a 待补充 mark."""

    site = site_values()

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        if name in site:
            value = site[name]
        elif name not in PLACEHOLDERS:
            return match.group(0)
        elif _is_empty(values.get(name)):
            return wording.missing(PLACEHOLDERS[name])
        else:
            value = str(values[name])
        text = match.string
        return wording.spaced(
            value, text[match.start() - 1 : match.start()], text[match.end() :][:1]
        )

    kept = [line for line in text.split("\n") if not _lacks_optional(line, values)]
    return wording.close_up_marks(_TOKEN.sub(replace, "\n".join(kept)))


def _lacks_optional(line: str, values: Mapping[str, object]) -> bool:
    """Return True when the line uses an optional placeholder whose value is empty."""
    return any(
        name in OPTIONAL and _is_empty(values.get(name))
        for name in (m.group(1) for m in _TOKEN.finditer(line))
        if name
    )


def missing_values(text: str, values: Mapping[str, object]) -> list[str]:
    """Return the labels of placeholders the template uses but the values leave empty."""
    return [
        PLACEHOLDERS[name]
        for name in placeholders_in(text)
        if name in PLACEHOLDERS and _is_empty(values.get(name))
    ]


def _is_empty(value: object) -> bool:
    # 0 is a value (an amount of 0 元), not a gap; None and blanks are gaps.
    return value is None or str(value).strip() == ""
