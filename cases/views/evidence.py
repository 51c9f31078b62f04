"""Stage 2 — evidence (证据): the transaction record, the checklist, uploads and downloads."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from cases import wording
from cases.choices import EvidenceKind, Stage
from cases.facts import THUMBNAIL_TYPES
from cases.forms.common import first_values
from cases.forms.evidence import EvidenceItemForm, TransactionRecordForm
from cases.kept_input import keeps_input
from cases.models import Case, EvidenceItem
from cases.quotas import evidence_room, upload_refusal
from cases.rules.progress import REQUIRED_EVIDENCE, evidence_completeness
from cases.selectors.case import case_for_request, stage_state
from cases.selectors.evidence import (
    NEWEST_PER_KIND,
    evidence_item_for_case,
    evidence_listing,
    evidence_usage,
    present_kinds,
)
from cases.selectors.texts import wizard_texts
from cases.services import evidence as evidence_services
from cases.uploads import (
    EvidenceSizeLimitHandler,
    largest_limit,
    request_too_large,
    too_large_message,
)
from cases.views.common import (
    CONFLICT_MESSAGE,
    HtmxHttpRequest,
    invite_sign_up,
    redirect_after_post,
    save_list_draft,
    save_stage_form,
    stage_url,
)

RECORD_DRAFT = evidence_services.RECORD_DRAFT
ITEM_DRAFT = evidence_services.ITEM_DRAFT


# A key no item has: each kind of link is reversed once and filled in per item.
_ANY_ITEM = str(uuid.UUID(int=0))


def _with_links(case: Case, items: list[EvidenceItem]) -> list[EvidenceItem]:
    """Give each listed item its thumbnail, download and delete addresses, one reverse each."""
    patterns = {
        name: reverse(f"cases:evidence_{name}", args=[case.pk, _ANY_ITEM])
        for name in ("thumb", "download", "delete")
    }
    for item in items:
        pk = str(item.pk)
        item.thumb_url = patterns["thumb"].replace(_ANY_ITEM, pk)
        item.download_url = patterns["download"].replace(_ANY_ITEM, pk)
        item.delete_url = patterns["delete"].replace(_ANY_ITEM, pk)
    return items


def _evidence_context(
    request: HttpRequest,
    case: Case,
    *,
    record_form: TransactionRecordForm | None = None,
    item_form: EvidenceItemForm | None = None,
    conflict: bool = False,
) -> dict[str, Any]:
    state = stage_state(case=case, stage=Stage.EVIDENCE)
    if record_form is None:
        draft = state.draft.get(RECORD_DRAFT)
        record_form = TransactionRecordForm(
            initial=TransactionRecordForm.initial_for(case=case, draft=draft)
        )
    if item_form is None:
        item_form = EvidenceItemForm(initial=first_values(state.draft.get(ITEM_DRAFT)))
    # The newest of each kind, so the page costs the same with 5 items or 50 (issue 18);
    # ?all=1 lists every one. The item just added is the newest of its kind: always listed.
    show_all = request.GET.get("all") == "1"
    listing = evidence_listing(case=case, newest=None if show_all else NEWEST_PER_KIND)
    present = present_kinds(case=case, kinds=listing.counts)
    listed = _with_links(case, listing.items)
    have, total = evidence_completeness(present)
    texts = wizard_texts()
    kinds = [(kind, True) for kind in REQUIRED_EVIDENCE] + [(EvidenceKind.OTHER, False)]
    checklist = []
    for kind, required in kinds:
        items = [item for item in listed if item.kind == kind]
        count = listing.counts.get(kind, 0)
        checklist.append(
            {
                "kind": kind,
                "label": EvidenceKind(kind).label,
                "items": items,
                "count": count,
                "hidden": count - len(items),
                "present": kind in present,  # 交易记录: also once its form holds the order facts
                "required": required,
                "hint": texts.get(f"evidence_hint_{kind}", ""),
            }
        )
    return {
        "case": case,
        "state": state,
        "record_form": record_form,
        "item_form": item_form,
        "checklist": checklist,
        "have": have,
        "total": total,
        "thumbnail_types": THUMBNAIL_TYPES,
        # A complete record folds away; the labels say what a missing one still lacks.
        "record_missing": [field.label for field in record_form if field.value() in (None, "")],
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        # Counted over every item, listed or not.
        "room": evidence_room(
            anonymous=case.owner_id is None, files=listing.files, size=listing.size
        ),
        "show_all": show_all,
        "evidence_total": listing.total,
        "newest_per_kind": NEWEST_PER_KIND,
        "page_url": reverse("cases:evidence", args=[case.pk]),
        "document_limit": wording.file_size(settings.EVIDENCE_MAX_BYTES),
        "video_limit": wording.file_size(settings.EVIDENCE_VIDEO_MAX_BYTES),
        "next_url": stage_url(case.pk, Stage.NEGOTIATION),
        "texts": texts,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@keeps_input(stage=Stage.EVIDENCE, form=TransactionRecordForm, draft=RECORD_DRAFT)
def evidence(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    if request.method == "GET":
        return render(request, "cases/evidence.html", _evidence_context(request, case))
    form = TransactionRecordForm(request.POST)

    def conflict(typed: TransactionRecordForm) -> HttpResponse:
        fresh = case_for_request(request=request, case_id=case_id)
        context = _evidence_context(request, fresh, record_form=typed, conflict=True)
        return render(request, "cases/evidence.html", context, status=409)

    saved = save_stage_form(
        request,
        case=case,
        stage=Stage.EVIDENCE,
        draft=RECORD_DRAFT,
        form=form,
        save=lambda version: evidence_services.transaction_record_save(
            case=case, fields=form.submitted_answers(), version=version
        ),
        conflict=conflict,
        url=reverse("cases:evidence", args=[case.pk]) + "#meter-title",
        saved="交易记录已保存，后面的步骤会自动用上。",
    )
    if saved:
        return saved
    context = _evidence_context(request, case, record_form=form)
    return render(request, "cases/evidence.html", context)


@never_cache
@csrf_exempt
@require_POST
@keeps_input(stage=Stage.EVIDENCE, form=EvidenceItemForm, draft=ITEM_DRAFT)
def evidence_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Add an evidence item; the upload handler goes in before anything reads the body."""
    if request_too_large(request):
        # Refuse before reading a byte of the body (which also holds the CSRF token).
        return _refuse_oversized_request(request, case_id)
    limiter = EvidenceSizeLimitHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _evidence_add(request, case_id, limiter)


def _refuse_oversized_request(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    context = _evidence_context(request, case)
    context["upload_refused"] = too_large_message(largest_limit())
    template = "cases/evidence.html#item_form" if request.htmx else "cases/evidence.html"
    return render(request, template, context, status=200 if request.htmx else 413)


@csrf_protect
def _evidence_add(
    request: HtmxHttpRequest, case_id: uuid.UUID, limiter: EvidenceSizeLimitHandler
) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    page_url = reverse("cases:evidence", args=[case.pk])
    if request.POST.get("action") == "draft":
        # A draft keeps no file: its input is checked without one.
        draft_form = EvidenceItemForm(request.POST)
        drafted = save_list_draft(
            request,
            case=case,
            stage=Stage.EVIDENCE,
            draft=ITEM_DRAFT,
            form=draft_form,
            url=page_url,
            drafted="草稿已保存（文件不会存进草稿，正式保存时再选）。",
        )
        if drafted:
            return drafted
        template = "cases/evidence.html#item_form" if request.htmx else "cases/evidence.html"
        return render(request, template, _evidence_context(request, case, item_form=draft_form))
    files, size = evidence_usage(case=case)
    form = EvidenceItemForm(
        request.POST,
        request.FILES,
        refused_limit=limiter.refused_limit,
        room=evidence_room(anonymous=case.owner_id is None, files=files, size=size),
    )
    status = 200
    if form.is_valid():
        inspected = form.inspected
        refusal = upload_refusal(request, size=inspected.size if inspected else 0)
        if refusal:
            form.add_error(None, refusal)
            # htmx swaps only a 2xx answer into the page; a plain form post hears 429.
            status = 200 if request.htmx else 429
        else:
            try:
                item = evidence_services.evidence_item_add(
                    case=case,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    occurred_at=form.cleaned_data["occurred_at"],
                    upload=form.cleaned_data["file"],
                    inspected=inspected,
                )
            except evidence_services.EvidenceQuotaError as full:
                # Another upload filled the case since this form was checked.
                form.add_error("file", str(full))
            else:
                note = (
                    "已保存证据。文件的存证摘要（SHA-256）在这条证据的“存证详情”里。"
                    if item.sha256
                    else "已保存证据。"
                )
                messages.success(request, note)
                invite_sign_up(request)
                # The new item, in view, with the checklist's tick just above it.
                return redirect_after_post(request, f"{page_url}#item-{item.pk}")
    context = _evidence_context(request, case, item_form=form)
    template = "cases/evidence.html#item_form" if request.htmx else "cases/evidence.html"
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def evidence_delete(
    request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    item = evidence_item_for_case(case=case, item_id=item_id)
    if request.method == "GET":
        return render(request, "cases/evidence_delete.html", {"case": case, "item": item})
    had_file = bool(item.file)
    evidence_services.evidence_item_delete(item=item)
    messages.success(request, "这条证据和它的文件已删除。" if had_file else "这条证据已删除。")
    return redirect("cases:evidence", case_id=case.pk)
