"""Stage 4 — platform appeal: where to click, the statement, the evidence package, the log.

The page names and counts the package's files. The package itself (print page, ZIP, one
combined PDF, each file under its numbered name) is in appeal_package.py, with what the
page shows of it: the statement as last saved and the files with their links.
"""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from cases.appeal_pdf import font_available, pdf_parts
from cases.choices import AppealOutcome, PaymentMethod, Stage
from cases.facts import case_facts
from cases.forms.appeal import AppealOutcomeForm, AppealRecordForm
from cases.kept_input import keeps_input
from cases.models import AppealRecord, Case, StageState
from cases.rules import appeal as rules
from cases.rules.progress import own_reasons_only
from cases.selectors.appeal import appeal_page_case, appeal_record_for_case
from cases.selectors.case import stage_state
from cases.selectors.texts import wizard_texts
from cases.services import appeal as appeal_services
from cases.services.stage import StaleStageError
from cases.texts import appeal as appeal_texts
from cases.texts import appeal_package
from cases.texts.placeholders import FILL_PLACES
from cases.texts.values import case_values
from cases.views.appeal_package import missing_kinds, saved_draft, saved_statement, with_links
from cases.views.common import (
    CONFLICT_MESSAGE,
    HtmxHttpRequest,
    case_statuses,
    posted_version,
    redirect_after_post,
    save_stage_form,
    stage_url,
)
from guide.links import guide_url

DRAFT_FORM = appeal_services.DRAFT_FORM
# The page lists the package's first files; ?all=1 lists every one (issue 18). The print
# page, the ZIP and the PDF always hold them all.
FIRST_FILES = 8
DRAFT_ACTIONS = {"draft", "print", "zip", "pdf"}


def _record_form(state: StageState, statement: str) -> AppealRecordForm:
    """Return the log's form holding the statement as last saved (the package's)."""
    initial: dict[str, Any] = AppealRecordForm.initial_from_raw(saved_draft(state))
    initial["statement"] = statement
    if not initial.get("submitted_at"):
        initial["submitted_at"] = timezone.localtime().replace(second=0, microsecond=0)
    return AppealRecordForm(initial=initial)


def _next_step(case: Case, records: list[AppealRecord]) -> dict[str, Any]:
    """Return what the buyer should do next, from the latest appeal's outcome."""
    # Issue 17: past the platform's expected answer time the wait is overdue (the reminder
    # mail says so too, and links here).
    due = (
        rules.answer_due(records[-1].submitted_at, answer_days=settings.APPEAL_ANSWER_DAYS)
        if records
        else None
    )
    own_reason = own_reasons_only(case.problems, case.fraud_signs)
    kind = rules.next_step(
        outcomes=[record.outcome for record in records],
        resolved=bool(case.resolution),
        answer_due=due,
        now=timezone.now(),
        own_reason=own_reason,
    )
    if kind == rules.OVERDUE:
        days = settings.APPEAL_ANSWER_DAYS
        submitted = timezone.localtime(records[-1].submitted_at)
        return {
            "kind": kind,
            "answer_days": days,
            "submitted": submitted,
            "goodwill": own_reason,
        }
    overview = reverse("cases:overview", args=[case.pk])
    outcome = records[-1].get_outcome_display() if records else ""
    if kind == rules.ESCALATE:
        url = stage_url(case.pk, Stage.ESCALATION) or guide_url("escalate")
        return {"kind": kind, "url": url, "outcome": outcome}
    if kind == rules.DECLINED:  # the way on is to record how it ended, on the overview
        return {"kind": kind, "url": f"{overview}#resolve-title", "outcome": outcome}
    if kind in (rules.CLOSED, rules.REFUNDED):
        return {"kind": kind, "url": overview}
    return {"kind": kind}


def _missing_places(case: Case, missing: list) -> list[dict[str, Any]]:
    """Return where each missing value is filled in, the values of one place together."""
    places: dict[str, dict[str, Any]] = {}
    for value in missing:
        url = stage_url(case.pk, value.stage) if value.stage else None
        where = FILL_PLACES.get(value.stage, "") if url else ""
        place = places.setdefault(where, {"url": url, "where": where, "labels": []})
        place["labels"].append(value.label)
    return list(places.values())


def _open_sections(
    form: AppealRecordForm,
    outcome_forms: dict[int, AppealOutcomeForm],
    *,
    conflict: bool,
    next_step: str,
    negotiated: bool,
) -> set[str]:
    """Return the sections shown open: every one holding an error, else the one to do now."""
    opened = set()
    if conflict or "statement" in form.errors:
        opened.add("statement")
    if form.errors.keys() - {"statement"}:
        opened.add("log")
    if any(outcome.errors for outcome in outcome_forms.values()):
        opened.add("records")
    if opened:
        return opened
    # Nothing filed yet: copy the statement (once the seller was asked first: until then the
    # warning to negotiate is what to do). Filed: come back for the platform's answer.
    if next_step == rules.START and not negotiated:
        return set()
    default = {rules.START: "statement", rules.WAIT: "records", rules.OVERDUE: "records"}.get(
        next_step
    )
    return {default} if default else set()


def _page_context(
    request: HtmxHttpRequest,
    case: Case,
    *,
    form: AppealRecordForm | None = None,
    outcome_forms: dict[int, AppealOutcomeForm] | None = None,
    conflict: bool = False,
) -> dict[str, Any]:
    texts = wizard_texts()
    state = stage_state(case=case, stage=Stage.APPEAL)
    statuses = case_statuses(case)
    facts = case_facts(case)
    saved = saved_statement(case, facts, state, texts)
    # The page names and counts the files; the problem description, a text that grows with
    # the case, is only written into the print page, the ZIP and the PDF (issue 18).
    package = appeal_package.build_package(facts.evidence, statement=saved, description="")
    form = form or _record_form(state, saved)
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
    missing = appeal_texts.missing_for(texts["appeal_statement"], case_values(facts))
    next_step = _next_step(case, records)
    negotiated = bool(case.negotiations.all())
    opened = _open_sections(
        form, outcome_forms, conflict=conflict, next_step=next_step["kind"], negotiated=negotiated
    )
    pdf_pages, apart = pdf_parts(package)
    show_all = request.GET.get("all") == "1"
    if show_all and len(opened) <= 1:
        opened = {"package"}  # the full list was asked for
    entries = package.entries if show_all else package.entries[:FIRST_FILES]
    return {
        "case": case,
        # The links out of the page save this form first (case_tags.way_out).
        "leave_form": "appeal-form",
        "state": state,
        "status": statuses[Stage.APPEAL],
        "private": case.payment_method == PaymentMethod.PRIVATE,
        "texts": texts,
        "where_steps": [
            line.strip() for line in texts["appeal_where"].splitlines() if line.strip()
        ],
        "negotiated": negotiated,
        # Only the buyer's own reasons (不需要了、太贵): an appeal would be asking for 通融.
        "own_reasons_only": facts.seller_fault is False,
        "negotiation_url": stage_url(case.pk, Stage.NEGOTIATION),
        "eligibility_url": stage_url(case.pk, Stage.ELIGIBILITY),
        "evidence_url": stage_url(case.pk, Stage.EVIDENCE),
        "escalation_url": stage_url(case.pk, Stage.ESCALATION),
        "form": form,
        "statement_incomplete": appeal_texts.has_missing_mark(statement),
        "missing": _missing_places(case, missing),
        "package": package,
        "entries": with_links(case, entries),
        "more_files": len(package.entries) - len(entries),
        "show_all": show_all,
        "pdf_pages": len(pdf_pages),
        "pdf_images": len(pdf_pages) - 1,
        "apart": apart,
        "pdf_ready": font_available(settings.APPEAL_PDF_FONT),
        "missing_kinds": missing_kinds(facts),
        "rows": rows,
        "next_step": next_step,
        # An exclusive accordion would close all but one of several sections with errors.
        "open_sections": opened,
        "exclusive": len(opened) <= 1,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
    }


@never_cache
@require_safe
def appeal(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = appeal_page_case(request=request, case_id=case_id)
    return render(request, "cases/appeal.html", _page_context(request, case))


@never_cache
@require_POST
@keeps_input(stage=Stage.APPEAL, form=AppealRecordForm, draft=DRAFT_FORM)
def appeal_record_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Save the statement as a draft (and open the package), or log the submitted appeal."""
    case = appeal_page_case(request=request, case_id=case_id)
    page_url = reverse("cases:appeal", args=[case.pk])
    action = request.POST.get("action", "save")
    form = AppealRecordForm(request.POST)
    # Opening the package saves the statement first, quietly: the package is the answer.
    package_urls = {
        "zip": reverse("cases:appeal_zip", args=[case.pk]),
        "pdf": reverse("cases:appeal_pdf", args=[case.pk]),
        "print": reverse("cases:appeal_print", args=[case.pk]),
    }

    def conflict(typed: AppealRecordForm) -> HttpResponse:
        fresh = appeal_page_case(request=request, case_id=case_id)
        context = _page_context(request, fresh, form=typed, conflict=True)
        return render(request, "cases/appeal.html", context, status=409)

    saved = save_stage_form(
        request,
        case=case,
        stage=Stage.APPEAL,
        draft=DRAFT_FORM,
        form=form,
        is_draft=action in DRAFT_ACTIONS,
        save=lambda version: appeal_services.appeal_record_add(
            case=case,
            submitted_at=form.cleaned_data["submitted_at"],
            ticket_number=form.cleaned_data["ticket_number"],
            statement=form.cleaned_data["statement"],
            version=version,
        ),
        conflict=conflict,
        url=f"{page_url}#records-title",
        saved="已记录这次申诉。平台有结果后，回到这一页更新结果。",
        draft_url=package_urls.get(action, page_url),
        drafted="" if action in package_urls else "草稿已保存。材料包里的申诉说明也换成了这一版。",
        invite=action not in package_urls,
        # Each download would otherwise add 保存了草稿 to the timeline: nothing the buyer did.
        quiet=action in package_urls,
    )
    return saved or render(request, "cases/appeal.html", _page_context(request, case, form=form))


def _unchanged_outcome(outcome: str) -> str:
    if outcome == AppealOutcome.PENDING:
        return "没有改动：平台有结果后，选好结果再保存。"
    return f"没有改动：结果还是“{AppealOutcome(outcome).label}”。"


@never_cache
@require_POST
@keeps_input(stage=Stage.APPEAL, form=AppealOutcomeForm)
def appeal_record_update(
    request: HtmxHttpRequest, case_id: uuid.UUID, appeal_id: int
) -> HttpResponse:
    """Record what the platform decided on one logged appeal."""
    case = appeal_page_case(request=request, case_id=case_id)
    record = appeal_record_for_case(case=case, appeal_id=appeal_id)
    form = AppealOutcomeForm(request.POST, prefix=f"appeal-{record.pk}")
    if not form.is_valid():
        context = _page_context(request, case, outcome_forms={record.pk: form})
        return render(request, "cases/appeal.html", context)
    outcome = form.cleaned_data["outcome"]
    try:
        changed = appeal_services.appeal_outcome_update(
            record=record, outcome=outcome, version=posted_version(request)
        )
    except StaleStageError:
        case = appeal_page_case(request=request, case_id=case_id)
        context = _page_context(request, case, outcome_forms={record.pk: form}, conflict=True)
        return render(request, "cases/appeal.html", context, status=409)
    if not changed:
        messages.info(request, _unchanged_outcome(outcome))
        return redirect_after_post(request, reverse("cases:appeal", args=[case.pk]) + "#next-title")
    if outcome == AppealOutcome.REFUNDED:
        messages.success(request, "已记录：平台判了退款。案件已结束，结果记为全额退款。")
        return redirect_after_post(request, reverse("cases:overview", args=[case.pk]))
    if outcome in rules.FAILED_OUTCOMES and own_reasons_only(case.problems, case.fraud_signs):
        # Outside channels do not take up a change of mind (stage 5 says so): no such promise.
        messages.info(request, "已记录结果。下一步见下面。")
    elif outcome in rules.FAILED_OUTCOMES:
        messages.info(request, "已记录结果。下一步可以考虑外部维权，理由和渠道见下面。")
    else:
        messages.success(request, "已记录结果。")
    # What the outcome means for the buyer is the next step, at the top of the page.
    return redirect_after_post(request, reverse("cases:appeal", args=[case.pk]) + "#next-title")
