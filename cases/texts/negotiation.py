"""The pieces of the negotiation message (三步法), from plain case data. Pure: no ORM, no request.

The wording around the pieces is the editors' template (guidance key
``negotiation_message``, or ``negotiation_goodwill`` when the buyer's reasons are
their own); this module supplies the values of its placeholders, says where a
missing one can be filled in, and recognises the seller's "卡密已发放，无法回收".
"""

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from cases import wording
from cases.choices import PaymentMethod
from cases.facts import AttemptFacts, CaseFacts
from cases.texts.placeholders import FILL_AT, PLACEHOLDERS
from cases.texts.values import case_values, last_contact

NO_RULE = "none"
CUSTOM_RULE = "custom"
# No rule is cited unless the buyer copies one from their own platform: a rule that does
# not exist there costs them credibility. The guide's rule is only an example.
RULE_CHOICES = [
    (NO_RULE, "先不引用平台规则"),
    (CUSTOM_RULE, "引用我在平台上找到的规则"),
]
EXAMPLE_RULE = "《虚拟商品售后条例》：无效商品须在 24 小时内退款（这只是示例）"
_NAME_OF_LABEL = {label: name for name, label in PLACEHOLDERS.items()}
# Words a seller uses to say the code went out and cannot be taken back (FACTS part 3).
ISSUED = re.compile(r"已(经)?发放|已(经)?发货|无法回收|不能回收|收不回")


def rule_text(rule: str, *, custom_name: str = "", custom_promise: str = "") -> tuple[str, str]:
    """Return (name, promise) of the rule the buyer entered; ("", "") when none was."""
    if rule != CUSTOM_RULE:
        return "", ""
    return custom_name.strip().strip("《》 "), custom_promise.strip().rstrip("。. ")


def template_key(facts: CaseFacts) -> str:
    """Return the message to start from: a polite 通融 request when the reasons are the buyer's."""
    key = "negotiation_goodwill" if facts.seller_fault is False else "negotiation_message"
    return for_seller(key, facts)


def for_seller(key: str, facts: CaseFacts) -> str:
    """Return the text to the seller in the voice the payment allows: a shop and its order
    (贵店, 订单号) on a platform; a person and a transfer (你, 转账单号) when the money went
    by private transfer, the texts keyed …_private."""
    return f"{key}_private" if facts.payment_method == PaymentMethod.PRIVATE else key


def answers_issued(answer: str) -> bool:
    """Return True when the seller's answer says the code went out and cannot be recalled."""
    return bool(ISSUED.search(answer))


def issued_reply_due(answers: Sequence[str]) -> bool:
    """Return True when the ready reply to 卡密已发放 is the next thing to send: the latest
    answer (of answers in sending order) says so and no earlier one did. A seller who says
    it again after the reply has had their chance: the way on is the appeal."""
    return (
        bool(answers)
        and answers_issued(answers[-1])
        and not any(answers_issued(answer) for answer in answers[:-1])
    )


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


def later_deadline(now: datetime, *, after: datetime | None) -> datetime:
    """Return the suggested 17:00, a day later at a time until it is after `after` (a
    deadline the seller was given before)."""
    deadline = suggested_deadline(now)
    while after is not None and deadline <= after:
        deadline += timedelta(days=1)
    return deadline


def message_values(
    facts: CaseFacts,
    *,
    rule: str,
    custom_name: str = "",
    custom_promise: str = "",
    deadline: datetime | None,
) -> dict[str, str]:
    """Return the value of every placeholder of the message, "" where the case has none yet."""
    name, promise = rule_text(rule, custom_name=custom_name, custom_promise=custom_promise)
    return {
        **case_values(facts),
        "rule_name": name,
        "rule_promise": promise,
        "deadline": wording.moment(deadline),
    }


def follow_up_values(
    facts: CaseFacts, *, attempt: AttemptFacts, deadline: datetime | None
) -> dict[str, str]:
    """Return the values of the follow-up after a missed deadline, with a new deadline."""
    return {
        **case_values(facts),
        "last_contact": last_contact(
            attempt, private=facts.payment_method == PaymentMethod.PRIVATE
        ),
        "deadline": wording.moment(deadline),
    }
