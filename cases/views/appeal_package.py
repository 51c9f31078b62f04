"""Stage 4 — the appeal package: a print-ready page, a ZIP, one combined PDF, each numbered file.

Built by cases.texts.appeal_package from the case's evidence and the statement as last
saved: the draft if there is one, else the last logged appeal, else the editors' template
filled in. The appeal page (cases/views/appeal.py) shows that statement and lists the files
through the helpers here, so the page and the package cannot tell them apart.
"""

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cases.appeal_pdf import font_available, package_pdf
from cases.choices import EvidenceKind, Stage
from cases.downloads import appeal_package_zip, dated_filename, private, zip_response
from cases.facts import CaseFacts, EvidenceFacts, case_facts
from cases.models import Case, StageState
from cases.rules.progress import REQUIRED_EVIDENCE
from cases.selectors.appeal import appeal_case, appeal_page_case
from cases.selectors.case import stage_state
from cases.selectors.evidence import evidence_item_for_case
from cases.selectors.negotiation import cited_rule
from cases.selectors.texts import wizard_texts
from cases.services import appeal as appeal_services
from cases.texts import appeal as appeal_texts
from cases.texts import appeal_package
from cases.texts.appeal_package import Package, PackageEntry
from cases.thumbnails import drawable_image
from cases.views.common import HtmxHttpRequest, stage_url

PDF_UNAVAILABLE = (
    "这里暂时做不了合并 PDF（服务器上缺少中文字体）。可以下载压缩包，或者打开打印版存成 PDF。"
)


# What the appeal page shows of the package too: its statement, its files, what it lacks.


def saved_draft(state: StageState) -> dict[str, list[str]]:
    """Return the appeal form as last saved as a draft, by field name."""
    return state.draft.get(appeal_services.DRAFT_FORM) or {}


def saved_statement(case: Case, facts: CaseFacts, state: StageState, texts: dict[str, str]) -> str:
    """Return the statement as last saved: draft, else the last logged appeal, else the template."""
    drafted = (saved_draft(state).get("statement") or [""])[0]
    logged = [record.statement for record in case.appeals.all() if record.statement.strip()]
    saved = drafted if drafted.strip() else (logged[-1] if logged else "")
    if not saved:
        rule = cited_rule(case=case)
        return appeal_texts.statement_from(texts["appeal_statement"], facts, rule=rule)
    # A value filled in since (say the order number) replaces its 待补充 mark.
    return appeal_texts.refill(saved, facts)


def missing_kinds(facts: CaseFacts) -> list[str]:
    """Return the labels of the required kinds of evidence the case has no item of."""
    kinds = {item.kind for item in facts.evidence}
    return [EvidenceKind(kind).label for kind in REQUIRED_EVIDENCE if kind not in kinds]


# A key no item has: each kind of link is reversed once and filled in per file.
_ANY_ITEM = str(uuid.UUID(int=0))


def with_links(case: Case, entries: Sequence[PackageEntry]) -> list[dict[str, Any]]:
    """Return the listed files with their thumbnail and download addresses, one reverse each."""
    thumb = reverse("cases:evidence_thumb", args=[case.pk, _ANY_ITEM])
    download = reverse("cases:appeal_file", args=[case.pk, _ANY_ITEM])
    rows = []
    for entry in entries:
        pk = str(entry.item.id) if entry.item else ""
        rows.append(
            {
                "entry": entry,
                "item": entry.item,
                "thumb_url": thumb.replace(_ANY_ITEM, pk) if pk else "",
                "download_url": download.replace(_ANY_ITEM, pk) if pk else "",
            }
        )
    return rows


# The package: a print-ready page, a ZIP, one combined PDF and each file by its number.


def _package(case: Case, facts: CaseFacts, state: StageState, texts: dict[str, str]) -> Package:
    statement = saved_statement(case, facts, state, texts)
    description = appeal_texts.problem_description(facts, statement=statement)
    items = list(facts.evidence)
    return appeal_package.build_package(items, statement=statement, description=description)


@never_cache
@require_safe
def appeal_print(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Show the whole package in order, one section per printed page, every file fingerprinted."""
    case = appeal_page_case(request=request, case_id=case_id)
    state = stage_state(case=case, stage=Stage.APPEAL)
    facts = case_facts(case)
    package = _package(case, facts, state, wizard_texts())
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
        "missing_kinds": missing_kinds(facts),
        "statement_incomplete": appeal_texts.has_missing_mark(package.description),
        "evidence_url": stage_url(case.pk, Stage.EVIDENCE),
        "generated_at": timezone.localtime(),
        "pdf_ready": font_available(settings.APPEAL_PDF_FONT),
    }
    return render(request, "cases/appeal_print.html", context)


@never_cache
@require_safe
def appeal_zip(request: HtmxHttpRequest, case_id: uuid.UUID) -> StreamingHttpResponse:
    """Download the package as a ZIP, streamed: a large video is never held in memory."""
    case = appeal_case(request=request, case_id=case_id)
    state = stage_state(case=case, stage=Stage.APPEAL)
    package = _package(case, case_facts(case), state, wizard_texts())
    files = {item.pk: item.file for item in case.evidence.all() if item.file}
    name = f"申诉材料-{case.order_number or case.display_title}"
    return zip_response(appeal_package_zip(package, files), name=name, fallback="申诉材料")


@never_cache
@require_safe
def appeal_pdf(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Download the package as one PDF: one page per image, the problem description as text."""
    case = appeal_case(request=request, case_id=case_id)
    if not font_available(settings.APPEAL_PDF_FONT):
        messages.error(request, PDF_UNAVAILABLE)
        return redirect(f"{reverse('cases:appeal', args=[case.pk])}#package-title")
    state = stage_state(case=case, stage=Stage.APPEAL)
    package = _package(case, case_facts(case), state, wizard_texts())
    stored = {item.pk: item for item in case.evidence.all()}

    def open_image(item: EvidenceFacts):
        drawable = drawable_image(stored[item.id]) if item.id in stored else None
        return drawable[0] if drawable else None

    data = package_pdf(
        package,
        open_image=open_image,
        font=settings.APPEAL_PDF_FONT,
        title=f"平台申诉材料：{case.display_title}",
        max_pixels=settings.EVIDENCE_MAX_PIXELS,
    )
    name = f"申诉材料-{case.order_number or case.display_title}"
    filename = dated_filename(name, fallback="申诉材料", extension="pdf")
    return private(HttpResponse(data, content_type="application/pdf"), filename=filename)


@never_cache
@require_safe
def appeal_description(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Download the package's problem description alone, under its numbered name: a buyer
    uploading file by file on a phone needs it as much as the evidence files."""
    case = appeal_case(request=request, case_id=case_id)
    state = stage_state(case=case, stage=Stage.APPEAL)
    package = _package(case, case_facts(case), state, wizard_texts())
    name = next(e.name for e in package.entries if e.section == appeal_package.STATEMENT)
    data = appeal_package.text_bytes(package.description)
    response = HttpResponse(data, content_type="text/plain; charset=utf-8")
    return private(response, filename=name)


@never_cache
@require_safe
def appeal_file(request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    """Download one file of the package under its numbered name, ready to attach in order."""
    case = appeal_case(request=request, case_id=case_id)
    item = evidence_item_for_case(case=case, item_id=item_id)
    # The numbers depend on the files alone, not on the statement.
    package = appeal_package.build_package(case_facts(case).evidence, statement="", description="")
    name = next((e.name for e in package.entries if e.item and e.item.id == item.pk), None)
    if name is None or not item.file:
        raise Http404("这条证据没有文件")
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except OSError:
        raise Http404("文件不见了") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=item.content_type or "application/octet-stream",
    )
    return private(response)
