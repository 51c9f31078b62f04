"""A case as plain data: the one adapter between the models and the rules and texts.

Every text the wizard writes and every rule that reads more than one stage takes a
CaseFacts, never a model: the texts can then be pinned by table and golden tests
without a database. Times are in the buyer's local time; labels come from
cases.choices, so a code and its words can never disagree.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone

from cases.choices import (
    NOT_LOGGED,
    OWN_REASONS,
    SELLER_FAULTS,
    AppealOutcome,
    EscalationOutcome,
    EvidenceKind,
    NegotiationOutcome,
    PaymentMethod,
    Problem,
)
from cases.models import Case, EvidenceItem
from cases.rules.escalation import ChannelFacts

# Each code's label by its vocabulary: a page's facts read hundreds of them, and a dict
# lookup costs a fraction of building the enum member (an unknown code still raises).
_LABELS = {
    vocabulary: dict(vocabulary.choices)
    for vocabulary in (NegotiationOutcome, AppealOutcome, EscalationOutcome, EvidenceKind)
}

# Images a browser can draw, so the evidence list and the appeal pack show a thumbnail.
THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


# How each payment method is told: the plain fact, without the form's example.
PAYMENT_TOLD = {PaymentMethod.PLATFORM: "在平台下单付款", PaymentMethod.PRIVATE: "私下转账"}


@dataclass(frozen=True)
class AttemptFacts:
    """One message sent to the seller and what came of it."""

    sent_at: datetime
    deadline: datetime | None = None
    seller_answer: str = ""
    outcome: str = NegotiationOutcome.PENDING
    refunded_amount: Decimal | None = None  # what a partial refund paid back

    @property
    def outcome_label(self) -> str:
        return _LABELS[NegotiationOutcome][self.outcome]


@dataclass(frozen=True)
class AppealFacts:
    """One appeal filed with the platform."""

    submitted_at: datetime
    ticket_number: str = ""
    outcome: str = AppealOutcome.PENDING

    @property
    def outcome_label(self) -> str:
        return _LABELS[AppealOutcome][self.outcome]


@dataclass(frozen=True)
class FilingFacts:
    """One complaint or report filed outside the platform (12315, 黑猫投诉, police)."""

    channel: str
    filed_on: date
    reference: str = ""
    outcome: str = EscalationOutcome.PENDING

    @property
    def outcome_label(self) -> str:
        return _LABELS[EscalationOutcome][self.outcome]


@dataclass(frozen=True)
class EvidenceFacts:
    """One evidence item; has_file is False for an item described without an upload."""

    kind: str
    description: str = ""
    occurred_at: datetime | None = None
    received_at: datetime | None = None
    created_at: datetime | None = None
    original_name: str = ""
    content_type: str = ""
    size: int | None = None
    sha256: str = ""
    has_file: bool = False
    id: UUID | str | None = None

    @property
    def kind_label(self) -> str:
        return _LABELS[EvidenceKind][self.kind]

    @property
    def thumbnail(self) -> bool:
        return self.has_file and self.content_type in THUMBNAIL_TYPES


@dataclass(frozen=True)
class CaseFacts:
    """Everything the buyer told us about one case, as typed; empty when not given."""

    product_name: str = ""
    platform_name: str = ""
    order_number: str = ""
    seller_id: str = ""
    amount: Decimal | None = None
    ordered_at: datetime | None = None
    promised_delivery: str = ""
    noticed_at: datetime | None = None  # when the buyer found the problem
    code_symptom: str = ""  # a CodeSymptom code, for a code that does not work
    problem_detail: str = ""  # the buyer's own words on what exactly is wrong
    fraud_detail: str = ""  # what the buyer saw that looks like fraud, in their words
    first_used_at: datetime | None = None  # from the game or software operator's records
    first_used_by: str = ""
    remedy: str = ""  # a Remedy code; "" while the buyer has not said what they want
    remedy_amount: Decimal | None = None  # only for a partial refund
    goods_kind: str = ""
    problems: tuple[str, ...] = ()  # Problem codes, in the order the buyer ticked them
    no_refund_notice: bool | None = None
    fraud_signs: bool | None = None
    payment_method: str = ""
    resolution: str = ""
    appeal_unreasonable: bool = False
    complainant_name: str = ""
    complainant_phone: str = ""
    complainant_address: str = ""
    respondent_name: str = ""
    respondent_address: str = ""
    complaint_request: str = ""
    negotiations: tuple[AttemptFacts, ...] = ()
    appeals: tuple[AppealFacts, ...] = ()
    escalations: tuple[FilingFacts, ...] = ()
    evidence: tuple[EvidenceFacts, ...] = ()

    @property
    def payment_label(self) -> str:
        """Return how the buyer paid, as the texts state it: the form's label carries an
        example (如微信转账) that is not the buyer's fact, so a text never repeats it."""
        return PAYMENT_TOLD.get(self.payment_method, "")

    @property
    def problem_labels(self) -> tuple[str, ...]:
        """Return the label of every known problem the buyer ticked."""
        return tuple(Problem(code).label for code in self.problems if code in Problem.values)

    @property
    def fault_labels(self) -> tuple[str, ...]:
        """Return the labels of the seller's failings only: what a complaint stands on."""
        return tuple(Problem(code).label for code in self.problems if code in SELLER_FAULTS)

    @property
    def seller_fault(self) -> bool | None:
        """Return True for a seller's fault, False for the buyer's own reasons only, else None."""
        chosen = set(self.problems)
        if chosen & SELLER_FAULTS:
            return True
        if chosen and chosen <= OWN_REASONS:
            return False
        return None


def _local(moment: datetime | None, zone: tzinfo | None = None) -> datetime | None:
    """Return the moment in local time; zone, when given, is the current time zone."""
    # timezone.localtime() without its checks: the model's datetimes are always aware. A
    # case with fifty records converts a hundred and fifty of them, so case_facts looks the
    # zone up once and passes it.
    if moment is None:
        return None
    return moment.astimezone(zone or timezone.get_current_timezone())


def evidence_facts(item: EvidenceItem, zone: tzinfo | None = None) -> EvidenceFacts:
    """Return one evidence item as plain data, in local time."""
    return EvidenceFacts(
        id=item.pk,
        kind=item.kind,
        description=item.description,
        occurred_at=_local(item.occurred_at, zone),
        received_at=_local(item.received_at, zone),
        created_at=_local(item.created_at, zone),
        original_name=item.original_name,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        has_file=bool(item.file),
    )


def evidence_facts_from_values(row: Mapping[str, Any], zone: tzinfo) -> EvidenceFacts:
    """Return one evidence item read as values (selectors.case.EVIDENCE_ROWS) as plain data."""
    return EvidenceFacts(
        id=row["id"],
        kind=row["kind"],
        description=row["description"],
        occurred_at=_local(row["occurred_at"], zone),
        received_at=_local(row["received_at"], zone),
        created_at=_local(row["created_at"], zone),
        original_name=row["original_name"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
        has_file=bool(row["file"]),
    )


def _case_fields(case: Case) -> dict[str, Any]:
    return dict(
        product_name=case.product_name,
        platform_name=case.platform_name,
        order_number=case.order_number,
        seller_id=case.seller_id,
        amount=case.amount,
        ordered_at=_local(case.ordered_at),
        promised_delivery=case.promised_delivery,
        noticed_at=_local(case.noticed_at),
        code_symptom=case.code_symptom,
        problem_detail=case.problem_detail,
        fraud_detail=case.fraud_detail,
        first_used_at=_local(case.first_used_at),
        first_used_by=case.first_used_by,
        remedy=case.remedy,
        remedy_amount=case.remedy_amount,
        goods_kind=case.goods_kind,
        problems=tuple(case.problems or ()),
        no_refund_notice=case.no_refund_notice,
        fraud_signs=case.fraud_signs,
        payment_method=case.payment_method,
        resolution=case.resolution,
        appeal_unreasonable=case.appeal_unreasonable,
        complainant_name=case.complainant_name,
        complainant_phone=case.complainant_phone,
        complainant_address=case.complainant_address,
        respondent_name=case.respondent_name,
        respondent_address=case.respondent_address,
        complaint_request=case.complaint_request,
    )


def case_facts(case: Case, *, with_records: bool = True) -> CaseFacts:
    """Return the case and its records as plain data (uses the selectors' prefetches).

    with_records=False leaves the record tuples empty and costs no query: for a text
    that quotes only the case's own fields (the negotiation message).
    """
    if not with_records:
        return CaseFacts(**_case_fields(case))
    zone = timezone.get_current_timezone()
    return CaseFacts(
        **_case_fields(case),
        negotiations=tuple(
            AttemptFacts(
                sent_at=_local(attempt.sent_at, zone),
                deadline=_local(attempt.deadline, zone),
                seller_answer=attempt.seller_answer,
                outcome=attempt.outcome,
                refunded_amount=attempt.refunded_amount,
            )
            for attempt in case.negotiations.all()
        ),
        appeals=tuple(
            AppealFacts(
                submitted_at=_local(appeal.submitted_at, zone),
                ticket_number=appeal.ticket_number,
                outcome=appeal.outcome,
            )
            for appeal in case.appeals.all()
        ),
        escalations=tuple(
            FilingFacts(
                channel=record.channel,
                filed_on=record.filed_on,
                reference=record.reference,
                outcome=record.outcome,
            )
            for record in case.escalations.all()
        ),
        evidence=tuple(evidence_facts_from_values(row, zone) for row in case.evidence_rows)
        if hasattr(case, "evidence_rows")
        else tuple(evidence_facts(item, zone) for item in case.evidence.all()),
    )


def channel_facts(facts: CaseFacts) -> ChannelFacts:
    """Return what the outside-channel advice depends on."""
    return ChannelFacts(
        amount=facts.amount,
        fraud_signs=facts.fraud_signs,
        payment_method=facts.payment_method,
        appeal_outcome=facts.appeals[-1].outcome if facts.appeals else NOT_LOGGED,
        appeal_unreasonable=facts.appeal_unreasonable,
        negotiation_outcome=facts.negotiations[-1].outcome if facts.negotiations else NOT_LOGGED,
        seller_fault=facts.seller_fault,
        resolved=bool(facts.resolution),
    )
