"""Stage 3 — negotiation (协商): the three-step message, the tone check and the attempt log.

The message is the editors' template (guidance key ``negotiation_message``)
filled from the case and the buyer's choices. The choices and, once edited,
the text itself are kept as the stage's draft; "生成消息" stores the choices
and empties the text, so the page builds it afresh from the case. What the page
shows is built in negotiation_page.py; the views here render it.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from cases import reminders, wording
from cases.choices import NegotiationOutcome, PaymentMethod, Stage
from cases.downloads import private
from cases.forms.common import keep_only_unstorable_errors
from cases.forms.negotiation import (
    NEGOTIATION_TEXT_LIMIT,
    NegotiationAttemptForm,
    NegotiationMessageForm,
    NegotiationOutcomeForm,
)
from cases.kept_input import keeps_input
from cases.models import Case, NegotiationAttempt
from cases.rules.progress import APPEAL_OUTCOMES, own_reasons_only
from cases.rules.tone import tone_check
from cases.selectors.case import case_for_request
from cases.selectors.negotiation import negotiation_attempt_for_case
from cases.services import negotiation as negotiation_services
from cases.services.stage import StaleStageError
from cases.views.common import (
    HtmxHttpRequest,
    draft_data,
    invite_sign_up,
    posted_version,
    redirect_after_post,
    save_stage_form,
    typed_form,
)
from cases.views.negotiation_page import page_context

MESSAGE_DRAFT = negotiation_services.MESSAGE_DRAFT
DRAFT_SAVED = "已保存你改过的消息。下次打开这一页，会显示这一版。"


def _page_url(case: Case, anchor: str = "") -> str:
    return reverse("cases:negotiation", args=[case.pk]) + anchor


def _page(request: HtmxHttpRequest, case: Case, *, status: int = 200, **forms) -> HttpResponse:
    context = page_context(request, case, **forms)
    return render(request, "cases/negotiation.html", context, status=status)


@never_cache
@require_safe
def negotiation(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_for_request(request=request, case_id=case_id)
    return _page(request, case)


@never_cache
@require_POST
@keeps_input(stage=Stage.NEGOTIATION, form=NegotiationMessageForm, draft=MESSAGE_DRAFT)
def negotiation_message(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Build the message from the choices, keep the buyer's edited text, or check its tone."""
    case = case_for_request(request=request, case_id=case_id)
    action = request.POST.get("action", "generate")
    form = NegotiationMessageForm(request.POST)
    if action == "check":
        # Nothing is saved: the page comes back with the text as typed and the tone check,
        # pointing out only what would stop it being saved (too long, a NUL character).
        if keep_only_unstorable_errors(form):
            return _page(request, case, message_form=form)
        return _page(request, case, message_form=typed_form(NegotiationMessageForm, request))

    def conflict(typed: NegotiationMessageForm) -> HttpResponse:
        fresh = case_for_request(request=request, case_id=case_id)
        return _page(request, fresh, message_form=typed, conflict=True, status=409)

    saved = save_stage_form(
        request,
        case=case,
        stage=Stage.NEGOTIATION,
        draft=MESSAGE_DRAFT,
        form=form,
        is_draft=action == "save",
        save=lambda version: negotiation_services.message_settings_save(
            case=case,
            data=draft_data(form, request),
            deadline=form.cleaned_data["deadline"],
            version=version,
        ),
        conflict=conflict,
        url=_page_url(case, "#message-title"),
        saved="消息已按你的选择重新生成。检查一遍，再复制发给商家。",
        drafted=DRAFT_SAVED,
    )
    return saved or _page(request, case, message_form=form)


@never_cache
@require_POST
def negotiation_tone(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Return the tone check of the message as typed so far, without saving it."""
    case = case_for_request(request=request, case_id=case_id)
    # The form's limit first: a longer text is never checked past what can be saved.
    text = request.POST.get("message", "")[:NEGOTIATION_TEXT_LIMIT]
    context = {
        "case": case,
        "tone": tone_check(text),
        "message": text,
        "goodwill": own_reasons_only(case.problems, case.fraud_signs),
    }
    return render(request, "cases/negotiation.html#tone", context)


@never_cache
@require_POST
@keeps_input(stage=Stage.NEGOTIATION, form=NegotiationAttemptForm)
def negotiation_attempt_add(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Log that the message went to the seller, with the deadline it gave."""
    case = case_for_request(request=request, case_id=case_id)
    form = NegotiationAttemptForm(request.POST)
    if form.is_valid():
        negotiation_services.attempt_log(
            case=case,
            sent_at=form.cleaned_data["sent_at"],
            deadline=form.cleaned_data["deadline"],
            message=form.cleaned_data["message"],
        )
        # Said as the log stands: a message with no deadline (a goodwill request) waits
        # for the answer, not for a time the buyer never gave.
        when = "到了期限" if form.cleaned_data["deadline"] else "商家回复后"
        messages.success(request, f"已记下这次协商。{when}，回到这里记下商家的回复和结果。")
        invite_sign_up(request)
        return redirect_after_post(request, _page_url(case, "#log-title"))
    if request.htmx:
        context = page_context(request, case, attempt_form=form)
        return render(request, "cases/negotiation.html#attempt_form", context)
    return _page(request, case, attempt_form=form)


def _unchanged_outcome(attempt: NegotiationAttempt) -> str:
    if attempt.outcome == NegotiationOutcome.PENDING:
        return "没有改动：商家回复后，选好结果再保存。"
    return f"没有改动：结果还是“{attempt.get_outcome_display()}”。"


@never_cache
@require_POST
@keeps_input(stage=Stage.NEGOTIATION, form=NegotiationOutcomeForm)
def negotiation_attempt_update(
    request: HtmxHttpRequest, case_id: uuid.UUID, attempt_id: int
) -> HttpResponse:
    """Record the seller's answer and how one attempt ended."""
    case = case_for_request(request=request, case_id=case_id)
    attempt = negotiation_attempt_for_case(case=case, attempt_id=attempt_id)
    form = NegotiationOutcomeForm(request.POST, prefix=f"attempt-{attempt.pk}")
    if not form.is_valid():
        return _page(request, case, outcome_forms={attempt.pk: form})
    try:
        changed = negotiation_services.attempt_outcome_save(
            attempt=attempt, values=form.submitted_answers(), version=posted_version(request)
        )
    except StaleStageError:
        case = case_for_request(request=request, case_id=case_id)
        return _page(
            request,
            case,
            outcome_forms={attempt.pk: form},
            conflict_attempt=attempt.pk,
            status=409,
        )
    if not changed:
        messages.info(request, _unchanged_outcome(attempt))
        return redirect_after_post(request, _page_url(case, f"#attempt-{attempt.pk}-title"))
    outcome = attempt.outcome
    if outcome == NegotiationOutcome.REFUNDED:
        messages.success(request, "已记录：商家退款了。案件已结束，结果记为全额退款。")
        return redirect_after_post(request, reverse("cases:overview", args=[case.pk]))
    if outcome in APPEAL_OUTCOMES:
        messages.info(request, "已记录结果。协商没有结果，下一步见下面。")
    else:
        messages.success(request, "已记录结果。")
    return redirect_after_post(request, _page_url(case, "#next-title"))


@never_cache
@require_safe
def negotiation_ics(request: HtmxHttpRequest, case_id: uuid.UUID, attempt_id: int) -> HttpResponse:
    """Download one attempt's deadline as a calendar event in the buyer's local time."""
    case = case_for_request(request=request, case_id=case_id)
    attempt = negotiation_attempt_for_case(case=case, attempt_id=attempt_id)
    if attempt.deadline is None:
        raise Http404("这次协商没有填期限")
    order = f"订单 {case.order_number}" if case.order_number else case.display_title
    next_door = "外部维权" if case.payment_method == PaymentMethod.PRIVATE else "向平台申诉"
    page = request.build_absolute_uri(_page_url(case, "#log-title"))
    body = reminders.deadline_calendar(
        uid=f"negotiation-{attempt.pk}-{case.pk}@kameng-refund",
        deadline=timezone.localtime(attempt.deadline),
        stamp=timezone.now(),
        summary=f"商家处理期限到了：{order}",
        description=(
            f"你给商家的处理期限是 {wording.moment(attempt.deadline)}。"
            f"商家还没处理，就记下“到期未回复”，下一步：{next_door}。\n{page}"
        ),
        url=page,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return private(response, filename="协商期限.ics")
