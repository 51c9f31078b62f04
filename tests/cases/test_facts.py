"""The one adapter from a stored case to the plain facts every text and rule reads."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.choices import NOT_LOGGED, AppealOutcome, NegotiationOutcome, Problem
from cases.facts import (
    AppealFacts,
    AttemptFacts,
    CaseFacts,
    EvidenceFacts,
    case_facts,
    channel_facts,
)
from cases.models import AppealRecord, Case, EscalationRecord, EvidenceItem, NegotiationAttempt

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("problems", "seller_fault", "fault_labels"),
    [
        ((), None, ()),
        (("other",), None, ()),
        (("not_needed", "too_expensive"), False, ()),
        (("late", "not_needed"), True, (Problem.LATE.label,)),
        (("invalid_code", "other"), True, (Problem.INVALID_CODE.label,)),
        (("retired_code", "late"), True, (Problem.LATE.label,)),
    ],
)
def test_seller_fault_and_the_problems_a_claim_stands_on(problems, seller_fault, fault_labels):
    facts = CaseFacts(problems=problems)
    assert facts.seller_fault is seller_fault
    assert facts.fault_labels == fault_labels
    # Unknown codes (an answer from an older version) are dropped, never shown raw.
    assert "retired_code" not in "".join(facts.problem_labels)


@pytest.mark.parametrize(
    ("facts", "appeal", "negotiation"),
    [
        (CaseFacts(), NOT_LOGGED, NOT_LOGGED),
        (
            CaseFacts(
                negotiations=(
                    AttemptFacts(sent_at=datetime(2026, 3, 1), outcome="pending"),
                    AttemptFacts(sent_at=datetime(2026, 3, 2), outcome="refused"),
                ),
                appeals=(AppealFacts(submitted_at=datetime(2026, 3, 3), outcome="rejected"),),
            ),
            AppealOutcome.REJECTED,
            NegotiationOutcome.REFUSED,
        ),
    ],
)
def test_channel_facts_take_the_latest_outcome_of_each_stage(facts, appeal, negotiation):
    channel = channel_facts(facts)
    assert channel.appeal_outcome == appeal
    assert channel.negotiation_outcome == negotiation


def test_labels_come_from_the_codes():
    assert AttemptFacts(sent_at=datetime(2026, 3, 1), outcome="refused").outcome_label == "商家拒绝"
    assert EvidenceFacts(kind="communication").kind_label == "沟通记录"
    assert CaseFacts(payment_method="private").payment_label == "私下转账"
    assert CaseFacts().payment_label == ""


@pytest.mark.django_db
def test_case_facts_reads_every_record_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    case = Case.objects.create(
        session_key="s",
        order_number="KM1",
        amount=Decimal("100"),
        ordered_at=datetime(2026, 3, 1, 1, 0, tzinfo=ZoneInfo("UTC")),
        problems=["invalid_code"],
        payment_method="platform",
    )
    NegotiationAttempt.objects.create(
        case=case, sent_at=datetime(2026, 3, 2, 2, 0, tzinfo=SHANGHAI), outcome="refused"
    )
    AppealRecord.objects.create(case=case, submitted_at=datetime(2026, 3, 3, tzinfo=SHANGHAI))
    EscalationRecord.objects.create(case=case, channel="12315", filed_on=date(2026, 3, 4))
    EvidenceItem.objects.create(case=case, kind="failure", description="提示已被使用")

    facts = case_facts(Case.objects.get(pk=case.pk))

    assert facts.order_number == "KM1" and facts.amount == Decimal("100")
    assert facts.ordered_at.hour == 9  # 01:00 UTC is 09:00 in Shanghai
    assert facts.problems == ("invalid_code",)
    assert [a.outcome for a in facts.negotiations] == ["refused"]
    assert [a.outcome for a in facts.appeals] == ["pending"]
    assert [f.channel for f in facts.escalations] == ["12315"]
    assert [(e.kind, e.has_file) for e in facts.evidence] == [("failure", False)]
