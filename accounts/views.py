"""Sign-up and log-in that carry a visitor's anonymous cases into their account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.forms import SignUpForm
from cases.services import cases_claim_for_user


def _claimed_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(request, f"这个浏览器里的 {count} 个案件已转进你的账号。")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("cases:list")


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            user = form.save()
            # login() gives the session a new key: note the old one to find its cases.
            anonymous_session_key = request.session.session_key
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            _claimed_message(
                request, cases_claim_for_user(user=user, session_key=anonymous_session_key)
            )
            messages.success(request, "注册成功，已经登录。")
            return redirect(_safe_next(request))
    else:
        form = SignUpForm()
    next_url = request.GET.get("next", "")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


class LoginView(auth_views.LoginView):
    """Django's login, plus moving this browser's anonymous cases into the account."""

    def form_valid(self, form):
        anonymous_session_key = self.request.session.session_key
        response = super().form_valid(form)
        _claimed_message(
            self.request,
            cases_claim_for_user(user=form.get_user(), session_key=anonymous_session_key),
        )
        return response
