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

from cases.choices import EscalationOutcome, PaymentMethod, Stage
from cases.facts import case_facts, channel_facts
from cases.forms.common import first_values
from cases.forms.escalation import (
    EscalationDetailsForm,
    EscalationOutcomeForm,
    EscalationRecordForm,
)
from cases.kept_input import keeps_input
from cases.models import Case
from cases.rules.channels import NOT_LOGGED, OFFICIAL_ENTRANCES
from cases.rules.escalation import C12315, HEIMAO, POLICE, next_step, recommend_channels, settled
from cases.selectors.case import stage_state
from cases.selectors.escalation import case_for_escalation, escalation_for_case
from cases.selectors.texts import wizard_texts
from cases.services import escalation as escalation_services
from cases.texts.escalation import all_complaints, ordered
from cases.views.common import (
    CONFLICT_MESSAGE,
    DRAFT_SAVED,
    HtmxHttpRequest,
    invite_sign_up,
    redirect_after_post,
    save_list_draft,
    save_stage_form,
    stage_url,
)

# The editable notes shown above each channel's text.
NOTES = {
    C12315: "escalation_12315_notes",
    HEIMAO: "escalation_heimao_privacy",
    POLICE: "escalation_police_notes",
}
DETAILS_DRAFT = escalation_services.DETAILS_DRAFT
RECORD_DRAFT = escalation_services.RECORD_DRAFT


def _escalation_context(
    request: HtmxHttpRequest,
    case: Case,
    *,
    details_form: EscalationDetailsForm | None = None,
    record_form: EscalationRecordForm | None = None,
    outcome_form: tuple[int, EscalationOutcomeForm] | None = None,
    conflict: bool = False,
) -> dict[str, Any]:
    state = stage_state(case=case, stage=Stage.ESCALATION)
    texts = wizard_texts()
    if details_form is None:
        draft = state.draft.get(DETAILS_DRAFT)
        details_form = EscalationDetailsForm(
            initial=EscalationDetailsForm.initial_for(case=case, draft=draft)
        )
    if record_form is None:
        record_form = EscalationRecordForm(initial=first_values(state.draft.get(RECORD_DRAFT)))
    facts = case_facts(case)
    told = channel_facts(facts)
    advice = recommend_channels(
        told,
        police_threshold=Decimal(settings.POLICE_AMOUNT_THRESHOLD),
        small_claim_limit=Decimal(settings.SMALL_CLAIM_LIMIT),
    )
    recommended = [item.channel for item in advice if item.recommended]
    complaints = [
        {
            "complaint": complaint,
            "recommended": complaint.channel in recommended,
            "notes": texts[NOTES[complaint.channel]],
            "entrances": OFFICIAL_ENTRANCES[complaint.channel],
        }
        for complaint in ordered(all_complaints(facts), recommended)
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
        # The links out of the page save this form first (case_tags.way_out).
        "leave_form": "details-form",
        "state": state,
        "texts": texts,
        # No platform took part in the payment: the page's intro says where that leaves them.
        "private": case.payment_method == PaymentMethod.PRIVATE,
        "advice": advice,
        "next_step": next_step(
            advice,
            # Money already back, or the case closed: no goodwill left to ask for.
            own_reason=told.seller_fault is False and not settled(told),
            answered=bool(facts.problems),
            filed=any(r.outcome == EscalationOutcome.PENDING for r in facts.escalations),
        ),
        "eligibility_url": stage_url(case.pk, Stage.ELIGIBILITY),
        "complaints": complaints,
        "details_form": details_form,
        "record_form": record_form,
        "records": records,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        # Staying with the platform starts with the seller while no message is logged.
        "platform_step": (
            (stage_url(case.pk, Stage.NEGOTIATION), "第 3 步：协商")
            if told.negotiation_outcome == NOT_LOGGED
            else (stage_url(case.pk, Stage.APPEAL), "第 4 步：平台申诉")
        ),
    }


def _page(request: HtmxHttpRequest, case: Case, *, status: int = 200, **forms) -> HttpResponse:
    context = _escalation_context(request, case, **forms)
    return render(request, "cases/escalation.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@keeps_input(stage=Stage.ESCALATION, form=EscalationDetailsForm, draft=DETAILS_DRAFT)
def escalation(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Show the advice, the texts and the log; save the complainant and respondent."""
    case = case_for_escalation(request=request, case_id=case_id)
    if request.method == "GET":
        return _page(request, case)
    page_url = reverse("cases:escalation", args=[case.pk])
    form = EscalationDetailsForm(request.POST)

    def conflict(typed: EscalationDetailsForm) -> HttpResponse:
        fresh = case_for_escalation(request=request, case_id=case_id)
        return _page(request, fresh, details_form=typed, conflict=True, status=409)

    saved = save_stage_form(
        request,
        case=case,
        stage=Stage.ESCALATION,
        draft=DETAILS_DRAFT,
        form=form,
        save=lambda version: escalation_services.escalation_details_save(
            case=case, fields=form.submitted_answers(), version=version
        ),
        conflict=conflict,
        url=page_url + "#texts-title",
        saved="已保存。下面的投诉文字和报案材料已经用上这些信息。",
        draft_url=page_url,
    )
    return saved or _page(request, case, details_form=form)


@never_cache
@require_POST
@keeps_input(stage=Stage.ESCALATION, form=EscalationRecordForm, draft=RECORD_DRAFT)
def escalation_record_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Log a complaint or report filed outside the platform."""
    case = case_for_escalation(request=request, case_id=case_id)
    page_url = reverse("cases:escalation", args=[case.pk])
    form = EscalationRecordForm(request.POST)
    if request.POST.get("action") == "draft":
        drafted = save_list_draft(
            request,
            case=case,
            stage=Stage.ESCALATION,
            draft=RECORD_DRAFT,
            form=form,
            url=page_url + "#log-title",
            drafted=DRAFT_SAVED,
        )
        if drafted:
            return drafted
    elif form.is_valid():
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
@keeps_input(stage=Stage.ESCALATION, form=EscalationOutcomeForm)
def escalation_record_update(
    request: HtmxHttpRequest, case_id: uuid.UUID, escalation_id: int
) -> HttpResponse:
    """Change the result or the number of a logged complaint."""
    case = case_for_escalation(request=request, case_id=case_id)
    record = escalation_for_case(case=case, escalation_id=escalation_id)
    form = EscalationOutcomeForm(request.POST, prefix=f"record-{record.pk}")
    if form.is_valid():
        changed = escalation_services.escalation_record_update(
            record=record, values=form.submitted_answers()
        )
        if changed:
            messages.success(request, f"已更新：{record.get_channel_display()}的结果。")
        else:
            messages.info(request, "没有改动：结果和编号都和原来一样。")
        return redirect_after_post(
            request, reverse("cases:escalation", args=[case.pk]) + "#log-title"
        )
    return _page(request, case, outcome_form=(record.pk, form))
