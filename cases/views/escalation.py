"""Stage 5 — outside channels (外部维权): advice, ready-to-copy texts and the complaint log."""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors
from cases.channels import C12315, HEIMAO, POLICE, recommend_channels
from cases.complaints import all_complaints, ordered
from cases.forms import EscalationDetailsForm, EscalationOutcomeForm, EscalationRecordForm
from cases.models import Case, Stage
from cases.services import StaleStageError, stage_draft_save
from cases.services import escalation as escalation_services
from cases.views import (
    CONFLICT_MESSAGE,
    HtmxHttpRequest,
    initial_from_input,
    invite_sign_up,
    posted_version,
    raw_input,
    redirect_after_post,
    stage_url,
)

# The editable notes shown above each channel's text.
NOTES = {
    C12315: "escalation_12315_notes",
    HEIMAO: "escalation_heimao_privacy",
    POLICE: "escalation_police_notes",
}
DRAFT_SAVED = "草稿已保存。下次打开这一页，会自动填回你写的内容。"


def _escalation_context(
    request: HtmxHttpRequest,
    case: Case,
    *,
    details_form: EscalationDetailsForm | None = None,
    record_form: EscalationRecordForm | None = None,
    outcome_form: tuple[int, EscalationOutcomeForm] | None = None,
    conflict: bool = False,
) -> dict[str, Any]:
    state = selectors.stage_state(case=case, stage=Stage.ESCALATION)
    texts = selectors.wizard_texts()
    if details_form is None:
        draft = state.draft.get("details")
        details_form = EscalationDetailsForm(
            initial=EscalationDetailsForm.initial_for(case=case, draft=draft)
        )
    if record_form is None:
        draft = state.draft.get("record") or {}
        record_form = EscalationRecordForm(initial={k: v[0] for k, v in draft.items() if v})
    advice = recommend_channels(
        selectors.channel_facts(case),
        police_threshold=Decimal(settings.POLICE_AMOUNT_THRESHOLD),
        small_claim_limit=Decimal(settings.SMALL_CLAIM_LIMIT),
    )
    recommended = [item.channel for item in advice if item.recommended]
    complaints = [
        {
            "complaint": complaint,
            "recommended": complaint.channel in recommended,
            "notes": texts[NOTES[complaint.channel]],
        }
        for complaint in ordered(all_complaints(selectors.complaint_facts(case)), recommended)
    ]
    records = []
    for record in case.escalations.all():
        if outcome_form is not None and outcome_form[0] == record.pk:
            form = outcome_form[1]
        else:
            form = EscalationOutcomeForm(
                initial={"outcome": record.outcome, "reference": record.reference},
                prefix=f"record-{record.pk}",
            )
        records.append({"record": record, "form": form, "summary_id": f"record-{record.pk}-errors"})
    return {
        "case": case,
        "state": state,
        "texts": texts,
        "advice": advice,
        "any_recommended": any(item.channel != "platform" for item in advice if item.recommended),
        "complaints": complaints,
        "details_form": details_form,
        "record_form": record_form,
        "records": records,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        "appeal_url": stage_url(case.pk, Stage.APPEAL),
    }


def _page(request: HtmxHttpRequest, case: Case, *, status: int = 200, **forms) -> HttpResponse:
    context = _escalation_context(request, case, **forms)
    return render(request, "cases/escalation.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def escalation(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Show the advice, the texts and the log; save the complainant and respondent."""
    case = selectors.case_for_escalation(request=request, case_id=case_id)
    if request.method == "GET":
        return _page(request, case)
    page_url = reverse("cases:escalation", args=[case.pk])
    form = EscalationDetailsForm(request.POST)
    try:
        if request.POST.get("action") == "draft":
            stage_draft_save(
                case=case,
                stage=Stage.ESCALATION,
                form_name="details",
                data=raw_input(request),
                version=posted_version(request),
            )
            messages.success(request, DRAFT_SAVED)
            invite_sign_up(request)
            return redirect_after_post(request, page_url)
        if form.is_valid():
            escalation_services.escalation_details_save(
                case=case, fields=form.submitted_answers(), version=posted_version(request)
            )
            messages.success(request, "已保存。下面的投诉文字和报案材料已经用上这些信息。")
            invite_sign_up(request)
            return redirect_after_post(request, page_url + "#texts-title")
    except StaleStageError:
        case = selectors.case_for_escalation(request=request, case_id=case_id)
        form = EscalationDetailsForm(initial=initial_from_input(EscalationDetailsForm, request))
        return _page(request, case, details_form=form, conflict=True, status=409)
    return _page(request, case, details_form=form)


@never_cache
@require_POST
def escalation_record_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Log a complaint or report filed outside the platform."""
    case = selectors.case_for_escalation(request=request, case_id=case_id)
    page_url = reverse("cases:escalation", args=[case.pk])
    if request.POST.get("action") == "draft":
        try:
            stage_draft_save(
                case=case,
                stage=Stage.ESCALATION,
                form_name="record",
                data=raw_input(request),
                version=posted_version(request),
            )
        except StaleStageError:
            messages.warning(request, "草稿没有保存：这一页在别处更新过，请刷新后再试。")
        else:
            messages.success(request, DRAFT_SAVED)
            invite_sign_up(request)
        return redirect_after_post(request, page_url + "#log-title")
    form = EscalationRecordForm(request.POST)
    if form.is_valid():
        escalation_services.escalation_record_add(
            case=case,
            channel=form.cleaned_data["channel"],
            filed_on=form.cleaned_data["filed_on"],
            reference=form.cleaned_data["reference"],
            outcome=form.cleaned_data["outcome"],
        )
        messages.success(request, "已记下。结果有变化时，回到这里更新。")
        invite_sign_up(request)
        return redirect_after_post(request, page_url + "#log-title")
    if request.htmx:
        context = _escalation_context(request, case, record_form=form)
        return render(request, "cases/escalation.html#record_form", context)
    return _page(request, case, record_form=form)


@never_cache
@require_POST
def escalation_record_update(
    request: HtmxHttpRequest, case_id: uuid.UUID, escalation_id: int
) -> HttpResponse:
    """Change the result or the number of a logged complaint."""
    case = selectors.case_for_escalation(request=request, case_id=case_id)
    record = selectors.escalation_for_case(case=case, escalation_id=escalation_id)
    form = EscalationOutcomeForm(request.POST, prefix=f"record-{record.pk}")
    if form.is_valid():
        values = {
            name: form.cleaned_data[name]
            for name in form.fields
            if form.add_prefix(name) in form.data
        }
        escalation_services.escalation_record_update(record=record, values=values)
        messages.success(request, f"已更新：{record.get_channel_display()}的结果。")
        return redirect_after_post(
            request, reverse("cases:escalation", args=[case.pk]) + "#log-title"
        )
    return _page(request, case, outcome_form=(record.pk, form))
