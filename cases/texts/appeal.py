"""The appeal statement and the problem description, from the case's facts.

Pure: plain data in, text out. A value the case lacks shows a 【待补充：…】 mark and
names the step where the buyer fills it. The package those texts go into (order,
file names, manifest) is cases.texts.appeal_package.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from cases import wording
from cases.choices import Stage
from cases.facts import CaseFacts
from cases.texts.placeholders import FILL_AT, OPTIONAL, PLACEHOLDERS, fill, placeholders_in
from cases.texts.story import NEGOTIATION_UNTOLD
from cases.texts.values import case_values


@dataclass(frozen=True)
class MissingValue:
    """A placeholder the case leaves empty, and the stage where the buyer can fill it."""

    label: str
    stage: str = ""  # "" when only the statement box itself can supply it


def _stage_of(name: str) -> str:
    """Return the stage where the buyer fills a placeholder, "" when it is not on the case."""
    place = FILL_AT.get(name, "")
    return place if place in Stage.values else ""


def missing_for(template: str, values: Mapping[str, str]) -> list[MissingValue]:
    """Return the placeholders the template uses that the values leave empty, with where to
    fill. An optional one (the first use, the seller's reply, the law) drops its line when
    empty instead of leaving a 【待补充】 mark: nothing in the text asks for it."""
    return [
        MissingValue(label=PLACEHOLDERS[name], stage=_stage_of(name))
        for name in placeholders_in(template)
        if name in PLACEHOLDERS and name not in OPTIONAL and not str(values.get(name) or "").strip()
    ]


def has_missing_mark(text: str) -> bool:
    return bool(wording.missing_labels(text))


def statement_from(template: str, facts: CaseFacts, *, rule: tuple[str, str] = ("", "")) -> str:
    """Return the appeal statement for the case; rule is the platform rule the buyer cited in
    the message to the seller (name, what it promises), ("", "") when none: its line is left
    out, so the statement never cites a rule the buyer did not find."""
    return fill(template, statement_values(facts, rule=rule))


def statement_values(facts: CaseFacts, *, rule: tuple[str, str] = ("", "")) -> dict[str, str]:
    name, promise = rule
    return {**case_values(facts), "rule_name": name, "rule_promise": promise}


def refill(text: str, facts: CaseFacts) -> str:
    """Return a saved statement with each 待补充 mark the case can now fill replaced."""
    for name, value in case_values(facts).items():
        if value:
            text = text.replace(wording.missing(PLACEHOLDERS[name]), value)
    return text


def problem_description(facts: CaseFacts, *, statement: str) -> str:
    """Return the problem description file: the order, what went wrong, what was tried."""

    def line(label: str, value: str) -> str:
        return f"{label}：{value or wording.missing(label)}"

    problem = case_values(facts)["problem"] or "；".join(facts.problem_labels)
    lines = [
        "问题描述",
        "",
        line("订单号", facts.order_number),
        line("商品名称", facts.product_name),
        line("平台名称", facts.platform_name),
        line("商家ID", facts.seller_id),
        line("金额", wording.amount(facts.amount)),
        line("下单时间", wording.moment(facts.ordered_at)),
    ]
    if facts.promised_delivery:
        lines.append(line("商家承诺的发货时间", facts.promised_delivery))
    lines.append(line("遇到的问题", problem))
    if facts.noticed_at:
        lines.append(line("发现问题的时间", wording.moment(facts.noticed_at)))
    lines += ["", "和商家协商的经过："]
    if not facts.negotiations:
        lines.append(wording.missing(NEGOTIATION_UNTOLD))
    for attempt in facts.negotiations:
        text = f"- {wording.moment(attempt.sent_at)} 联系商家"
        if attempt.deadline:
            text += f"，请商家在 {wording.moment(attempt.deadline)} 前处理"
        if attempt.seller_answer.strip():
            text += f"；商家回复{wording.quote(attempt.seller_answer)}"
        if attempt.outcome_label:
            text += f"；结果：{attempt.outcome_label}"
        if attempt.refunded_amount:
            text += f"，退回 {wording.amount(attempt.refunded_amount)}"
        lines.append(text)
    lines += ["", "申诉说明：", statement.strip()]
    return "\n".join(lines) + "\n"
