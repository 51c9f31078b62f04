"""Reads for stage 3: the attempts logged with the seller."""

import uuid

from django.utils import timezone

from cases.choices import Stage
from cases.models import Case, NegotiationAttempt
from cases.rules.progress import NegotiationFacts, negotiation_facts
from cases.selectors.case import row_of_case, stage_state
from cases.services.negotiation import MESSAGE_DRAFT
from cases.texts.negotiation import issued_reply_due, rule_text


def negotiation_attempts(*, case: Case) -> list[NegotiationAttempt]:
    """Return the case's logged attempts in the order they were sent (1 query)."""
    return list(case.negotiations.order_by("sent_at", "id"))


def negotiation_attempt_for_case(*, case: Case, attempt_id: int) -> NegotiationAttempt:
    return row_of_case(case.negotiations, attempt_id, "没有这条协商记录")


def negotiation_facts_for(*, cases: list[Case]) -> dict[uuid.UUID, NegotiationFacts]:
    """Return each case's passed deadline and latest negotiation outcome (1 query for all)."""
    if not cases:
        return {}
    pairs: dict[uuid.UUID, list[tuple[str, object]]] = {case.pk: [] for case in cases}
    answers: dict[uuid.UUID, list[str]] = {case.pk: [] for case in cases}
    rows = (
        NegotiationAttempt.objects.filter(case__in=list(pairs))
        .order_by("case_id", "sent_at", "id")
        .values_list("case_id", "outcome", "deadline", "seller_answer")
    )
    for case_id, outcome, deadline, answer in rows:
        pairs[case_id].append((outcome, deadline))
        answers[case_id].append(answer)
    now = timezone.now()
    return {
        case_id: negotiation_facts(
            found, now=now, issued_reply_due=issued_reply_due(answers[case_id])
        )
        for case_id, found in pairs.items()
    }


def cited_rule(*, case: Case) -> tuple[str, str]:
    """Return the platform rule the buyer cites in the message to the seller, as (name, what
    it promises); ("", "") when they cite none. The appeal statement cites the same rule."""
    draft = stage_state(case=case, stage=Stage.NEGOTIATION).draft.get(MESSAGE_DRAFT) or {}

    def raw(name: str) -> str:
        values = draft.get(name) or [""]
        return str(values[0]) if isinstance(values, list) and values else ""

    return rule_text(raw("rule"), custom_name=raw("rule_name"), custom_promise=raw("rule_promise"))
