"""Reads for the case record: export and delete walk every model that hangs off a case."""

import uuid

from django.db.models import Model

from cases.models import Case, EvidenceItem


def cases_of_user(*, user) -> list[Case]:
    """Return every case an account owns, oldest first."""
    return list(Case.objects.filter(owner=user).order_by("created_at", "pk"))


def case_records(*, cases: list[Case]) -> dict[uuid.UUID, dict[str, list[Model]]]:
    """Return every row below the cases, by case id and model label: one query per model.

    The models are found by walking reverse foreign keys from Case (and on from
    those models), so a related model added later is included without a change here.
    """
    records: dict[uuid.UUID, dict[str, list[Model]]] = {case.pk: {} for case in cases}
    _collect_children(Case, [(case, case.pk) for case in cases], records, seen={Case})
    return records


def _collect_children(
    model: type[Model],
    parents: list[tuple[Model, uuid.UUID]],
    records: dict[uuid.UUID, dict[str, list[Model]]],
    *,
    seen: set[type[Model]],
) -> None:
    """Fetch the rows pointing at the parents (each paired with its case id), then theirs."""
    if not parents:
        return
    for relation in model._meta.related_objects:
        child = relation.related_model
        if not (relation.one_to_many or relation.one_to_one) or child in seen:
            continue
        field = relation.field
        target = field.target_field.attname
        case_of = {getattr(parent, target): case_id for parent, case_id in parents}
        queryset = child._base_manager.filter(**{f"{field.name}__in": list(case_of)})
        if not child._meta.ordering:
            queryset = queryset.order_by("pk")
        label = child._meta.label_lower
        for by_label in records.values():
            by_label.setdefault(label, [])
        rows = []
        for row in queryset:
            case_id = case_of[getattr(row, field.attname)]
            records[case_id].setdefault(label, []).append(row)
            rows.append((row, case_id))
        _collect_children(child, rows, records, seen=seen | {child})


def account_case_totals(*, user) -> dict[str, int]:
    """Return how many cases and uploaded files an account holds (2 queries)."""
    return {
        "case_count": Case.objects.filter(owner=user).count(),
        "file_count": EvidenceItem.objects.filter(case__owner=user).exclude(file="").count(),
    }
