"""Check that every save the server acknowledged is in the database (and on disk).

Run by bench/run.py with the server's environment: `python bench/verify.py ACKS.json`.
Prints one JSON object: saves checked, saves found, the first few missing, and how many
evidence files in storage no row points to (left by a worker killed mid-upload).
"""

import hashlib
import json
import os
import sys
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from cases.models import (
        AppealRecord,
        Case,
        EscalationRecord,
        EvidenceItem,
        NegotiationAttempt,
        StageState,
    )

    acks = json.loads(Path(path).read_text())
    case_ids = {uuid.UUID(ack["case"]) for ack in acks}
    cases = Case.objects.in_bulk(case_ids)
    items: dict[tuple[str, str], EvidenceItem] = {}
    for item in EvidenceItem.objects.filter(case_id__in=case_ids):
        items[(str(item.case_id), item.description)] = item
    # Every row a stage save leaves, as (kind, case id, the value the bench typed).
    rows: set[tuple[str, str, str]] = set()
    for state in StageState.objects.filter(case_id__in=case_ids, stage="negotiation"):
        for rule_name in state.draft.get("message", {}).get("rule_name", []):
            rows.add(("negotiation_message", str(state.case_id), rule_name))
    for attempt in NegotiationAttempt.objects.filter(case_id__in=case_ids):
        rows.add(("negotiation", str(attempt.case_id), attempt.message))
    for appeal in AppealRecord.objects.filter(case_id__in=case_ids):
        rows.add(("appeal", str(appeal.case_id), f"{appeal.ticket_number}|{appeal.statement}"))
    for record in EscalationRecord.objects.filter(case_id__in=case_ids, channel="12315"):
        rows.add(("escalation", str(record.case_id), record.reference))

    found, missing = 0, []
    for ack in acks:
        case = cases.get(uuid.UUID(ack["case"]))
        if _present(ack, case, items, rows):
            found += 1
        else:
            missing.append(ack)
    # Files in the store that no row points to, at any age: what a killed worker left.
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from cases.selectors.purge import orphan_evidence_files

    orphans = orphan_evidence_files(storage=default_storage, modified_before=timezone.now())
    print(
        json.dumps(
            {
                "checked": len(acks),
                "found": found,
                "missing": missing[:10],
                "orphan_files": len(orphans),
            }
        )
    )


def _present(ack: dict, case, items: dict, rows: set) -> bool:
    if case is None:
        return False
    kind = ack["kind"]
    if kind == "case":
        return case.product_name == ack["product_name"]
    if kind == "eligibility":
        return (
            case.promised_delivery == ack["promised_delivery"]
            and case.amount == Decimal(ack["amount"])
            and case.goods_kind == "game_card"
            and sorted(case.problems) == ["invalid_code", "late"]
        )
    if kind == "transaction":
        return case.order_number == ack["order_number"]
    if kind == "evidence":
        item = items.get((str(case.pk), ack["description"]))
        if item is None or item.sha256 != ack["sha256"] or not item.file:
            return False
        with item.file.open("rb") as stored:
            return hashlib.sha256(stored.read()).hexdigest() == ack["sha256"]
    if kind == "negotiation_message":
        return (kind, str(case.pk), ack["rule_name"]) in rows
    if kind == "negotiation":
        return (kind, str(case.pk), ack["message"]) in rows
    if kind == "appeal":
        return (kind, str(case.pk), f"{ack['ticket_number']}|{ack['statement']}") in rows
    if kind == "escalation_details":
        return case.complainant_name == ack["complainant_name"]
    if kind == "escalation":
        return (kind, str(case.pk), ack["reference"]) in rows
    raise ValueError(f"unknown save kind {kind}")


if __name__ == "__main__":
    main(sys.argv[1])
