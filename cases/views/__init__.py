"""Wizard pages. Thin: parse with a form, call a service or selector, redirect or render.

Every view that takes a case_id finds the case through a selector that answers
404 to anyone but its owner. Case pages are private: never cached anywhere.
"""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from cases import selectors, services
from cases.eligibility import EligibilityAnswers, Verdict, eligibility_verdict
from cases.forms import (
    CaseResolveForm,
    CaseStartForm,
    EligibilityForm,
    EvidenceItemForm,
    StageForm,
    TransactionRecordForm,
)
from cases.models import Case, EvidenceKind, Stage, StageState
from cases.progress import (
    REQUIRED_EVIDENCE,
    STAGE_NAMES,
    NegotiationFacts,
    evidence_completeness,
    missing_evidence,
    next_action,
    stage_statuses,
)
from cases.uploads import (
    EvidenceSizeLimitHandler,
    download_name,
    largest_limit,
    megabytes,
    request_too_large,
    too_large_message,
)

# Keys of a POST that are not user input and never go into a draft.
NOT_INPUT = {"csrfmiddlewaretoken", "version", "action"}
STATUS_TAGS = {"todo": "todo", "in_progress": "progress", "done": "done", "na": "na"}
STATUS_LABELS = {"todo": "未开始", "in_progress": "进行中", "done": "已完成", "na": "不适用"}
SIGN_UP_INVITE = (
    "已保存。你还没有登录，进度只保存在这个浏览器里；"
    "注册一个账号，这个案件会自动转进账号，换手机也能接着做。"
)
CONFLICT_MESSAGE = (
    "没有保存：这一步刚刚在另一个标签页或设备上保存过。你填的内容还在下面；"
    "看看总览页上现在保存的答案，确认要用这里的内容时，再点一次保存就会替换它。"
)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def redirect_after_post(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """Redirect after a save: a 302 without JavaScript, a full page load for htmx."""
    if not request.htmx:
        return redirect(url)
    # htmx sets location.href, and a URL that differs from the current one only by its
    # #fragment just scrolls: what was saved would not show. Reload instead.
    page = url.split("#", 1)[0]
    current = request.htmx.current_url_abs_path
    if current is None:
        return HttpResponseClientRedirect(page)
    if page == current.split("#", 1)[0]:
        return HttpResponseClientRefresh()
    return HttpResponseClientRedirect(url)


def stage_url(case_id: uuid.UUID, stage: str) -> str | None:
    """Return the URL of a stage page, or None while that stage has no page yet."""
    try:
        return reverse(f"cases:{stage}", kwargs={"case_id": case_id})
    except NoReverseMatch:
        return None


def posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def raw_input(request: HttpRequest) -> dict[str, list[str]]:
    return {key: values for key, values in request.POST.lists() if key not in NOT_INPUT}


def initial_from_input(form_class: type[StageForm], request: HttpRequest) -> dict[str, Any]:
    """Return the posted input as initial values, to redisplay it without error messages."""
    return form_class.initial_from_raw(raw_input(request))


def case_statuses(case: Case) -> dict[str, str]:
    stored = {stage: state.status for stage, state in selectors.stage_states(case).items()}
    return stage_statuses(
        stored, private_transfer=case.payment_method == "private", resolved=bool(case.resolution)
    )


def task_list(case: Case, statuses: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "stage": stage,
            "name": STAGE_NAMES[stage],
            "status": status,
            "status_label": STATUS_LABELS[status],
            "tag": STATUS_TAGS[status],
            "url": stage_url(case.pk, stage),
        }
        for stage, status in statuses.items()
    ]


def next_action_for(
    case: Case, statuses: dict[str, str], negotiation: NegotiationFacts | None = None
) -> dict[str, Any]:
    action = next_action(statuses, resolved=bool(case.resolution), negotiation=negotiation)
    url = stage_url(case.pk, action.stage) if action.stage else None
    overdue = negotiation.overdue_deadline if negotiation and action.kind == "overdue" else None
    return {
        "label": action.label,
        "kind": action.kind,
        "stage": action.stage,
        "url": url,
        "overdue_deadline": overdue,
    }


def _verdict(answers: EligibilityAnswers) -> Verdict:
    return eligibility_verdict(answers, police_threshold=Decimal(settings.POLICE_AMOUNT_THRESHOLD))


def _answers_from_form(form: EligibilityForm) -> EligibilityAnswers:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    return EligibilityAnswers(
        goods_kind=data.get("goods_kind") or "",
        problems=frozenset(data.get("problems") or ()),
        no_refund_notice=data.get("no_refund_notice"),
        fraud_signs=data.get("fraud_signs"),
        payment_method=data.get("payment_method") or "",
        amount=data.get("amount"),
    )


def invite_sign_up(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        messages.info(request, SIGN_UP_INVITE)


@never_cache
@require_safe
def case_list(request: HtmxHttpRequest) -> HttpResponse:
    rows = []
    cases = selectors.cases_for_dashboard(request=request)
    negotiations = selectors.negotiation_facts_for(cases=cases)
    for case in cases:
        statuses = case_statuses(case)
        rows.append(
            {
                "case": case,
                "tasks": task_list(case, statuses),
                "next": next_action_for(case, statuses, negotiations.get(case.pk)),
                "last_activity": case.last_event_at or case.updated_at,
            }
        )
    return render(request, "cases/case_list.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def case_new(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        stage = request.GET.get("stage", "")
        form = CaseStartForm(initial={"stage": stage if stage in Stage.values else ""})
        return render(request, "cases/case_new.html", {"form": form})
    form = CaseStartForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/case_new.html", {"form": form})
    if request.user.is_authenticated:
        owner, session_key = request.user, ""
    else:
        if not request.session.session_key:
            request.session.create()
        owner, session_key = None, request.session.session_key
    case = services.case_create(
        owner=owner,
        session_key=session_key,
        product_name=form.cleaned_data["product_name"],
        platform_name=form.cleaned_data["platform_name"],
    )
    stage = form.cleaned_data["stage"] or Stage.ELIGIBILITY
    return redirect(stage_url(case.pk, stage) or reverse("cases:overview", args=[case.pk]))


@never_cache
@require_safe
def case_overview(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_with_records(request=request, case_id=case_id)
    statuses = case_statuses(case)
    items = list(case.evidence.all())
    have, total = evidence_completeness(item.kind for item in items)
    texts = selectors.wizard_texts()
    next_step = next_action_for(
        case, statuses, selectors.negotiation_facts_for(cases=[case]).get(case.pk)
    )
    context = {
        "case": case,
        "tasks": task_list(case, statuses),
        "next": next_step,
        # One plain sentence under the button: what that stage will ask of the buyer.
        "next_hint": texts.get(f"next_{next_step['stage']}", "") if next_step["stage"] else "",
        # Once something is uploaded, name what is still missing (the hint names all three).
        "missing_evidence": [
            EvidenceKind(kind).label for kind in missing_evidence(item.kind for item in items)
        ]
        if next_step["stage"] == Stage.EVIDENCE and items
        else [],
        "verdict": _verdict(selectors.eligibility_answers(case)) if case.problems else None,
        "evidence_count": len(items),
        "evidence_have": have,
        "evidence_total": total,
        "events": case.events.all(),
        # Case record: the resolve form, and the closing checklist once the case is resolved.
        "resolve_form": CaseResolveForm(initial={"resolution": case.resolution}),
        "texts": texts,
    }
    return render(request, "cases/case_overview.html", context)


# Stage 1 — eligibility


@never_cache
@require_http_methods(["GET", "POST"])
def eligibility(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_for_request(request=request, case_id=case_id)
    state = selectors.stage_state(case=case, stage=Stage.ELIGIBILITY)
    page_url = reverse("cases:eligibility", args=[case.pk])
    status = 200
    conflict = False
    if request.method == "GET":
        draft = state.draft.get("eligibility")
        form = EligibilityForm(initial=EligibilityForm.initial_for(case=case, draft=draft))
        verdict = _verdict(selectors.eligibility_answers(case)) if case.problems else None
    else:
        form = EligibilityForm(request.POST)
        try:
            if request.POST.get("action") == "draft":
                services.stage_draft_save(
                    case=case,
                    stage=Stage.ELIGIBILITY,
                    form_name="eligibility",
                    data=raw_input(request),
                    version=posted_version(request),
                )
                messages.success(request, "草稿已保存。下次打开这一页，会自动填回你写的内容。")
                return redirect(page_url)
            if form.is_valid():
                services.eligibility_save(
                    case=case, answers=form.submitted_answers(), version=posted_version(request)
                )
                messages.success(request, "已保存。结论和理由在下面。")
                return redirect(page_url)
        except services.StaleStageError:
            conflict, status = True, 409
            # Read again: the stored state may not even have existed when this request began.
            case = selectors.case_for_request(request=request, case_id=case_id)
            state = selectors.stage_state(case=case, stage=Stage.ELIGIBILITY)
            form = EligibilityForm(initial=initial_from_input(EligibilityForm, request))
        verdict = _verdict(_answers_from_form(form)) if form.is_bound else None
    context = {
        "case": case,
        "form": form,
        "state": state,
        "verdict": verdict,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        "next_url": stage_url(case.pk, Stage.EVIDENCE),
        "texts": selectors.wizard_texts(),
    }
    return render(request, "cases/eligibility.html", context, status=status)


@never_cache
@require_POST
def eligibility_verdict_fragment(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Return the verdict for the answers as typed so far, without saving them."""
    case = selectors.case_for_request(request=request, case_id=case_id)
    form = EligibilityForm(request.POST)
    form.is_valid()
    context = {"case": case, "verdict": _verdict(_answers_from_form(form))}
    return render(request, "cases/eligibility.html#verdict", context)


# Stage 2 — evidence


def _evidence_context(
    request: HttpRequest,
    case: Case,
    *,
    record_form: TransactionRecordForm | None = None,
    item_form: EvidenceItemForm | None = None,
    conflict: bool = False,
) -> dict[str, Any]:
    state: StageState = selectors.stage_state(case=case, stage=Stage.EVIDENCE)
    if record_form is None:
        draft = state.draft.get("transaction")
        record_form = TransactionRecordForm(
            initial=TransactionRecordForm.initial_for(case=case, draft=draft)
        )
    if item_form is None:
        draft = state.draft.get("item") or {}
        item_form = EvidenceItemForm(initial={k: v[0] for k, v in draft.items() if v})
    items = selectors.evidence_for_case(case=case)
    have, total = evidence_completeness(item.kind for item in items)
    texts = selectors.wizard_texts()
    checklist = [
        {"kind": kind, "label": EvidenceKind(kind).label, "items": [], "required": True}
        for kind in REQUIRED_EVIDENCE
    ]
    checklist.append(
        {"kind": "other", "label": EvidenceKind.OTHER.label, "items": [], "required": False}
    )
    for entry in checklist:
        entry["hint"] = texts.get(f"evidence_hint_{entry['kind']}", "")
    by_kind = {entry["kind"]: entry for entry in checklist}
    for item in items:
        by_kind[item.kind]["items"].append(item)
    return {
        "case": case,
        "state": state,
        "record_form": record_form,
        "item_form": item_form,
        "checklist": checklist,
        "have": have,
        "total": total,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        "document_limit": megabytes(settings.EVIDENCE_MAX_BYTES),
        "video_limit": megabytes(settings.EVIDENCE_VIDEO_MAX_BYTES),
        "next_url": stage_url(case.pk, Stage.NEGOTIATION),
        "texts": texts,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def evidence(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_for_request(request=request, case_id=case_id)
    if request.method == "GET":
        return render(request, "cases/evidence.html", _evidence_context(request, case))
    page_url = reverse("cases:evidence", args=[case.pk])
    form = TransactionRecordForm(request.POST)
    try:
        if request.POST.get("action") == "draft":
            services.stage_draft_save(
                case=case,
                stage=Stage.EVIDENCE,
                form_name="transaction",
                data=raw_input(request),
                version=posted_version(request),
            )
            messages.success(request, "草稿已保存。下次打开这一页，会自动填回你写的内容。")
            invite_sign_up(request)
            return redirect(page_url)
        if form.is_valid():
            services.transaction_record_save(
                case=case, fields=form.submitted_answers(), version=posted_version(request)
            )
            messages.success(request, "交易记录已保存，后面的步骤会自动用上。")
            invite_sign_up(request)
            return redirect(page_url)
    except services.StaleStageError:
        case = selectors.case_for_request(request=request, case_id=case_id)
        form = TransactionRecordForm(initial=initial_from_input(TransactionRecordForm, request))
        context = _evidence_context(request, case, record_form=form, conflict=True)
        return render(request, "cases/evidence.html", context, status=409)
    context = _evidence_context(request, case, record_form=form)
    return render(request, "cases/evidence.html", context)


@never_cache
@csrf_exempt
@require_POST
def evidence_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Add an evidence item; the upload handler goes in before anything reads the body."""
    if request_too_large(request):
        # Refuse before reading a byte of the body (which also holds the CSRF token).
        return _refuse_oversized_request(request, case_id)
    limiter = EvidenceSizeLimitHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _evidence_add(request, case_id, limiter)


def _refuse_oversized_request(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_for_request(request=request, case_id=case_id)
    context = _evidence_context(request, case)
    context["upload_refused"] = too_large_message(largest_limit())
    template = "cases/evidence.html#item_form" if request.htmx else "cases/evidence.html"
    return render(request, template, context, status=200 if request.htmx else 413)


@csrf_protect
def _evidence_add(
    request: HtmxHttpRequest, case_id: uuid.UUID, limiter: EvidenceSizeLimitHandler
) -> HttpResponse:
    case = selectors.case_for_request(request=request, case_id=case_id)
    page_url = reverse("cases:evidence", args=[case.pk])
    if request.POST.get("action") == "draft":
        try:
            services.stage_draft_save(
                case=case,
                stage=Stage.EVIDENCE,
                form_name="item",
                data=raw_input(request),
                version=posted_version(request),
            )
        except services.StaleStageError:
            messages.warning(request, "草稿没有保存：这一页在别处更新过，请刷新后再试。")
        else:
            messages.success(request, "草稿已保存（文件不会存进草稿，正式保存时再选）。")
            invite_sign_up(request)
        return redirect_after_post(request, page_url)
    form = EvidenceItemForm(request.POST, request.FILES, refused_limit=limiter.refused_limit)
    if form.is_valid():
        item = services.evidence_item_add(
            case=case,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            occurred_at=form.cleaned_data["occurred_at"],
            upload=form.cleaned_data["file"],
            inspected=form.inspected,
        )
        note = f"已保存证据。存证摘要 SHA-256：{item.sha256}" if item.sha256 else "已保存证据。"
        messages.success(request, note)
        invite_sign_up(request)
        return redirect_after_post(request, page_url)
    context = _evidence_context(request, case, item_form=form)
    template = "cases/evidence.html#item_form" if request.htmx else "cases/evidence.html"
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def evidence_delete(
    request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    case = selectors.case_for_request(request=request, case_id=case_id)
    item = selectors.evidence_item_for_case(case=case, item_id=item_id)
    if request.method == "GET":
        return render(request, "cases/evidence_delete.html", {"case": case, "item": item})
    services.evidence_item_delete(item=item)
    messages.success(request, "这条证据和它的文件已删除。")
    return redirect("cases:evidence", case_id=case.pk)


@never_cache
@require_safe
def evidence_download(
    request: HtmxHttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    """Serve the original file to its owner only, as a download the browser must not sniff."""
    case = selectors.case_for_request(request=request, case_id=case_id)
    item = selectors.evidence_item_for_case(case=case, item_id=item_id)
    if not item.file:
        return redirect("cases:evidence", case_id=case.pk)
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=download_name(item.original_name, item.content_type),
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
