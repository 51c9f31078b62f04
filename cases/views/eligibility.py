"""Stage 1 — eligibility (退款资格): the questions and the verdict drawn from them."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.choices import Stage
from cases.choices import Verdict as VerdictLabel
from cases.forms.eligibility import EligibilityForm
from cases.kept_input import keeps_input
from cases.models import Case
from cases.rules.eligibility import EligibilityAnswers, Verdict, eligibility_verdict
from cases.selectors.case import case_for_request, stage_state
from cases.selectors.eligibility import eligibility_answers
from cases.selectors.texts import wizard_texts
from cases.services.eligibility import DRAFT_FORM, eligibility_save
from cases.views.common import CONFLICT_MESSAGE, HtmxHttpRequest, save_stage_form, stage_url


def _verdict(answers: EligibilityAnswers) -> Verdict:
    return eligibility_verdict(answers, police_threshold=Decimal(settings.POLICE_AMOUNT_THRESHOLD))


def stored_verdict(case: Case) -> Verdict | None:
    """Return the verdict on the saved answers, None before any problem is chosen."""
    return _verdict(eligibility_answers(case)) if case.problems else None


def _answers_from_form(form: EligibilityForm) -> EligibilityAnswers:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    return EligibilityAnswers(
        goods_kind=data.get("goods_kind") or "",
        problems=frozenset(data.get("problems") or ()),
        no_refund_notice=data.get("no_refund_notice"),
        fraud_signs=data.get("fraud_signs"),
        payment_method=data.get("payment_method") or "",
        amount=data.get("amount"),
        promised_delivery=data.get("promised_delivery") or "",
        code_symptom=data.get("code_symptom") or "",
    )


def _way_on(case: Case, verdict: Verdict | None) -> tuple[str, str]:
    """Return where 保存并继续 leads and its words: the evidence for a seller's failing; for
    the buyer's own reasons only (通常不支持退款) the polite request, as the overview says."""
    if verdict is not None and verdict.label == VerdictLabel.NO:
        return stage_url(case.pk, Stage.NEGOTIATION), "保存并继续：请商家通融"
    return stage_url(case.pk, Stage.EVIDENCE), "保存并继续：整理证据"


def _after_save(request: HtmxHttpRequest, case: Case, form: EligibilityForm) -> str:
    here = reverse("cases:eligibility", args=[case.pk])
    if request.POST.get("action") == "continue" and form.is_valid():
        return _way_on(case, _verdict(_answers_from_form(form)))[0] or here
    return f"{here}#verdict-title"  # the result of the save, in view


def _page(
    request: HtmxHttpRequest,
    case: Case,
    form: EligibilityForm,
    verdict: Verdict | None,
    *,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    next_url, next_label = _way_on(case, verdict)
    context = {
        "case": case,
        # The links out of the page save this form first (case_tags.way_out).
        "leave_form": "eligibility-form",
        "form": form,
        "state": stage_state(case=case, stage=Stage.ELIGIBILITY),
        "verdict": verdict,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        "next_url": next_url,
        "next_label": next_label,
        "texts": wizard_texts(),
    }
    return render(request, "cases/eligibility.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@keeps_input(stage=Stage.ELIGIBILITY, form=EligibilityForm, draft=DRAFT_FORM)
def eligibility(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    if request.method == "GET":
        draft = stage_state(case=case, stage=Stage.ELIGIBILITY).draft.get(DRAFT_FORM)
        form = EligibilityForm(initial=EligibilityForm.initial_for(case=case, draft=draft))
        return _page(request, case, form, stored_verdict(case))
    form = EligibilityForm(request.POST)

    def conflict(typed: EligibilityForm) -> HttpResponse:
        # Read again: the stored state may not even have existed when this request began.
        fresh = case_for_request(request=request, case_id=case_id)
        return _page(request, fresh, typed, None, conflict=True, status=409)

    saved = save_stage_form(
        request,
        case=case,
        stage=Stage.ELIGIBILITY,
        draft=DRAFT_FORM,
        form=form,
        save=lambda version: eligibility_save(
            case=case, answers=form.submitted_answers(), version=version
        ),
        conflict=conflict,
        # 保存并继续 saves, then opens step 2; a plain save stays to show the verdict.
        url=_after_save(request, case, form),
        draft_url=reverse("cases:eligibility", args=[case.pk]),
        saved="已保存。结论和理由在下面。"
        if request.POST.get("action") != "continue"
        else f"第 1 步的答案已保存。结论：{_verdict(_answers_from_form(form)).title}，"
        "理由随时可以回第 1 步看。",
        drafted="草稿已保存。下次打开这一页，会自动填回你写的内容。",
        invite=False,
    )
    return saved or _page(request, case, form, _verdict(_answers_from_form(form)))


@never_cache
@require_POST
def eligibility_verdict_fragment(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Return the verdict for the answers as typed so far, without saving them."""
    case = case_for_request(request=request, case_id=case_id)
    form = EligibilityForm(request.POST)
    form.is_valid()
    verdict = _verdict(_answers_from_form(form))
    context = {
        "case": case,
        "verdict": verdict,
        "oob": True,
        "next_label": _way_on(case, verdict)[1],
    }
    return render(request, "cases/eligibility.html#verdict", context)
