"""What every wizard view shares: the htmx-aware redirect, stage URLs, and saving a stage's form.

Every view that takes a case_id finds the case through a selector that answers
404 to anyone but its owner. Case pages are private: never cached anywhere.
"""

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from cases.choices import PaymentMethod, Stage, StageStatus
from cases.forms.common import StageForm, draft_input, keep_only_unstorable_errors, typed_input
from cases.models import Case, StageState
from cases.rules.progress import STAGE_NAMES, own_reasons_only, stage_statuses
from cases.selectors.case import stage_states
from cases.services.stage import StaleStageError, stage_draft_save

SIGN_UP_INVITE = (
    "已保存。你还没有登录：案件存在本站，但只有这个浏览器能打开；"
    "注册一个账号，这个案件会自动转进账号，换手机也能接着做。"
)
CONFLICT_MESSAGE = (
    "没有保存：这一步刚刚在另一个标签页或设备上保存过。你填的内容还在下面；"
    "看看总览页上现在保存的答案，确认要用这里的内容时，再点一次保存就会替换它。"
)
DRAFT_SAVED = "草稿已保存。下次打开这一页，会自动填回你写的内容。"
LEFT_DRAFT = "「{stage}」这一步写的内容已存为草稿，回到这一步会自动填回。"
STALE_DRAFT = "草稿没有保存：这一页在别处更新过，请刷新后再试。"


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
        if "#" not in url:
            return HttpResponseClientRefresh()
        # A reload would lose the #fragment that puts the saved result in view; a changed
        # query string makes the browser load the page anew and keep it.
        return HttpResponseClientRedirect(f"{page}?saved=1#{url.split('#', 1)[1]}")
    return HttpResponseClientRedirect(url)


@functools.lru_cache(maxsize=4096)
def stage_url(case_id: uuid.UUID, stage: str) -> str | None:
    """Return the URL of a stage page, or None while that stage has no page yet.

    Remembered per process: a page asks for the same few addresses many times (the task
    list, the next step, the links out), and Django's reverse() costs more than the lookup.
    """
    try:
        return reverse(f"cases:{stage}", kwargs={"case_id": case_id})
    except NoReverseMatch:
        return None


def posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def typed_form(form_class: type[StageForm], request: HttpRequest, **kwargs: Any) -> StageForm:
    """Return the posted input as an unbound form: shown again, without error messages."""
    return form_class(initial=form_class.initial_from_raw(typed_input(request.POST)), **kwargs)


def draft_data(form: forms.Form, request: HttpRequest) -> dict[str, list[str]]:
    """Return the posted input of form as its draft keeps it (forms.common.draft_input)."""
    return draft_input(type(form), typed_input(request.POST))


def invite_sign_up(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        messages.info(request, SIGN_UP_INVITE)


def case_statuses(case: Case) -> dict[str, str]:
    stored = {stage: state.status for stage, state in stage_states(case).items()}
    return stage_statuses(
        stored,
        private_transfer=case.payment_method == PaymentMethod.PRIVATE,
        resolved=bool(case.resolution),
    )


# The CSS modifier of each status tag (kr-tag--<tag>).
STATUS_TAGS = {
    StageStatus.TODO: "todo",
    StageStatus.IN_PROGRESS: "progress",
    StageStatus.DONE: "done",
    StageStatus.NOT_APPLICABLE: "na",
}


# The buyer's own reasons (不需要了, 太贵了): the platform and outside channels seldom take
# them up, so a step not begun there reads as one to skip, not one still owed. The status
# itself stays (the buyer may still try); only its label and tag say so.
SELDOM_OF_USE = (Stage.APPEAL, Stage.ESCALATION)
SELDOM_LABEL = "通常用不到"


def task_list(case: Case, statuses: dict[str, str]) -> list[dict[str, Any]]:
    own = own_reasons_only(case.problems or [], case.fraud_signs)

    def seldom(stage: str, status: str) -> bool:
        return own and stage in SELDOM_OF_USE and status == StageStatus.TODO

    return [
        {
            "stage": stage,
            "name": STAGE_NAMES[stage],
            "status": status,
            "status_label": SELDOM_LABEL if seldom(stage, status) else StageStatus(status).label,
            "tag": STATUS_TAGS[StageStatus.NOT_APPLICABLE if seldom(stage, status) else status],
            "url": stage_url(case.pk, stage),
        }
        for stage, status in statuses.items()
    ]


# Autosave (static/js/site.js) posts a form's draft while the buyer types, with this header,
# and gets JSON back instead of a page: the stage's new version, or why nothing was saved.
AUTOSAVE_HEADER = "X-Autosave"
AUTOSAVE_STALE = (
    "自动保存没有成功：这一步刚在别的标签页或设备上改过。你填的内容还在这一页，"
    "先复制一份，再刷新页面。"
)
AUTOSAVE_UNSTORABLE = (
    "自动保存没有成功：有一项写得太长，或者含有无法保存的字符。点保存按钮，会告诉你是哪一项。"
)


# The name of the buttons that stand for a page's links out (templatetags way_out): they post
# the page's main form as a draft and go where the link would have gone.
LEAVE = "leave"


def way_out(request: HttpRequest) -> str:
    """Return where a posted way-out button leads: a path on this site, else ""."""
    target = request.POST.get(LEAVE, "")
    local = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if local else ""


def is_autosave(request: HttpRequest) -> bool:
    return request.headers.get(AUTOSAVE_HEADER) == "1"


def autosaved(state: StageState) -> JsonResponse:
    """Tell autosave the draft is kept: the stage's new version (every form on the page
    posts it) and the time, shown as 已自动保存 HH:MM."""
    return JsonResponse(
        {"saved": True, "version": state.version, "at": timezone.localtime().strftime("%H:%M")}
    )


def autosave_refused(message: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"saved": False, "message": message}, status=status)


def save_stage_form(
    request: HtmxHttpRequest,
    *,
    case: Case,
    stage: Stage,
    draft: str,
    form: StageForm,
    save: Callable[[int], object],
    conflict: Callable[[StageForm], HttpResponse],
    url: str,
    saved: str,
    is_draft: bool | None = None,
    draft_url: str = "",
    drafted: str = DRAFT_SAVED,
    invite: bool = True,
    quiet: bool = False,
) -> HttpResponse | None:
    """Save a stage's form as its draft or for real; answer a stale tab with conflict.

    save gets the version the form was loaded with. Return None when the form
    is invalid, or as a draft holds what no draft keeps (too long a text, a NUL):
    the caller shows it again with its errors. A quiet draft, like an autosave, leaves no
    line in the timeline: it is kept on the way to something else (a download).
    """
    if is_draft is None:
        is_draft = request.POST.get("action") == "draft"
    # A way out of the page (breadcrumb, header) keeps what was typed, without JavaScript too.
    leaving = way_out(request)
    is_draft = is_draft or bool(leaving)
    automatic = is_draft and is_autosave(request)
    if is_draft and keep_only_unstorable_errors(form):
        return autosave_refused(AUTOSAVE_UNSTORABLE) if automatic else None
    version = posted_version(request)
    try:
        if is_draft:
            state = stage_draft_save(
                case=case,
                stage=stage,
                form_name=draft,
                data=draft_data(form, request),
                version=version,
                automatic=automatic or quiet,
            )
            if automatic:
                return autosaved(state)
            message, target = drafted, leaving or draft_url or url
            if leaving:
                # Shown on the page the buyer went to: name the step the draft belongs to.
                message = LEFT_DRAFT.format(stage=Stage(stage).label)
        elif form.is_valid():
            save(version)
            message, target = saved, url
        else:
            return None
    except StaleStageError:
        if automatic:
            return autosave_refused(AUTOSAVE_STALE, status=409)
        return conflict(typed_form(type(form), request))
    if message:
        messages.success(request, message)
    if invite:
        invite_sign_up(request)
    return redirect_after_post(request, target)


def save_list_draft(
    request: HtmxHttpRequest,
    *,
    case: Case,
    stage: Stage,
    draft: str,
    form: forms.Form,
    url: str,
    drafted: str,
) -> HttpResponse | None:
    """Keep the input of a form that adds to a log as its draft; a stale tab is told to reload.

    Return None when the input holds what no draft keeps: the caller shows form with its errors.
    """
    automatic = is_autosave(request)
    if keep_only_unstorable_errors(form):
        return autosave_refused(AUTOSAVE_UNSTORABLE) if automatic else None
    try:
        state = stage_draft_save(
            case=case,
            stage=stage,
            form_name=draft,
            data=draft_data(form, request),
            version=posted_version(request),
            automatic=automatic,
        )
    except StaleStageError:
        if automatic:
            return autosave_refused(AUTOSAVE_STALE, status=409)
        messages.warning(request, STALE_DRAFT)
    else:
        if automatic:
            return autosaved(state)
        messages.success(request, drafted)
        invite_sign_up(request)
    return redirect_after_post(request, url)
