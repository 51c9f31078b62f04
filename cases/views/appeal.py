"""Stage 4 — platform appeal: where to click, the statement, the evidence package, the log.

The package (print page and ZIP) uses the statement as last saved: the draft if
there is one, else the last logged appeal, else the editors' template filled in.
"""

import hashlib
import uuid
from collections.abc import Iterator
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZIP_STORED

import filetype
from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from zipstream import ZipStream

from cases import appeal_package, selectors, services
from cases.appeal_package import (
    COVER_FILE,
    MANIFEST_FILE,
    CaseFacts,
    EvidenceFacts,
    NegotiationFacts,
    Package,
    Written,
)
from cases.forms import AppealOutcomeForm, AppealRecordForm
from cases.models import (
    AppealOutcome,
    AppealRecord,
    Case,
    EvidenceItem,
    EvidenceKind,
    PaymentMethod,
    Problem,
    Stage,
    StageState,
)
from cases.progress import REQUIRED_EVIDENCE, STAGE_NAMES
from cases.services import appeal as appeal_services
from cases.uploads import SNIFF_BYTES, download_name
from cases.views import (
    CONFLICT_MESSAGE,
    HtmxHttpRequest,
    case_statuses,
    initial_from_input,
    invite_sign_up,
    posted_version,
    raw_input,
    redirect_after_post,
    stage_url,
)

CHUNK_SIZE = 64 * 1024
DRAFT_FORM = appeal_services.DRAFT_FORM
DRAFT_ACTIONS = {"draft", "print", "zip"}
FAILED_OUTCOMES = {AppealOutcome.REJECTED, AppealOutcome.NO_ANSWER}
# Where the buyer fills a value the statement lacks.
STAGE_PLACES = {
    "eligibility": f"第 1 步「{STAGE_NAMES['eligibility']}」",
    "evidence": f"第 2 步「{STAGE_NAMES['evidence']}」的交易记录",
}


# Plain data for cases.appeal_package, in the buyer's local time.


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _case_facts(case: Case) -> CaseFacts:
    return CaseFacts(
        order_number=case.order_number,
        product_name=case.product_name,
        platform_name=case.platform_name,
        seller_id=case.seller_id,
        amount=case.amount,
        ordered_at=_local(case.ordered_at),
        promised_delivery=case.promised_delivery,
        problems=tuple(case.problems or ()),
    )


def _evidence_facts(item: EvidenceItem) -> EvidenceFacts:
    return EvidenceFacts(
        id=item.pk,
        kind=item.kind,
        description=item.description,
        occurred_at=_local(item.occurred_at),
        received_at=_local(item.received_at),
        created_at=_local(item.created_at),
        original_name=item.original_name,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        has_file=bool(item.file),
    )


def _negotiation_facts(case: Case) -> list[NegotiationFacts]:
    return [
        NegotiationFacts(
            sent_at=_local(attempt.sent_at),
            deadline=_local(attempt.deadline),
            seller_answer=attempt.seller_answer,
            outcome_label=attempt.get_outcome_display(),
        )
        for attempt in case.negotiations.all()
    ]


def _problem_labels(case: Case) -> list[str]:
    return [Problem(code).label for code in case.problems or () if code in Problem.values]


def _draft(state: StageState) -> dict[str, list[str]]:
    return state.draft.get(DRAFT_FORM) or {}


def _template_statement(case: Case, texts: dict[str, str]) -> str:
    return appeal_package.statement_from(texts["appeal_statement"], _case_facts(case))


def _saved_statement(case: Case, state: StageState, texts: dict[str, str]) -> str:
    """Return the statement as last saved: draft, else the last logged appeal, else the template."""
    drafted = (_draft(state).get("statement") or [""])[0]
    logged = [record.statement for record in case.appeals.all() if record.statement.strip()]
    saved = drafted if drafted.strip() else (logged[-1] if logged else "")
    if not saved:
        return _template_statement(case, texts)
    # A value filled in since (say the order number) replaces its 待补充 mark.
    return appeal_package.refill(saved, _case_facts(case))


def _package(case: Case, state: StageState, texts: dict[str, str]) -> Package:
    statement = _saved_statement(case, state, texts)
    description = appeal_package.problem_description(
        _case_facts(case),
        negotiations=_negotiation_facts(case),
        statement=statement,
        problem_labels=_problem_labels(case),
    )
    items = [_evidence_facts(item) for item in case.evidence.all()]
    return appeal_package.build_package(items, statement=statement, description=description)


# The page.


def _missing_kinds(case: Case) -> list[str]:
    """Return the labels of the required kinds of evidence the case has no item of."""
    kinds = {item.kind for item in case.evidence.all()}
    return [EvidenceKind(kind).label for kind in REQUIRED_EVIDENCE if kind not in kinds]


def _record_form(case: Case, state: StageState, texts: dict[str, str]) -> AppealRecordForm:
    initial: dict[str, Any] = AppealRecordForm.initial_from_raw(_draft(state))
    initial["statement"] = _saved_statement(case, state, texts)
    if not initial.get("submitted_at"):
        initial["submitted_at"] = timezone.localtime().replace(second=0, microsecond=0)
    return AppealRecordForm(initial=initial)


def _next_step(case: Case, records: list[AppealRecord]) -> dict[str, Any]:
    """Return what the buyer should do next, from the latest appeal's outcome."""
    if case.resolution:
        return {"kind": "closed", "url": reverse("cases:overview", args=[case.pk])}
    latest = records[-1] if records else None
    if latest is None:
        return {"kind": "start"}
    if latest.outcome in FAILED_OUTCOMES:
        url = stage_url(case.pk, Stage.ESCALATION) or reverse("guide:part", args=["escalate"])
        return {"kind": "escalate", "url": url, "outcome": latest.get_outcome_display()}
    if latest.outcome == AppealOutcome.REFUNDED:
        return {"kind": "refunded", "url": reverse("cases:overview", args=[case.pk])}
    return {"kind": "wait"}


def _page_context(
    request: HtmxHttpRequest,
    case: Case,
    *,
    form: AppealRecordForm | None = None,
    outcome_forms: dict[int, AppealOutcomeForm] | None = None,
    conflict: bool = False,
) -> dict[str, Any]:
    texts = selectors.wizard_texts()
    state = selectors.stage_state(case=case, stage=Stage.APPEAL)
    statuses = case_statuses(case)
    package = _package(case, state, texts)
    form = form or _record_form(case, state, texts)
    outcome_forms = outcome_forms or {}
    records = list(case.appeals.all())
    rows = [
        {
            "record": record,
            "form": outcome_forms.get(record.pk)
            or AppealOutcomeForm(prefix=f"appeal-{record.pk}", initial={"outcome": record.outcome}),
        }
        for record in records
    ]
    statement = str(form["statement"].value() or "")
    facts = _case_facts(case)
    missing = appeal_package.missing_for(
        texts["appeal_statement"], appeal_package.statement_values(facts)
    )
    return {
        "case": case,
        "state": state,
        "status": statuses[Stage.APPEAL],
        "private": case.payment_method == PaymentMethod.PRIVATE,
        "texts": texts,
        "where_steps": [
            line.strip() for line in texts["appeal_where"].splitlines() if line.strip()
        ],
        "negotiated": bool(case.negotiations.all()),
        "negotiation_url": stage_url(case.pk, Stage.NEGOTIATION),
        "eligibility_url": stage_url(case.pk, Stage.ELIGIBILITY),
        "evidence_url": stage_url(case.pk, Stage.EVIDENCE),
        "escalation_url": stage_url(case.pk, Stage.ESCALATION),
        "form": form,
        "statement_incomplete": appeal_package.has_missing_mark(statement),
        "missing": [
            {
                "label": value.label,
                "url": stage_url(case.pk, value.stage) if value.stage else None,
                "where": STAGE_PLACES.get(value.stage, ""),
            }
            for value in missing
        ],
        "package": package,
        "missing_kinds": _missing_kinds(case),
        "rows": rows,
        "next_step": _next_step(case, records),
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
    }


@never_cache
@require_safe
def appeal(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.appeal_case(request=request, case_id=case_id)
    return render(request, "cases/appeal.html", _page_context(request, case))


@never_cache
@require_POST
def appeal_record_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Save the statement as a draft (and open the package), or log the submitted appeal."""
    case = selectors.appeal_case(request=request, case_id=case_id)
    page_url = reverse("cases:appeal", args=[case.pk])
    action = request.POST.get("action", "save")
    form = AppealRecordForm(request.POST)
    try:
        if action in DRAFT_ACTIONS:
            services.stage_draft_save(
                case=case,
                stage=Stage.APPEAL,
                form_name=DRAFT_FORM,
                data=raw_input(request),
                version=posted_version(request),
            )
            if action == "zip":
                return redirect_after_post(request, reverse("cases:appeal_zip", args=[case.pk]))
            if action == "print":
                return redirect_after_post(request, reverse("cases:appeal_print", args=[case.pk]))
            messages.success(request, "草稿已保存。材料包里的申诉说明也换成了这一版。")
            invite_sign_up(request)
            return redirect_after_post(request, page_url)
        if form.is_valid():
            appeal_services.appeal_record_add(
                case=case,
                submitted_at=form.cleaned_data["submitted_at"],
                ticket_number=form.cleaned_data["ticket_number"],
                statement=form.cleaned_data["statement"],
                version=posted_version(request),
            )
            messages.success(request, "已记录这次申诉。平台有结果后，回到这一页更新结果。")
            invite_sign_up(request)
            return redirect_after_post(request, f"{page_url}#records-title")
    except services.StaleStageError:
        case = selectors.appeal_case(request=request, case_id=case_id)
        form = AppealRecordForm(initial=initial_from_input(AppealRecordForm, request))
        context = _page_context(request, case, form=form, conflict=True)
        return render(request, "cases/appeal.html", context, status=409)
    return render(request, "cases/appeal.html", _page_context(request, case, form=form))


@never_cache
@require_POST
def appeal_record_update(
    request: HtmxHttpRequest, case_id: uuid.UUID, appeal_id: int
) -> HttpResponse:
    """Record what the platform decided on one logged appeal."""
    case = selectors.appeal_case(request=request, case_id=case_id)
    record = selectors.appeal_record_for_case(case=case, appeal_id=appeal_id)
    form = AppealOutcomeForm(request.POST, prefix=f"appeal-{record.pk}")
    if not form.is_valid():
        context = _page_context(request, case, outcome_forms={record.pk: form})
        return render(request, "cases/appeal.html", context)
    outcome = form.cleaned_data["outcome"]
    try:
        appeal_services.appeal_outcome_update(
            record=record, outcome=outcome, version=posted_version(request)
        )
    except services.StaleStageError:
        case = selectors.appeal_case(request=request, case_id=case_id)
        context = _page_context(request, case, outcome_forms={record.pk: form}, conflict=True)
        return render(request, "cases/appeal.html", context, status=409)
    if outcome == AppealOutcome.REFUNDED:
        messages.success(request, "已记录：平台判了退款。案件已结束，结果记为全额退款。")
        return redirect_after_post(request, reverse("cases:overview", args=[case.pk]))
    if outcome in FAILED_OUTCOMES:
        messages.info(request, "已记录结果。下一步可以考虑外部维权，理由和渠道见下面。")
    else:
        messages.success(request, "已记录结果。")
    return redirect_after_post(request, reverse("cases:appeal", args=[case.pk]))


# The package: a print-ready page and a ZIP.


@never_cache
@require_safe
def appeal_print(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Show the whole package in order, one section per printed page, every file fingerprinted."""
    case = selectors.appeal_case(request=request, case_id=case_id)
    state = selectors.stage_state(case=case, stage=Stage.APPEAL)
    package = _package(case, state, selectors.wizard_texts())
    description = appeal_package.text_bytes(package.description)
    file_rows = [
        {
            "entry": entry,
            "item": entry.item,
            # The problem description is written by the site: the same bytes as in the ZIP.
            "size": entry.item.size if entry.item else len(description),
            "sha256": entry.item.sha256 if entry.item else hashlib.sha256(description).hexdigest(),
        }
        for entry in package.entries
    ]
    context = {
        "case": case,
        "package": package,
        # Numbered as printed: a part with nothing in it is left out.
        "sections": [s for s in package.sections if s.entries or s.without_file],
        "file_rows": file_rows,
        "missing_kinds": _missing_kinds(case),
        "statement_incomplete": appeal_package.has_missing_mark(package.description),
        "evidence_url": stage_url(case.pk, Stage.EVIDENCE),
        "generated_at": timezone.localtime(),
    }
    return render(request, "cases/appeal_print.html", context)


def _file_chunks(file: FieldFile, name: str, written: dict[str, Written]) -> Iterator[bytes]:
    """Yield a stored file as it is, fingerprinting the very bytes that go into the ZIP."""
    digest, size = hashlib.sha256(), 0
    try:
        handle = file.storage.open(file.name, "rb")
    except OSError:
        written[name] = Written(size=0, sha256="", missing=True)
        return
    with handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    written[name] = Written(size=size, sha256=digest.hexdigest())


def _late_text(build) -> Iterator[bytes]:
    # Runs only when the stream reaches this entry: every file before it is fingerprinted.
    yield build()


def package_zip(package: Package, files: dict[Any, FieldFile]) -> ZipStream:
    """Return the package as a streamed ZIP: numbered files, then 申诉说明.txt and the manifest."""
    written: dict[str, Written] = {}
    stream = ZipStream(compress_type=ZIP_DEFLATED)
    for entry in package.entries:
        if entry.item is None:
            data = appeal_package.text_bytes(package.description)
            written[entry.name] = Written(size=len(data), sha256=hashlib.sha256(data).hexdigest())
            stream.add(data, entry.name)
            continue
        file = files.get(entry.item.id)
        if file is None or not file.storage.exists(file.name):
            written[entry.name] = Written(size=0, sha256="", missing=True)
            continue
        # Photos and videos are compressed already: store them as they are.
        stream.add(_file_chunks(file, entry.name, written), entry.name, compress_type=ZIP_STORED)
    generated_at = timezone.localtime()
    stream.add(
        _late_text(lambda: appeal_package.text_bytes(appeal_package.cover_text(package, written))),
        COVER_FILE,
    )
    stream.add(
        _late_text(
            lambda: appeal_package.manifest_json(
                package, written, generated_at=generated_at
            ).encode("utf-8")
        ),
        MANIFEST_FILE,
    )
    return stream


@never_cache
@require_safe
def appeal_zip(request: HtmxHttpRequest, case_id: uuid.UUID) -> StreamingHttpResponse:
    """Download the package as a ZIP, streamed: a large video is never held in memory."""
    case = selectors.appeal_case(request=request, case_id=case_id)
    state = selectors.stage_state(case=case, stage=Stage.APPEAL)
    package = _package(case, state, selectors.wizard_texts())
    files = {item.pk: item.file for item in case.evidence.all() if item.file}
    response = StreamingHttpResponse(package_zip(package, files), content_type="application/zip")
    stamp = timezone.localdate().strftime("%Y%m%d")
    try:
        stem = get_valid_filename(f"申诉材料-{case.order_number or case.display_title}")[:60]
    except SuspiciousFileOperation:
        stem = "申诉材料"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-{stamp}.zip"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _drawable_image(item: EvidenceItem) -> tuple[IO[bytes], str] | None:
    """Return the open stored image and its type if a browser can draw it, else None.

    The stored bytes are sniffed again: a missing file, or content that is not the
    image type on record, gets the file icon instead of a broken picture.
    """
    if not item.file or item.content_type not in appeal_package.THUMBNAIL_TYPES:
        return None
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except (OSError, ValueError):
        return None
    try:
        head = handle.read(SNIFF_BYTES)
        handle.seek(0)
    except (OSError, ValueError):
        handle.close()
        return None
    if filetype.guess_mime(head) != item.content_type:
        handle.close()
        return None
    return handle, item.content_type


@never_cache
@require_safe
def evidence_thumb(
    request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    """Show an evidence image inline to its owner, for the print page; anyone else gets 404.

    The original is served as it is (evidence is never altered) and scaled by the
    print stylesheet. Anything a browser cannot draw (HEIC, PDF, video, a damaged
    or missing file) answers with the generic file icon, never an error.
    """
    case = selectors.case_for_request(request=request, case_id=case_id)
    item = selectors.evidence_item_for_case(case=case, item_id=item_id)
    drawable = _drawable_image(item)
    if drawable is None:
        response: HttpResponse = redirect(static("img/file.svg"))
    else:
        handle, content_type = drawable
        response = FileResponse(
            handle,
            as_attachment=False,
            filename=download_name(item.original_name, content_type),
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
