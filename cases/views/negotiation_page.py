"""Stage 3 — negotiation: what the page shows, the message, its tone, the log and the next step.

The views (cases/views/negotiation.py) render this context on a GET, and again with the
typed forms when a post is refused or meets a newer version of the stage.
"""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from cases import wording
from cases.choices import PaymentMethod, Stage
from cases.facts import AttemptFacts, case_facts
from cases.forms.negotiation import (
    NEGOTIATION_TEXT_LIMIT,
    NegotiationAttemptForm,
    NegotiationMessageForm,
    NegotiationOutcomeForm,
    message_initial,
    message_values,
    parse_deadline,
)
from cases.models import Case, NegotiationAttempt, StageState
from cases.rules import negotiation as rules
from cases.rules.progress import PENDING, STAGE_NAMES, own_reasons_only
from cases.rules.tone import tone_check
from cases.selectors.case import stage_state
from cases.selectors.negotiation import negotiation_attempts
from cases.selectors.texts import wizard_texts
from cases.services import negotiation as negotiation_services
from cases.texts import placeholders
from cases.texts.negotiation import (
    CUSTOM_RULE,
    answers_issued,
    follow_up_values,
    for_seller,
    issued_reply_due,
    later_deadline,
    missing_in,
    suggested_deadline,
)
from cases.views.common import CONFLICT_MESSAGE, HtmxHttpRequest, stage_url

FILL_ANCHORS = {"rule": "#id_rule_0", "deadline": "#id_deadline"}
# The log shows the latest attempts; ?all=1 shows every one (issue 18).
LATEST_ATTEMPTS = 3


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
                initial={
                    "seller_answer": attempt.seller_answer,
                    "outcome": attempt.outcome,
                    "refunded_amount": attempt.refunded_amount,
                },
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
    goodwill = own_reasons_only(case.problems, case.fraud_signs)
    step = rules.next_step(
        attempts=[(attempt.outcome, attempt.deadline) for attempt in attempts],
        now=now,
        resolved=bool(case.resolution),
        private_transfer=case.payment_method == PaymentMethod.PRIVATE,
        own_reason=goodwill,
    )
    return {
        # A seller who gave way on a goodwill request owes nothing more: no appeal is offered.
        "goodwill": goodwill,
        # Paid outside the platform: no platform chat to send the message in.
        "private": case.payment_method == PaymentMethod.PRIVATE,
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
    facts = case_facts(case, with_records=False)
    values = follow_up_values(
        facts, attempt=attempt, deadline=follow_up_deadline(attempts, timezone.now())
    )
    return placeholders.fill(texts[for_seller("negotiation_follow_up", facts)], values)


def follow_up_deadline(attempts: list[NegotiationAttempt], now: datetime) -> datetime:
    """Return the follow-up's deadline: the next 17:00 the form suggests, and later than the
    deadline the seller was already given (a seller who promised may still be inside it: a
    follow-up never asks again for the time it is chasing)."""
    given = attempts[-1].deadline if attempts else None
    return later_deadline(timezone.localtime(now), after=given)


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


# The message's choices, folded above it: the rule it cites and the deadline it gives.
CHOICE_FIELDS = ("rule", "rule_name", "rule_promise", "deadline")


def _choices_summary(
    choices: dict[str, Any], deadline: datetime | None, *, goodwill: bool, chosen: bool
) -> str:
    """Return what the folded choices hold now: 期限 2026年12月8日 17:00 · 不引用平台规则;
    建议期限 … while the deadline is still the one the page suggested, not one the buyer set."""
    if goodwill:
        return ""
    label = "期限" if chosen else "建议期限"
    when = f"{label} {wording.moment(deadline)}" if deadline else "还没有期限"
    name = str(choices.get("rule_name") or "").strip().strip("《》")
    cited = choices.get("rule") == CUSTOM_RULE and name
    return f"{when} · {f'引用《{name}》' if cited else '不引用平台规则'}"


def _missing(case: Case, gaps: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Return the message's 【待补充】 values (missing_in) grouped by where the buyer fills them
    in, in the order they first appear: 商品名称、订单号：到第 2 步「证据」的交易记录里填写."""
    places: dict[str, list[str]] = {}
    for label, place in gaps:
        places.setdefault(place, []).append(label)
    return [
        {
            "label": "、".join(labels),
            "where": placeholders.FILL_PLACES.get(place, ""),
            "url": stage_url(case.pk, place) if place in ("eligibility", "evidence") else "",
            "anchor": FILL_ANCHORS.get(place, ""),
        }
        for place, labels in places.items()
    ]


def _editing(request: HtmxHttpRequest) -> int | None:
    """Return the attempt whose answer the buyer asked to change (?edit=<id>), if any."""
    try:
        return int(request.GET.get("edit", ""))
    except ValueError:
        return None


def page_context(
    request: HtmxHttpRequest,
    case: Case,
    *,
    message_form: NegotiationMessageForm | None = None,
    attempt_form: NegotiationAttemptForm | None = None,
    outcome_forms: dict[int, NegotiationOutcomeForm] | None = None,
    conflict: bool = False,
    conflict_attempt: int | None = None,
) -> dict[str, Any]:
    """Return what the page shows; a form passed in (typed, refused) replaces the fresh one."""
    texts = wizard_texts()
    state: StageState = stage_state(case=case, stage=Stage.NEGOTIATION)
    attempts = negotiation_attempts(case=case)
    now = timezone.now()
    if message_form is None:
        draft = state.draft.get(negotiation_services.MESSAGE_DRAFT) or {}
        message_form = NegotiationMessageForm(initial=message_initial(case, draft, texts))
    choices = _choices(message_form)
    # Checked and offered as far as the form takes it: a longer text cannot be saved, and
    # it is never worth more work than the longest one that can.
    message = str(choices.get("message") or "")[:NEGOTIATION_TEXT_LIMIT]
    deadline = parse_deadline(choices.get("deadline"))
    step = _next_step(case, attempts, now)
    follow_up = _follow_up(case, attempts, step, texts)
    gaps = missing_in(message)
    seller_said_issued = issued_reply_due([attempt.seller_answer for attempt in attempts])
    # The reply to 卡密已发放 is a new message: its own deadline, never one already past.
    reply_by = suggested_deadline(timezone.localtime(now))
    reply_issued = placeholders.fill(
        texts[for_seller("negotiation_reply_issued", case_facts(case, with_records=False))],
        message_values(case, choices | {"deadline": reply_by}),
    )
    if attempt_form is None:
        # The goodwill request sets no deadline, so the log of it starts without one: a
        # deadline there would be quoted in every complaint as one the buyer gave.
        offered = deadline and deadline > now and not step["goodwill"]
        sent, sent_by = message, timezone.localtime(deadline) if offered else None
        if follow_up:
            # A deadline passed unanswered: what goes out next is the follow-up, with its
            # own deadline, so logging it asks for nothing to be pasted or typed again.
            sent, sent_by = follow_up, follow_up_deadline(attempts, now)
        elif seller_said_issued and not step["goodwill"]:
            # The page asks for the reply to 卡密已发放 next: that is what gets logged.
            sent, sent_by = reply_issued, reply_by
        attempt_form = NegotiationAttemptForm(
            initial={
                "sent_at": timezone.localtime(now).replace(second=0, microsecond=0),
                "deadline": sent_by,
                "message": sent,
            }
        )
    show_all = request.GET.get("all") == "1"
    rows = _attempt_rows(
        case, attempts, outcome_forms or {}, now, _editing(request), show_all=show_all
    )
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
        "missing": _missing(case, gaps),
        "deadline_passed": deadline is not None and deadline <= now,
        "choices_summary": _choices_summary(
            choices,
            deadline,
            goodwill=step["goodwill"],
            chosen=bool(state.draft.get(negotiation_services.MESSAGE_DRAFT))
            or message_form.is_bound,
        ),
        "choices_open": (deadline is not None and deadline <= now)
        or any(message_form[name].errors for name in CHOICE_FIELDS)
        or any(place in FILL_ANCHORS for _, place in gaps),
        "seller_said_issued": seller_said_issued,
        # The reply to 卡密已发放 answers a seller who said so, whatever the goods; never
        # beside a goodwill request.
        "offer_reply": not step["goodwill"]
        and any(answers_issued(attempt.seller_answer) for attempt in attempts),
        "reply_issued": reply_issued,
        "attempt_form": attempt_form,
        # The text the log form holds still has a gap: sent as it is, the seller gets it too.
        "sent_has_gaps": bool(wording.missing_labels(str(attempt_form["message"].value() or ""))),
        "rows": rows,
        "attempt_count": len(attempts),
        "earlier": len(attempts) - len(rows),
        "show_all": show_all,
        "next_step": step,
        "goodwill": step["goodwill"],  # the tone note (the tone fragment says the same)
        "follow_up": follow_up,
        "conflict": conflict,
        "conflict_attempt": conflict_attempt,
        "conflict_message": CONFLICT_MESSAGE,
        "evidence_url": stage_url(case.pk, Stage.EVIDENCE),
    }
