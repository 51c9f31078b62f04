"""Stage 3 — negotiation (协商): the three-step message, the tone check and the attempt log.

The message is the editors' template (guidance key ``negotiation_message``)
filled from the case and the buyer's choices. The choices and, once edited,
the text itself are kept as the stage's draft; "生成消息" stores the choices
and empties the text, so the page builds it afresh from the case.
"""

import uuid
from datetime import datetime
from typing import Any

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
from cases.facts import AttemptFacts, case_facts
from cases.forms.common import keep_only_unstorable_errors
from cases.forms.negotiation import (
    NEGOTIATION_TEXT_LIMIT,
    NegotiationAttemptForm,
    NegotiationMessageForm,
    NegotiationOutcomeForm,
    message_initial,
    message_values,
    parse_deadline,
)
from cases.kept_input import keeps_input
from cases.models import Case, NegotiationAttempt, StageState
from cases.rules import negotiation as rules
from cases.rules.progress import APPEAL_OUTCOMES, PENDING, STAGE_NAMES
from cases.rules.tone import tone_check
from cases.selectors.case import case_for_request, stage_state
from cases.selectors.negotiation import negotiation_attempt_for_case, negotiation_attempts
from cases.selectors.texts import wizard_texts
from cases.services import negotiation as negotiation_services
from cases.services.stage import StaleStageError
from cases.texts import placeholders
from cases.texts.negotiation import (
    answers_issued,
    follow_up_values,
    missing_in,
    suggested_deadline,
)
from cases.views.common import (
    CONFLICT_MESSAGE,
    HtmxHttpRequest,
    draft_data,
    invite_sign_up,
    posted_version,
    redirect_after_post,
    save_stage_form,
    stage_url,
    typed_form,
)

MESSAGE_DRAFT = negotiation_services.MESSAGE_DRAFT
DRAFT_SAVED = "已保存你改过的消息。下次打开这一页，会显示这一版。"
FILL_ANCHORS = {"rule": "#id_rule_0", "deadline": "#id_deadline"}
# The log shows the latest attempts; ?all=1 shows every one (issue 18).
LATEST_ATTEMPTS = 3


def _page_url(case: Case, anchor: str = "") -> str:
    return reverse("cases:negotiation", args=[case.pk]) + anchor


def _choices(form: NegotiationMessageForm) -> dict[str, Any]:
    """Return what the form shows now, typed or stored, by field name."""
    return {name: form[name].value() for name in form.fields}


def _attempt_rows(
    case: Case,
    attempts: list[NegotiationAttempt],
    outcome_forms: dict[int, NegotiationOutcomeForm],
    now: datetime,
    editing: int | None = None,
    *,
    show_all: bool = False,
) -> list[dict[str, Any]]:
    """Return the log's rows: the latest LATEST_ATTEMPTS, one asked for with ?edit= and one
    refused, or every one with ?all=1. Only the latest (and that asked-for or refused one)
    carries its form: the page costs the same with 1 attempt or 20 (issue 18)."""
    rows = []
    latest = attempts[-1].pk if attempts else None
    recent = {attempt.pk for attempt in attempts[-LATEST_ATTEMPTS:]}
    for number, attempt in enumerate(attempts, start=1):
        form = outcome_forms.get(attempt.pk)
        if not (show_all or form or attempt.pk in recent or attempt.pk == editing):
            continue
        if form is None and attempt.pk in (latest, editing):
            form = NegotiationOutcomeForm(
                prefix=f"attempt-{attempt.pk}",
                initial={"seller_answer": attempt.seller_answer, "outcome": attempt.outcome},
            )
        rows.append(
            {
                "attempt": attempt,
                "number": number,
                "form": form,
                "overdue": attempt.outcome == PENDING
                and attempt.deadline is not None
                and attempt.deadline < now,
                "ics_url": reverse("cases:negotiation_ics", args=[case.pk, attempt.pk])
                if attempt.deadline
                else "",
            }
        )
    return rows


def _next_step(case: Case, attempts: list[NegotiationAttempt], now: datetime) -> dict[str, Any]:
    """Return what the buyer should do next on this page, from the logged attempts."""
    step = rules.next_step(
        attempts=[(attempt.outcome, attempt.deadline) for attempt in attempts],
        now=now,
        resolved=bool(case.resolution),
        private_transfer=case.payment_method == PaymentMethod.PRIVATE,
    )
    return {
        "kind": step.kind,
        "deadline": step.deadline,
        "failed_how": step.failed_how,
        "after_url": stage_url(case.pk, step.after),
        "after_name": STAGE_NAMES[step.after],
    }


def _follow_up(
    case: Case, attempts: list[NegotiationAttempt], step: dict[str, Any], texts: dict[str, str]
) -> str:
    """Return the follow-up to send once a deadline passed unanswered; "" otherwise."""
    latest = attempts[-1] if attempts else None
    unanswered = latest is not None and latest.outcome in rules.FOLLOW_UP_OUTCOMES
    if latest is None or not (step["kind"] == "overdue" or unanswered):
        return ""
    attempt = AttemptFacts(
        sent_at=timezone.localtime(latest.sent_at),
        deadline=timezone.localtime(latest.deadline) if latest.deadline else None,
        outcome=latest.outcome,
    )
    values = follow_up_values(
        case_facts(case, with_records=False),
        attempt=attempt,
        deadline=suggested_deadline(timezone.localtime()),
    )
    return placeholders.fill(texts["negotiation_follow_up"], values)


def _posted_section(request: HtmxHttpRequest, attempt_form: NegotiationAttemptForm) -> str:
    """Return the section whose form this page answers (its errors, a tone check); ""."""
    if request.method != "POST":
        asked = _editing(request) is not None or request.GET.get("all") == "1"
        return "log" if asked else ""  # an attempt's form, or every attempt, was asked for
    if attempt_form.errors:
        return "sent"
    if "/attempts/" in request.path:
        return "log"  # an attempt's answer and outcome, refused or stale
    return "message"


def _open_section(step: str, seller_said_issued: bool, *, posted: str) -> str:
    """Return the section of the page the next step is about; the others stay folded."""
    if posted:
        return posted
    if step == rules.START:
        return "message"
    if step == rules.WAIT:
        return "log"  # the seller's answer is what to record next
    # OVERDUE: the callout holds the follow-up and links to the log; FAILED: the way on.
    if step == rules.FAILED and seller_said_issued:
        return "reply"
    return ""


def _editing(request: HtmxHttpRequest) -> int | None:
    """Return the attempt whose answer the buyer asked to change (?edit=<id>), if any."""
    try:
        return int(request.GET.get("edit", ""))
    except ValueError:
        return None


def _page_context(
    request: HtmxHttpRequest,
    case: Case,
    *,
    message_form: NegotiationMessageForm | None = None,
    attempt_form: NegotiationAttemptForm | None = None,
    outcome_forms: dict[int, NegotiationOutcomeForm] | None = None,
    conflict: bool = False,
    conflict_attempt: int | None = None,
) -> dict[str, Any]:
    texts = wizard_texts()
    state: StageState = stage_state(case=case, stage=Stage.NEGOTIATION)
    attempts = negotiation_attempts(case=case)
    now = timezone.now()
    if message_form is None:
        draft = state.draft.get(MESSAGE_DRAFT) or {}
        message_form = NegotiationMessageForm(initial=message_initial(case, draft, texts))
    choices = _choices(message_form)
    # Checked and offered as far as the form takes it: a longer text cannot be saved, and
    # it is never worth more work than the longest one that can.
    message = str(choices.get("message") or "")[:NEGOTIATION_TEXT_LIMIT]
    deadline = parse_deadline(choices.get("deadline"))
    if attempt_form is None:
        attempt_form = NegotiationAttemptForm(
            initial={
                "sent_at": timezone.localtime(now).replace(second=0, microsecond=0),
                "deadline": timezone.localtime(deadline) if deadline and deadline > now else None,
                "message": message,
            }
        )
    step = _next_step(case, attempts, now)
    show_all = request.GET.get("all") == "1"
    rows = _attempt_rows(
        case, attempts, outcome_forms or {}, now, _editing(request), show_all=show_all
    )
    seller_said_issued = bool(attempts) and answers_issued(attempts[-1].seller_answer)
    return {
        "open_section": _open_section(
            step["kind"], seller_said_issued, posted=_posted_section(request, attempt_form)
        ),
        "case": case,
        # The links out of the page save this form first (case_tags.way_out).
        "leave_form": "message-form",
        "state": state,
        "texts": texts,
        "message_form": message_form,
        "message": message,
        "tone": tone_check(message),
        "missing": [
            {
                "label": label,
                "where": placeholders.FILL_PLACES.get(place, ""),
                "url": stage_url(case.pk, place) if place in ("eligibility", "evidence") else "",
                "anchor": FILL_ANCHORS.get(place, ""),
            }
            for label, place in missing_in(message)
        ],
        "deadline_passed": deadline is not None and deadline <= now,
        "seller_said_issued": seller_said_issued,
        "reply_issued": placeholders.fill(
            texts["negotiation_reply_issued"], message_values(case, choices)
        ),
        "attempt_form": attempt_form,
        "rows": rows,
        "attempt_count": len(attempts),
        "earlier": len(attempts) - len(rows),
        "show_all": show_all,
        "next_step": step,
        "follow_up": _follow_up(case, attempts, step, texts),
        "conflict": conflict,
        "conflict_attempt": conflict_attempt,
        "conflict_message": CONFLICT_MESSAGE,
        "evidence_url": stage_url(case.pk, Stage.EVIDENCE),
    }


def _page(request: HtmxHttpRequest, case: Case, *, status: int = 200, **forms) -> HttpResponse:
    context = _page_context(request, case, **forms)
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
    context = {"case": case, "tone": tone_check(text), "message": text}
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
        messages.success(request, "已记下这次协商。到了期限，回到这里记下商家的回复和结果。")
        invite_sign_up(request)
        return redirect_after_post(request, _page_url(case, "#log-title"))
    if request.htmx:
        context = _page_context(request, case, attempt_form=form)
        return render(request, "cases/negotiation.html#attempt_form", context)
    return _page(request, case, attempt_form=form)


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
        negotiation_services.attempt_outcome_save(
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
