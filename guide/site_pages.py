"""The site's own pages — 关于本站, 隐私说明, 联系我们 — and the numbers their text states.

They are GuidePart rows of kind SITE_PAGE (seeded by migration 0007), so editors edit them
with the guide's preview, history and change notes. Each is served at a fixed address named
by its key (/about/, /privacy/, /contact/: config/urls.py), whatever its slug says.

What the privacy page promises must stay true of the code, so its numbers are not typed
into the text: the editor writes {anonymous_days} and the page shows the number the
settings enforce, filled in each time the page is rendered. A text with a placeholder this
module does not know is refused on save (GuidePart.clean).
"""

import re
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# key → the page's title in the footer; the order of the footer's links.
SITE_PAGES = {
    "about": "关于本站",
    "privacy": "隐私说明",
    "contact": "联系我们",
}

DAY_SECONDS = 24 * 60 * 60


def anonymous_days() -> int:
    """Return how many days after the last visit a case started without an account is kept.

    Such a case belongs to its browser session, which expires SESSION_COOKIE_AGE after it was
    last renewed (cases/session_keepalive.py renews it on a visit to /cases/); the daily
    `purge_abandoned_cases` then deletes every case whose session is gone.
    """
    return settings.SESSION_COOKIE_AGE // DAY_SECONDS


def _feedback_max_chars() -> int:
    from feedback.models import COMMENT_MAX_LENGTH

    return COMMENT_MAX_LENGTH


def _outcome_min_group() -> int:
    from cases.rules.statistics import MIN_GROUP

    return MIN_GROUP


def _feedback_cookie_days() -> int:
    from feedback.markers import COOKIE_MAX_AGE

    return COOKIE_MAX_AGE // DAY_SECONDS


class Placeholder(NamedTuple):
    """A number a site page may state: what it means to an editor, and where it comes from."""

    label: str
    value: Callable[[], int]


PLACEHOLDERS: dict[str, Placeholder] = {
    "anonymous_days": Placeholder("没注册时建的案件，最后一次打开后保留几天", anonymous_days),
    "feedback_max_chars": Placeholder("“这一页有帮助吗？”那句话最多几个字", _feedback_max_chars),
    "feedback_per_hour": Placeholder(
        "同一个网络地址每小时最多提交几次反馈",
        lambda: settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP,
    ),
    "feedback_cookie_days": Placeholder("防重复投票的 cookie 保留几天", _feedback_cookie_days),
    "outcome_min_group": Placeholder(
        "公开的结果统计里，一个数字背后至少几个案件", _outcome_min_group
    ),
}

# "{{" and "}}" are literal braces, as in the wizard texts; {name} is a placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")
# What is left after the valid tokens are taken out: any brace is a mistake.
_ANY_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")


def site_values() -> dict[str, str]:
    """Return each placeholder's value as the page shows it."""
    return {name: str(placeholder.value()) for name, placeholder in PLACEHOLDERS.items()}


def fill(html: str) -> SafeString:
    """Return a site page's stored HTML with every placeholder's value put in."""
    values = site_values()

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        # An unknown name is refused on save; one stored before stays visible, not lost.
        return escape(values[name]) if name in values else match.group(0)

    # The HTML was sanitized on save (guide.markdown); a value is a number, escaped anyway.
    return mark_safe(_TOKEN.sub(replace, html))


def known_placeholders() -> str:
    """Return the placeholders as one line for the editors' help and errors."""
    return "、".join(f"{{{name}}}（{p.label}）" for name, p in PLACEHOLDERS.items())


def placeholder_errors(text: str) -> list[str]:
    """Return what is wrong with a site page's placeholders, in Chinese; empty when fine."""
    errors = []
    for match in _ANY_TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            errors.append(
                f"有一个单独的 {token}：占位符要写成 {{anonymous_days}} 这样，"
                "要显示花括号本身，写成 {{ 或 }}。"
            )
        elif name not in PLACEHOLDERS:
            errors.append(f"不认识的占位符 {token}。可以用的有：{known_placeholders()}。")
    return errors
