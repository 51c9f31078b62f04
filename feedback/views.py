"""这一页有帮助吗？: the 有 / 没有, the optional sentence, the thanks page without JavaScript.

The question sits on the guide's cached public pages, which carry no CSRF token (one
rendering serves every visitor: guide/page_cache.py, base.html's public_page), so these
two POSTs are exempt from Django's token check. What the check guards against cannot
happen here: the answer needs no account or session that another site could ride on, and
anyone may answer anyway. What is left — another site making its visitors' browsers answer
— is refused by the browser's own word (Origin, Sec-Fetch-Site), and every answer counts
against the hourly limit of its client address (feedback/quotas.py).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from cases.views.common import HtmxHttpRequest
from feedback import markers
from feedback.forms import GONE, AnswerForm, CommentForm, back_to
from feedback.quotas import feedback_refusal
from feedback.services import feedback_answer, feedback_comment

WIDGET = "feedback/_widget.html"
NOT_TAKEN = "没有收到：这个回答的页面找不到了。请刷新页面再试一次。"


def sent_from_another_site(request: HtmxHttpRequest) -> bool:
    """Return True if the browser says another site's page sent this form."""
    origin = request.headers.get("Origin")
    if origin is not None:
        ours = f"{request.scheme}://{request.get_host()}"
        return origin != ours and origin not in settings.CSRF_TRUSTED_ORIGINS
    # Browsers that send no Origin on a form may still send Sec-Fetch-Site.
    return request.headers.get("Sec-Fetch-Site") == "cross-site"


def _foreign(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def _fragment(request: HtmxHttpRequest, partial: str, context: dict, status: int) -> HttpResponse:
    """Answer htmx with the widget's new inside (200: htmx swaps nothing else), a page otherwise."""
    if request.htmx:
        return render(request, f"{WIDGET}#{partial}", context)
    return render(request, "feedback/thanks.html", context | {"partial": partial}, status=status)


@csrf_exempt
@require_POST
def answer(request: HtmxHttpRequest) -> HttpResponse:
    """Record 有 or 没有 for a page, then offer the optional sentence."""
    if sent_from_another_site(request):
        return _foreign(request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        back = back_to(request.POST.get("next", ""))
        return _fragment(request, "refused", {"refusal": NOT_TAKEN, "next": back}, status=400)
    back = form.cleaned_data["next"]
    refusal = feedback_refusal(request)
    if refusal is not None:
        return _fragment(request, "refused", {"refusal": refusal, "next": back}, status=429)
    page = form.cleaned_data["page"]
    token, new = markers.browser_token(request)
    saved = feedback_answer(
        page=page, marker=markers.marker(token, page.key), helpful=form.cleaned_data["helpful"]
    )
    signed = markers.sign_answer(saved.pk)
    if request.htmx:
        context = {"answer": signed, "next": back, "form": CommentForm()}
        response = render(request, f"{WIDGET}#thanks", context)
    else:
        query = urlencode({"answer": signed, "next": back})
        response = redirect(f"{reverse('feedback:thanks')}?{query}")
    if new:
        markers.remember_browser(response, token)
    return response


@csrf_exempt
@require_POST
def comment(request: HtmxHttpRequest) -> HttpResponse:
    """Add the reader's optional sentence to their answer."""
    if sent_from_another_site(request):
        return _foreign(request)
    form = CommentForm(request.POST)
    back = back_to(request.POST.get("next", ""))
    if not form.is_valid():
        if "answer" in form.errors:  # forged or a day old: no answer to add the sentence to
            return _fragment(request, "refused", {"refusal": GONE, "next": back}, status=400)
        context = {"answer": request.POST.get("answer", ""), "next": back, "form": form}
        return _fragment(request, "thanks", context, status=200)
    refusal = feedback_refusal(request)
    if refusal is not None:
        return _fragment(request, "refused", {"refusal": refusal, "next": back}, status=429)
    if not feedback_comment(
        answer_id=form.cleaned_data["answer"], comment=form.cleaned_data["comment"]
    ):
        return _fragment(request, "refused", {"refusal": GONE, "next": back}, status=400)
    if request.htmx:
        return render(request, f"{WIDGET}#done", {"next": back})
    query = urlencode({"sent": "1", "next": back})
    return redirect(f"{reverse('feedback:thanks')}?{query}")


@never_cache
@require_safe
def thanks(request: HtmxHttpRequest) -> HttpResponse:
    """Thank a reader whose browser sent the form without JavaScript; offer the sentence."""
    context = {"next": back_to(request.GET.get("next", "")), "partial": ""}
    signed = request.GET.get("answer", "")
    if request.GET.get("sent"):
        context["partial"] = "done"
    elif signed and markers.answer_id(signed) is not None:
        context |= {"partial": "thanks", "answer": signed, "form": CommentForm()}
    return render(request, "feedback/thanks.html", context)
