"""Writes for stage 2 (证据): the transaction record and the evidence items with their files."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cases.choices import EvidenceKind, Stage, StageStatus
from cases.models import Case, EvidenceItem, StageState
from cases.quotas import evidence_room
from cases.rules.progress import evidence_completeness
from cases.selectors.evidence import case_evidence_kinds, evidence_usage
from cases.services.stage import stage_write, update_case
from cases.uploads import InspectedUpload, clean_original_name, inspect_upload

# The case fields of the transaction record (交易记录), in the order the form shows them.
TRANSACTION_FIELDS = (
    "order_number",
    "product_name",
    "platform_name",
    "seller_id",
    "amount",
    "ordered_at",
)
RECORD_DRAFT = "transaction"
ITEM_DRAFT = "item"


class EvidenceQuotaError(Exception):
    """The case has no room for this file (cases/quotas.py); nothing was saved."""


def evidence_status(case: Case, state: StageState) -> str:
    """Return done once every required kind is there; in progress once anything is."""
    items = EvidenceItem.objects.filter(case=case).only("kind")
    have, total = evidence_completeness(case_evidence_kinds(case=case, items=items))
    if have == total:
        return StageStatus.DONE
    if have or case.order_number or case.seller_id or state.draft:
        return StageStatus.IN_PROGRESS
    return StageStatus.TODO


def transaction_record_save(*, case: Case, fields: Mapping[str, Any], version: int) -> StageState:
    """Store the transaction record (订单号 …) on the case; raise StaleStageError."""
    with stage_write(
        case=case,
        stage=Stage.EVIDENCE,
        status=evidence_status,
        version=version,
        done_draft=RECORD_DRAFT,
    ) as write:
        update_case(case=case, values=fields, allowed=frozenset(TRANSACTION_FIELDS))
        write.event = "保存了交易记录"
    return write.state


def evidence_item_add(
    *,
    case: Case,
    kind: str,
    description: str,
    occurred_at: datetime | None = None,
    upload: UploadedFile | None = None,
    inspected: InspectedUpload | None = None,
) -> EvidenceItem:
    """Add an evidence item; store its file unaltered under a generated name with its SHA-256.

    Raise EvidenceQuotaError, before anything is written, when the file does not fit in the
    case's quota; the stage's lock makes two uploads at once count each other.
    """
    with stage_write(
        case=case, stage=Stage.EVIDENCE, status=evidence_status, done_draft=ITEM_DRAFT
    ) as write:
        item = EvidenceItem(case=case, kind=kind, description=description, occurred_at=occurred_at)
        if upload is not None:
            inspected = inspected or inspect_upload(upload)
            files, size = evidence_usage(case=case)
            room = evidence_room(anonymous=case.owner_id is None, files=files, size=size)
            refusal = room.refusal(adding=inspected.size)
            if refusal:
                raise EvidenceQuotaError(refusal)
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
        fingerprint = f"，SHA-256 {item.sha256[:12]}…" if item.sha256 else ""
        write.event = f"添加了证据：{EvidenceKind(kind).label} · {description}{fingerprint}"
    return item


def evidence_item_delete(*, item: EvidenceItem) -> None:
    """Delete an evidence item and, once committed, its file."""
    with stage_write(case=item.case, stage=Stage.EVIDENCE, status=evidence_status) as write:
        name, storage = item.file.name, item.file.storage
        write.event = f"删除了证据：{item.get_kind_display()} · {item.description}"
        item.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
