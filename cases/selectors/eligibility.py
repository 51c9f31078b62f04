"""Reads for stage 1: the stored answers as the plain data the verdict takes."""

from cases.models import Case
from cases.rules.eligibility import EligibilityAnswers


def eligibility_answers(case: Case) -> EligibilityAnswers:
    """Return the stored stage-1 answers as the plain data the verdict function takes."""
    return EligibilityAnswers(
        goods_kind=case.goods_kind,
        problems=frozenset(case.problems or ()),
        no_refund_notice=case.no_refund_notice,
        fraud_signs=case.fraud_signs,
        payment_method=case.payment_method,
        amount=case.amount,
        promised_delivery=case.promised_delivery,
        code_symptom=case.code_symptom,
    )
