"""Reminder mail: the buyer switches it on or off for a case; a mail's link stops it.

The mail itself is sent by `manage.py send_reminders` (cases/services/reminders.py).
"""

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cases.forms.reminders import ON, ReminderForm
from cases.selectors.case import case_for_request
from cases.services import reminders as reminder_services
from cases.views.common import HtmxHttpRequest, redirect_after_post

NO_ADDRESS = "没法开启提醒：提醒邮件只能发给登录了、账号里有邮箱的买家。"


@never_cache
@require_POST
def reminders(request: HtmxHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Switch the case's reminder mail on or off, then go back to the page that asked."""
    case = case_for_request(request=request, case_id=case_id)
    form = ReminderForm(request.POST)
    valid = form.is_valid()
    page = (form.cleaned_data.get("page") if valid else "") or "overview"
    back = reverse(f"cases:{page}", args=[case.pk]) + "#reminders"
    if not valid:
        messages.error(request, "没有改动提醒设置，请再点一次按钮。")
    elif form.cleaned_data["remind"] == ON:
        email = request.user.email if request.user.is_authenticated else ""
        if not email:
            messages.error(request, NO_ADDRESS)
        else:
            reminder_services.reminders_on(case=case)
            messages.success(
                request,
                f"已开启邮件提醒：以后到期的期限一过，会发一封邮件到 {email}，同一件事只发一次。",
            )
    else:
        reminder_services.reminders_off(case_id=case.pk)
        messages.success(request, "已关闭这个案件的邮件提醒。")
    return redirect_after_post(request, back)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def reminders_stop(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Stop a case's reminder mail from the link in the mail, without a login.

    The signed token is the permission, so no CSRF token is asked for. POST stops: the
    mail app's own 退订 button (RFC 8058, the mail's List-Unsubscribe-Post header, which
    sends no cookie and no token) and the button of the page a GET shows. A GET stops
    nothing: mail scanners and link previews open every link of a mail, and a buyer
    whose reminders stopped that way would miss the deadline they asked to be told of.
    HEAD, which link checkers send, is refused.
    """
    case_id = reminder_services.case_id_from_token(token)
    if case_id is None:
        return render(request, "cases/reminders_stopped.html", {"state": "broken"}, status=400)
    if request.method == "GET":
        return render(request, "cases/reminders_stopped.html", {"state": "confirm"})
    # A case deleted since gets the same answer: it is sent nothing either way.
    reminder_services.reminders_off(case_id=case_id)
    return render(request, "cases/reminders_stopped.html", {"state": "stopped"})
