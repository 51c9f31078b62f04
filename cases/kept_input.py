"""Typed input that reached a case this browser no longer owns: kept until its owner is back.

A buyer whose login expired, or who was signed out on another device, still has
the form open. Their save reaches a case this browser no longer owns, which
answers 404 like any stranger's request (a 403 would say the case exists). So
that nothing they typed is lost, the input of every form that can be a draft is
kept in this browser's session, whether or not the case exists. Once someone who
owns the case opens any of its pages, the input becomes that stage's draft and
the page says so. Uploaded files cannot be kept; the page asks for them again.
Text typed into a form that is not a draft (the seller's answer, a result note)
is shown back on the 404 page, to be copied.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.forms import (
    CaseResolveForm,
    EscalationOutcomeForm,
    NegotiationAttemptForm,
    NegotiationOutcomeForm,
)
from cases.models import Stage
from cases.progress import STAGE_NAMES
from cases.services.appeal import DRAFT_FORM as APPEAL_DRAFT
from cases.services.negotiation import MESSAGE_DRAFT
from cases.uploads import request_too_large
from cases.views import NOT_INPUT

SESSION_KEY = "kept_input"
# Typed text only; anything bigger than this is not a form a person filled in.
MAX_CHARS = 100_000
KEEP_FOR = timedelta(days=7)


@dataclass(frozen=True)
class DraftForm:
    stage: str
    form_name: str


# The case forms whose input can be a draft, by URL name, and the draft each one fills.
DRAFT_FORMS: dict[str, DraftForm] = {
    "eligibility": DraftForm(Stage.ELIGIBILITY, "eligibility"),
    "evidence": DraftForm(Stage.EVIDENCE, "transaction"),
    "evidence_add": DraftForm(Stage.EVIDENCE, "item"),
    "negotiation_message": DraftForm(Stage.NEGOTIATION, MESSAGE_DRAFT),
    "appeal_record_add": DraftForm(Stage.APPEAL, APPEAL_DRAFT),
    "escalation": DraftForm(Stage.ESCALATION, "details"),
    "escalation_record_add": DraftForm(Stage.ESCALATION, "record"),
}


# Forms that are not drafts but carry text a person wrote: the 404 page shows it back.
TEXT_FORMS: dict[str, type[forms.Form]] = {
    "negotiation_attempt_add": NegotiationAttemptForm,
    "negotiation_attempt_update": NegotiationOutcomeForm,
    "escalation_record_update": EscalationOutcomeForm,
    "resolve": CaseResolveForm,
}


def _typed_texts(form_class: type[forms.Form], data: dict[str, list[str]]) -> list[dict[str, str]]:
    """Return the free-text fields of a posted form as label and value (names may be prefixed)."""
    texts = []
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.CharField):
            continue
        for key, values in data.items():
            if key == name or key.endswith(f"-{name}"):
                texts += [{"label": str(field.label), "value": v} for v in values if v.strip()]
    return texts


def page_of_form(url_name: str, case_id: uuid.UUID) -> tuple[str, str]:
    """Return the page a case form (by URL name) belongs to, and that page's name."""
    stage = url_name.split("_")[0]
    if stage in STAGE_NAMES:
        return reverse(f"cases:{stage}", kwargs={"case_id": case_id}), STAGE_NAMES[stage]
    return reverse("cases:overview", kwargs={"case_id": case_id}), "案件总览"


def keep(request: HttpRequest) -> dict[str, Any] | None:
    """Keep the typed input of a refused case form; return what the 404 page tells the buyer."""
    match = request.resolver_match
    if match is None or match.namespace != "cases" or "case_id" not in match.kwargs:
        return None
    if match.url_name not in DRAFT_FORMS and match.url_name not in TEXT_FORMS:
        return None
    if request_too_large(request):
        return None  # Its body is never read: too big to be only what someone typed.
    try:
        posted = request.POST.lists()
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        return None  # Unreadable: nothing a person typed can be recovered from it.
    case_id = match.kwargs["case_id"]
    data = {key: values for key, values in posted if key not in NOT_INPUT}
    page, page_name = page_of_form(match.url_name, case_id)
    if match.url_name in TEXT_FORMS:
        texts = _typed_texts(TEXT_FORMS[match.url_name], data)
        return {"page": page, "stage_name": page_name, "texts": texts} if texts else None
    if not any(value.strip() for values in data.values() for value in values):
        return None
    if len(json.dumps(data, ensure_ascii=False)) > MAX_CHARS:
        return None
    form = DRAFT_FORMS[match.url_name]
    request.session[SESSION_KEY] = {
        "case_id": str(case_id),
        "stage": str(form.stage),
        "form_name": form.form_name,
        "data": data,
        "kept_at": timezone.now().isoformat(),
    }
    return {"page": page, "stage_name": page_name, "texts": []}


def restore(request: HttpRequest, case_id: uuid.UUID) -> None:
    """Turn input kept for this case into its stage's draft, if the requester owns the case."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("case_id") != str(case_id):
        return
    try:
        kept_at = datetime.fromisoformat(kept["kept_at"])
        form = DraftForm(Stage(kept["stage"]), kept["form_name"])
        data = {str(key): [str(value) for value in values] for key, values in kept["data"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        del request.session[SESSION_KEY]
        return
    if timezone.now() - kept_at > KEEP_FOR:
        del request.session[SESSION_KEY]
        return
    try:
        case = selectors.case_for_request(request=request, case_id=case_id)
    except Http404:
        return  # Not this account's case: keep it for the account that owns it.
    state = selectors.stage_state(case=case, stage=form.stage)
    try:
        services.stage_draft_save(
            case=case,
            stage=form.stage,
            form_name=form.form_name,
            data=data,
            version=state.version,
        )
    except services.StaleStageError:
        return  # Saved elsewhere this very moment: try again on the next page.
    del request.session[SESSION_KEY]
    name = STAGE_NAMES[str(form.stage)]
    files = "（文件没法暂存，请重新选择）" if form.form_name == "item" else ""
    messages.info(
        request,
        f"你之前在「{name}」填写、但没能保存的内容，已经存成草稿填回去了{files}。"
        "打开这一步检查一下，再点保存。",
    )


class KeptInputMiddleware:
    """Keep input refused with a 404; restore it when its owner opens the case again."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        case_id = view_kwargs.get("case_id")
        # Only case pages look at the session here: public pages stay session-free.
        if request.method == "GET" and case_id is not None and SESSION_KEY in request.session:
            restore(request, case_id)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Http404) and request.method == "POST":
            request.kept_input = keep(request)  # type: ignore[attr-defined]
