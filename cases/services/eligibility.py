"""Writes for stage 1 (退款资格): the answers the verdict is drawn from."""

from collections.abc import Mapping
from typing import Any

from cases.choices import Stage, StageStatus
from cases.models import Case, StageState
from cases.rules.eligibility import TITLES, eligibility_verdict
from cases.selectors.eligibility import eligibility_answers
from cases.services.stage import stage_write, update_case

# The case fields stage 1 asks for, in the order the form shows them.
ELIGIBILITY_FIELDS = (
    "goods_kind",
    "problems",
    "no_refund_notice",
    "fraud_signs",
    "payment_method",
    "amount",
    "ordered_at",
    "promised_delivery",
    "noticed_at",
    "code_symptom",
    "problem_detail",
    "fraud_detail",
    "first_used_at",
    "first_used_by",
    "remedy",
    "remedy_amount",
)
DRAFT_FORM = "eligibility"


def eligibility_status(case: Case, state: StageState) -> str:
    """Return done once the goods and the problems are known."""
    return StageStatus.DONE if case.goods_kind and case.problems else StageStatus.IN_PROGRESS


def eligibility_save(*, case: Case, answers: Mapping[str, Any], version: int) -> StageState:
    """Store the stage-1 answers that were shown, mark the stage done; raise StaleStageError."""
    with stage_write(
        case=case,
        stage=Stage.ELIGIBILITY,
        status=eligibility_status,
        version=version,
        done_draft=DRAFT_FORM,
    ) as write:
        update_case(case=case, values=answers, allowed=frozenset(ELIGIBILITY_FIELDS))
        verdict = eligibility_verdict(eligibility_answers(case))
        write.event = f"保存了退款资格：{TITLES[verdict.label]}"
    return write.state
