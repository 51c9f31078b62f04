"""Sign-up and log-in that carry a visitor's anonymous cases into their account; the account page,
export of all its data and deletion of the account."""

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import (
    AccountDeleteForm,
    EmailForm,
    LogInForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignUpForm,
)
from accounts.services import account_delete, login_records
from accounts.tasks import send_password_reset
from accounts.throttling import reset_refusal, signup_refusal
from cases.downloads import zip_response
from cases.record_export import account_archive, archive_zip
from cases.selectors.record import account_case_totals, case_records, cases_of_user
from cases.services.case import cases_claim_for_user


def _claimed_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(request, f"这个浏览器里的 {count} 个案件已转进你的账号。")


def _safe_next(request: HttpRequest) -> str:
    """Return the page the buyer came from (`next`) if it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only site paths: redirect() would treat a bare word as a URL name and fail.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = SignUpForm(request.POST)
        refusal = form.is_valid() and signup_refusal(request, email=form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            status = 429
        elif form.is_valid():
            user = form.save()
            # login() gives the session a new key: note the old one to find its cases.
            anonymous_session_key = request.session.session_key
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            _claimed_message(
                request, cases_claim_for_user(user=user, session_key=anonymous_session_key)
            )
            messages.success(request, "注册成功，已经登录。")
            return redirect(_safe_next(request) or reverse("cases:list"))
    else:
        form = SignUpForm()
    # Kept through a refused form too, so the buyer still returns to their step afterwards.
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "registration/signup.html", context, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form; the mail leaves in a task, so every address gets the same answer.

    The answer neither waits for the mail nor looks the address up (accounts/tasks.py), and
    the hourly limits count every address alike.
    """

    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        refusal = reset_refusal(self.request, email=email)
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        send_password_reset.enqueue(
            email=email, domain=self.request.get_host(), use_https=self.request.is_secure()
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password form; a new password also lifts a login lock on the account.

    The lockout page sends a buyer who forgot their password here; the link in the mail
    proves they own the address, and guesses at the old password say nothing about the
    new one. Without this the buyer set a new password and was still locked out.
    """

    form_class = NewPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class LoginView(auth_views.LoginView):
    """Django's login, plus moving this browser's anonymous cases into the account."""

    form_class = LogInForm

    def form_valid(self, form):
        anonymous_session_key = self.request.session.session_key
        response = super().form_valid(form)
        _claimed_message(
            self.request,
            cases_claim_for_user(user=form.get_user(), session_key=anonymous_session_key),
        )
        return response


@never_cache
@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The account page: the user's cases, password, export and deletion in one place."""
    return render(request, "accounts/home.html", account_case_totals(user=request.user))


@never_cache
@login_required
@require_safe
def export(request: HttpRequest) -> StreamingHttpResponse:
    """Download every case of the account as one ZIP: cases.json and the original files."""
    cases = cases_of_user(user=request.user)
    records = case_records(cases=cases)
    logins = login_records(username=request.user.get_username())
    archive = account_archive(request.user, cases, records, logins=logins)
    name = f"卡盟退款指南-{request.user.get_username()}-全部案件"
    return zip_response(archive_zip(archive), name=name, fallback="export")


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def email(request: HttpRequest) -> HttpResponse:
    """Add, change or remove the account's e-mail address, then go back where the buyer was."""
    user = request.user
    if request.method == "POST":
        form = EmailForm(request.POST, request=request)
        if form.is_valid():
            user.email = form.cleaned_data["email"]
            user.save(update_fields=["email"])
            if user.email:
                messages.success(request, f"邮箱已保存：{user.email}。")
            else:
                messages.success(
                    request, "邮箱已删除。以后不会再收到期限提醒，忘了密码也没法找回。"
                )
            return redirect(_safe_next(request) or reverse("accounts:home"))
    else:
        form = EmailForm(initial={"email": user.email}, request=request)
    return render(request, "accounts/email.html", {"form": form, "next": _safe_next(request)})


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    """Delete the account after the password is given again, then sign out."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        return redirect("accounts:deleted")
    context = {"form": form, **account_case_totals(user=request.user)}
    return render(request, "accounts/delete.html", context)


@require_safe
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
