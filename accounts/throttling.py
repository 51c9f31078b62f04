"""Login throttling (how django-axes names the account a failed login was aimed at), and the
hourly limits on sign-ups and password-reset mail (config/ratelimit.py counts them)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from config.ratelimit import Limit, client_address, hit


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """Return the username typed at login, cut to the longest a real username can be.

    Axes stores it in a 255-character column; an absurdly long one typed into the form
    would make PostgreSQL refuse the insert and the login page answer 500.
    """
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return str(username)[:limit]


def _email_key(email: str) -> str:
    return email.strip().lower()


def signup_refusal(request: HttpRequest, *, email: str = "") -> str | None:
    """Count one sign-up from this address (and with this e-mail); return why not now, or None."""
    refused = hit(
        Limit("signups:ip", client_address(request), settings.QUOTA_SIGNUPS_PER_HOUR_PER_IP)
    )
    if refused is not None:
        return (
            f"这个网络地址这一小时里注册的账号太多了。请 {refused.minutes} 分钟后再试。"
            "你填的用户名和邮箱还在，密码需要重新输入。"
        )
    if email:
        per_hour = settings.QUOTA_SIGNUPS_PER_HOUR_PER_EMAIL
        refused = hit(Limit("signups:email", _email_key(email), per_hour))
        if refused is not None:
            return (
                f"这个邮箱这一小时里已经用来注册了 {per_hour} 次。请 {refused.minutes} 分钟后再试，"
                "或者先不填邮箱注册，以后再补。"
            )
    return None


def reset_refusal(request: HttpRequest, *, email: str) -> str | None:
    """Count one reset mail for this address and e-mail; return why not now, or None.

    Counted the same whether or not an account has the e-mail, so a refusal tells nothing.
    """
    refused = hit(
        Limit("resets:ip", client_address(request), settings.QUOTA_RESETS_PER_HOUR_PER_IP)
    )
    if refused is not None:
        return f"这个网络地址这一小时里申请重设密码的次数太多了。请 {refused.minutes} 分钟后再试。"
    per_hour = settings.QUOTA_RESETS_PER_HOUR_PER_EMAIL
    refused = hit(Limit("resets:email", _email_key(email), per_hour))
    if refused is not None:
        return (
            f"这个邮箱这一小时里已经申请过 {per_hour} 次重设链接了。请先到邮箱里找找"
            f"（也看看垃圾邮件），还是没有的话 {refused.minutes} 分钟后再试。"
        )
    return None
