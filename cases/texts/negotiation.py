"""The pieces of the negotiation message (三步法), from plain case data. Pure: no ORM, no request.

The wording around the pieces is the editors' template (guidance key
``negotiation_message``); this module only supplies the values for its
placeholders and says where a missing one can be filled in.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cases import wording
from cases.facts import CaseFacts
from cases.texts.placeholders import FILL_AT, PLACEHOLDERS, case_values


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # what the buyer picks from
    name: str  # goes inside 《》 in the message
    promise: str


CUSTOM_RULE = "custom"
# Common examples. Platforms name their rules differently; the page says to use the real name.
RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in [
        Rule(
            "after_sales",
            "《虚拟商品售后条例》：无效商品须在 24 小时内退款",
            "虚拟商品售后条例",
            "无效商品须在 24 小时内退款",
        ),
        Rule(
            "delivery",
            "发货时效：商家须在承诺的时间内发货到账",
            "商品发货规则",
            "商家须在承诺的时间内发货到账，超时没有发货的，买家可以申请退款",
        ),
        Rule(
            "description",
            "如实描述：商品须与描述一致",
            "商品描述规范",
            "商品须与页面描述一致，货不对板的，买家可以申请退款",
        ),
    ]
}
RULE_CHOICES = [(rule.key, rule.label) for rule in RULES.values()] + [
    (CUSTOM_RULE, "我自己填写平台规则")
]

# Which rule fits which problem best, in order of preference.
RULE_FOR_PROBLEM = {
    "invalid_code": "after_sales",
    "software_broken": "after_sales",
    "late": "delivery",
    "not_as_described": "description",
}

_NAME_OF_LABEL = {label: name for name, label in PLACEHOLDERS.items()}


def suggested_rule(problems: Iterable[str]) -> str:
    """Return the key of the example rule that fits the problems, the first one otherwise."""
    present = set(problems)
    for code, rule in RULE_FOR_PROBLEM.items():
        if code in present:
            return rule
    return next(iter(RULES))


def rule_text(rule: str, *, custom_name: str = "", custom_promise: str = "") -> tuple[str, str]:
    """Return (name, promise) of the chosen rule; a custom name loses any 《》 typed around it."""
    if rule in RULES:
        return RULES[rule].name, RULES[rule].promise
    if rule == CUSTOM_RULE:
        return custom_name.strip().strip("《》 "), custom_promise.strip().rstrip("。. ")
    return "", ""


def time_since_order(ordered_at: datetime | None, now: datetime) -> str:
    """Return how long the buyer has waited, e.g. 从下单到现在已经超过 48 小时; "" if unknown.

    The rule says what the seller owes within a time; this says how long it has been,
    as in the guide's "现在已经超过 48 小时". Whole hours up to three days, then days.
    """
    waited = wording.duration(ordered_at, now)
    return f"从下单到现在已经超过 {waited}" if waited else ""


def missing_in(text: str) -> list[tuple[str, str]]:
    """Return (label, where to fill it) for each 【待补充：…】 mark in text, without repeats."""
    found = wording.missing_labels(text)
    return [(label, FILL_AT.get(_NAME_OF_LABEL.get(label, ""), "")) for label in found]


# A deadline the seller can meet the same working day, as in the guide's "今天 17:00 前".
DEADLINE_HOUR = 17
# Less notice than this is not a fair chance to answer: the deadline moves to the next day.
SHORTEST_NOTICE_HOURS = 3


def suggested_deadline(now: datetime) -> datetime:
    """Return the 17:00 the form suggests: today's if still 3 hours away, else tomorrow's."""
    today = now.replace(hour=DEADLINE_HOUR, minute=0, second=0, microsecond=0)
    if (today - now).total_seconds() >= SHORTEST_NOTICE_HOURS * 3600:
        return today
    return today + timedelta(days=1)


def message_values(
    facts: CaseFacts,
    *,
    rule: str,
    custom_name: str = "",
    custom_promise: str = "",
    deadline: datetime | None,
    now: datetime,
) -> dict[str, str]:
    """Return the value of every placeholder of the message, "" where the case has none yet."""
    name, promise = rule_text(rule, custom_name=custom_name, custom_promise=custom_promise)
    waited = time_since_order(facts.ordered_at, now)
    if promise and waited:
        promise = f"{promise}，{waited}"
    return {
        **case_values(facts),
        "rule_name": name,
        "rule_promise": promise,
        "deadline": wording.moment(deadline),
    }
