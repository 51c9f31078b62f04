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

A view opts in with @keeps_input, which names its stage, its form and the draft
its input becomes; nothing here knows the views or their URL names. What is kept,
and what is restored (even from a session kept before this rule), is only what the
draft's form takes (forms.common.draft_input): its fields, no longer than each takes,
no NUL.
"""

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, SuspiciousOperation, ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone

from cases.choices import Stage
from cases.forms.common import draft_input, typed_input
from cases.selectors.case import case_for_request, stage_state
from cases.services.stage import StaleStageError, stage_draft_save
from cases.uploads import request_too_large

SESSION_KEY = "kept_input"
# Typed text only; anything bigger than this is not a form a person filled in.
MAX_CHARS = 100_000
KEEP_FOR = timedelta(days=7)
OVERVIEW_NAME = "案件总览"
# The draft whose files cannot be kept: the evidence item's upload.
FILE_DRAFT = "item"

logger = logging.getLogger(__name__)

View = TypeVar("View", bound=Callable[..., HttpResponse])
# (stage, draft) → the form whose input becomes that draft, as the views declared it.
DRAFT_FORMS: dict[tuple[str, str], type[forms.Form]] = {}


@dataclass(frozen=True)
class KeptForm:
    """What a view's refused input becomes: its stage's draft, or text shown back."""

    stage: Stage | None
    form: type[forms.Form]
    draft: str = ""  # "" for a form that is not a draft: its text is shown back instead


def keeps_input(
    *, form: type[forms.Form], stage: Stage | None = None, draft: str = ""
) -> Callable[[View], View]:
    """Mark a case view whose posted input is kept when it meets a 404.

    stage is the page it belongs to (None: the case overview); draft names the
    stage's draft the input becomes; without one, the free text is shown back.
    """

    def mark(view: View) -> View:
        view.kept_input = KeptForm(stage=stage, form=form, draft=draft)  # type: ignore[attr-defined]
        if draft:
            DRAFT_FORMS[(str(stage), draft)] = form
        return view

    return mark


def kept_form(view: Callable[..., Any] | None) -> KeptForm | None:
    return getattr(view, "kept_input", None)


def _stage_of_view(view: Callable[..., Any] | None) -> Stage | None:
    """Return the stage a case view belongs to: as marked, else by its module's name."""
    kept = kept_form(view)
    if kept is not None:
        return kept.stage
    # Every stage has the same file name in every layer: cases/views/<stage>.py.
    module = getattr(view, "__module__", "") or ""
    name = module.rsplit(".", 1)[-1]
    return Stage(name) if name in Stage.values else None


def page_of_view(view: Callable[..., Any] | None, case_id: uuid.UUID) -> tuple[str, str]:
    """Return the page a case view belongs to, and that page's name."""
    stage = _stage_of_view(view)
    if stage is None:
        return reverse("cases:overview", kwargs={"case_id": case_id}), OVERVIEW_NAME
    return reverse(f"cases:{stage}", kwargs={"case_id": case_id}), stage.label


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


def keep(request: HttpRequest) -> dict[str, Any] | None:
    """Keep the typed input of a refused case form; return what the 404 page tells the buyer."""
    match = request.resolver_match
    if match is None or match.namespace != "cases" or "case_id" not in match.kwargs:
        return None
    kept = kept_form(match.func)
    if kept is None:
        return None
    if request_too_large(request):
        return None  # Its body is never read: too big to be only what someone typed.
    try:
        data = typed_input(request.POST)
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        return None  # Unreadable: nothing a person typed can be recovered from it.
    case_id = match.kwargs["case_id"]
    page, page_name = page_of_view(match.func, case_id)
    if not kept.draft:
        texts = _typed_texts(kept.form, data)
        return {"page": page, "stage_name": page_name, "texts": texts} if texts else None
    data = draft_input(kept.form, data)
    if not any(value.strip() for values in data.values() for value in values):
        return None
    if len(json.dumps(data, ensure_ascii=False)) > MAX_CHARS:
        return None
    request.session[SESSION_KEY] = {
        "case_id": str(case_id),
        "stage": str(kept.stage),
        "form_name": kept.draft,
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
        stage, form_name = Stage(kept["stage"]), str(kept["form_name"])
        form = DRAFT_FORMS[(str(stage), form_name)]
        # Filtered again: a session may hold what an older version kept (NUL, any length).
        data = draft_input(form, {str(key): list(values) for key, values in kept["data"].items()})
    except (KeyError, TypeError, ValueError, AttributeError):
        del request.session[SESSION_KEY]
        return
    if timezone.now() - kept_at > KEEP_FOR:
        del request.session[SESSION_KEY]
        return
    try:
        case = case_for_request(request=request, case_id=case_id)
    except Http404:
        return  # Not this account's case: keep it for the account that owns it.
    state = stage_state(case=case, stage=stage)
    try:
        stage_draft_save(
            case=case, stage=stage, form_name=form_name, data=data, version=state.version
        )
    except StaleStageError:
        return  # Saved elsewhere this very moment: try again on the next page.
    except (DatabaseError, ValidationError):
        # Restoring is a courtesy: whatever it meets, the page the buyer opened still opens.
        logger.exception("kept input for case %s could not become a draft", case_id)
        del request.session[SESSION_KEY]
        return
    del request.session[SESSION_KEY]
    files = "（文件没法暂存，请重新选择）" if form_name == FILE_DRAFT else ""
    messages.info(
        request,
        f"你之前在「{stage.label}」填写、但没能保存的内容，已经存成草稿填回去了{files}。"
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
