"""Writes for the wizard: every saved action is one atomic function that adds a CaseEvent."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cases.eligibility import TITLES, eligibility_verdict
from cases.models import Case, CaseEvent, EvidenceItem, EvidenceKind, Stage, StageState, StageStatus
from cases.progress import evidence_completeness
from cases.selectors import eligibility_answers
from cases.uploads import InspectedUpload, clean_original_name, inspect_upload

ELIGIBILITY_FIELDS = frozenset(
    {
        "goods_kind",
        "problems",
        "no_refund_notice",
        "fraud_signs",
        "payment_method",
        "amount",
        "ordered_at",
        "promised_delivery",
    }
)
TRANSACTION_FIELDS = frozenset(
    {"order_number", "product_name", "seller_id", "amount", "ordered_at", "platform_name"}
)


class StaleStageError(Exception):
    """The stage was saved elsewhere (another tab) after this form was loaded."""


def add_event(*, case: Case, message: str, stage: str = "") -> CaseEvent:
    event = CaseEvent(case=case, stage=stage, message=message[:300])
    event.full_clean()
    event.save()
    return event


def locked_state(*, case: Case, stage: str) -> StageState:
    state, _ = StageState.objects.select_for_update().get_or_create(case=case, stage=stage)
    return state


def check_version(state: StageState, version: int) -> None:
    if version != state.version:
        raise StaleStageError(state.stage)


def update_case(*, case: Case, values: Mapping[str, Any], allowed: frozenset[str]) -> list[str]:
    """Set only the given fields; a field the form did not show is never touched."""
    changed = [name for name in values if name in allowed]
    for name in changed:
        setattr(case, name, values[name])
    case.full_clean()
    case.save(update_fields=[*changed, "updated_at"])
    return changed


@transaction.atomic
def case_create(
    *,
    owner: AbstractBaseUser | None,
    session_key: str = "",
    title: str = "",
    platform_name: str = "",
    product_name: str = "",
) -> Case:
    """Create a case owned by a user or, before sign-up, by a browser session."""
    if owner is None and not session_key:
        raise ValueError("an anonymous case needs a session key")
    case = Case(
        owner=owner,
        session_key="" if owner is not None else session_key,
        title=title,
        platform_name=platform_name,
        product_name=product_name,
    )
    case.full_clean()
    case.save()
    add_event(case=case, message="创建了案件")
    return case


@transaction.atomic
def cases_claim_for_user(*, user: AbstractBaseUser, session_key: str | None) -> int:
    """Move the cases a browser session started into the user's account; return how many."""
    if not session_key:
        return 0
    cases = list(
        Case.objects.select_for_update().filter(owner__isnull=True, session_key=session_key)
    )
    for case in cases:
        case.owner = user
        case.session_key = ""
        case.full_clean()
        case.save(update_fields=["owner", "session_key", "updated_at"])
        add_event(case=case, message="案件已从这个浏览器转入账号")
    return len(cases)


@transaction.atomic
def stage_draft_save(
    *, case: Case, stage: Stage | str, form_name: str, data: Mapping[str, list[str]], version: int
) -> StageState:
    """Keep the raw input of a half-filled form so it can be resumed; raise StaleStageError."""
    state = locked_state(case=case, stage=str(stage))
    check_version(state, version)
    state.draft = {**state.draft, form_name: {key: list(values) for key, values in data.items()}}
    if state.status == StageStatus.TODO:
        state.status = StageStatus.IN_PROGRESS
    state.version += 1
    state.full_clean()
    state.save()
    add_event(case=case, stage=str(stage), message=f"保存了草稿：{Stage(str(stage)).label}")
    return state


@transaction.atomic
def eligibility_save(*, case: Case, answers: Mapping[str, Any], version: int) -> StageState:
    """Store the stage-1 answers that were shown, mark the stage done; raise StaleStageError."""
    state = locked_state(case=case, stage=Stage.ELIGIBILITY)
    check_version(state, version)
    update_case(case=case, values=answers, allowed=ELIGIBILITY_FIELDS)
    state.draft.pop("eligibility", None)
    state.status = (
        StageStatus.DONE if case.goods_kind and case.problems else StageStatus.IN_PROGRESS
    )
    state.version += 1
    state.full_clean()
    state.save()
    verdict = eligibility_verdict(eligibility_answers(case))
    add_event(
        case=case, stage=Stage.ELIGIBILITY, message=f"保存了退款资格：{TITLES[verdict.label]}"
    )
    return state


def _refresh_evidence_status(*, case: Case, state: StageState) -> None:
    kinds = EvidenceItem.objects.filter(case=case).values_list("kind", flat=True)
    have, total = evidence_completeness(kinds)
    has_record = bool(case.order_number or case.seller_id)
    if have == total:
        state.status = StageStatus.DONE
    elif have or has_record or state.draft:
        state.status = StageStatus.IN_PROGRESS
    else:
        state.status = StageStatus.TODO


@transaction.atomic
def transaction_record_save(*, case: Case, fields: Mapping[str, Any], version: int) -> StageState:
    """Store the transaction record (订单号 …) on the case; raise StaleStageError."""
    state = locked_state(case=case, stage=Stage.EVIDENCE)
    check_version(state, version)
    update_case(case=case, values=fields, allowed=TRANSACTION_FIELDS)
    state.draft.pop("transaction", None)
    _refresh_evidence_status(case=case, state=state)
    state.version += 1
    state.full_clean()
    state.save()
    add_event(case=case, stage=Stage.EVIDENCE, message="保存了交易记录")
    return state


@transaction.atomic
def evidence_item_add(
    *,
    case: Case,
    kind: str,
    description: str,
    occurred_at: datetime | None = None,
    upload: UploadedFile | None = None,
    inspected: InspectedUpload | None = None,
) -> EvidenceItem:
    """Add an evidence item; store its file unaltered under a generated name with its SHA-256."""
    item = EvidenceItem(case=case, kind=kind, description=description, occurred_at=occurred_at)
    if upload is not None:
        inspected = inspected or inspect_upload(upload)
        item.original_name = clean_original_name(upload.name or "")
        item.content_type = inspected.content_type
        item.size = inspected.size
        item.sha256 = inspected.sha256
        item.received_at = timezone.now()
        # upload_to ignores this name: the stored name is generated.
        item.file.save("evidence", upload, save=False)
    try:
        item.full_clean()
        item.save()
    except Exception:
        # No row, no file: a failed save must not leave an orphan on disk.
        if item.file:
            item.file.storage.delete(item.file.name)
        raise
    state = locked_state(case=case, stage=Stage.EVIDENCE)
    state.draft.pop("item", None)
    _refresh_evidence_status(case=case, state=state)
    state.full_clean()
    state.save()
    fingerprint = f"，SHA-256 {item.sha256[:12]}…" if item.sha256 else ""
    add_event(
        case=case,
        stage=Stage.EVIDENCE,
        message=f"添加了证据：{EvidenceKind(kind).label} · {description}{fingerprint}",
    )
    return item


@transaction.atomic
def evidence_item_delete(*, item: EvidenceItem) -> None:
    """Delete an evidence item and, once committed, its file."""
    case = item.case
    name, storage = item.file.name, item.file.storage
    label = f"{item.get_kind_display()} · {item.description}"
    item.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    state = locked_state(case=case, stage=Stage.EVIDENCE)
    _refresh_evidence_status(case=case, state=state)
    state.full_clean()
    state.save()
    add_event(case=case, stage=Stage.EVIDENCE, message=f"删除了证据：{label}")
