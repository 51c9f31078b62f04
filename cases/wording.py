"""The house format of every value the wizard writes into a text: one function per kind.

Amounts, dates, times, durations, quotes, missing marks and lists are written here
and nowhere else, so the same fact reads the same in the negotiation message, the
appeal statement, the 12315 complaint and the police summary. Pinned by a table test
(tests/cases/test_wording.py): change a format here and every text follows.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

# A value the buyer has not given us yet: the text says so instead of guessing.
MISSING_MARK = "【待补充：{label}】"
MISSING_PATTERN = re.compile(r"【待补充：([^】]{1,40})】")
# The spaces a text puts between Chinese and a number (订单号 KM…, 请在 {deadline} 前) are
# wrong beside a missing mark, which is Chinese too: 订单号【待补充：订单号】，
# 请在【待补充：期限】前. A space after a list number or other ASCII (1. 【…) stays.
_SPACED_MARK = re.compile(r"(?<=[^\x00-\x7f]) (?=【待补充：)|(?<=】) (?=[^\x00-\x7f])")
# Sentence-ending punctuation a quoted answer may already carry.
_CLOSING = "。．.！!？?；;，,、 \t\n"


def amount(value: Decimal | None) -> str:
    """Return an amount of 元 as a buyer writes it: 600 元, 68.50 元; "" when unknown."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{int(value)} 元"
    return f"{value:.2f} 元"


def moment(value: datetime | None) -> str:
    """Return a date and time in local time: 2026年12月1日 17:00; "" when unknown.

    Midnight to the second is a bare date (2026年12月1日): the forms take a date without a
    time (a browser without a date-and-time box) and keep it as midnight, and a text must
    not quote 00:00, a time the buyer never gave.
    """
    if value is None:
        return ""
    # The same as timezone.localtime() and day(), written out: a complaint text with a long
    # case dates a hundred lines, and this is the one place that formats each of them.
    if value.utcoffset() is not None:
        value = value.astimezone(timezone.get_current_timezone())
    if not (value.hour or value.minute or value.second or value.microsecond):
        return day(value)
    return f"{value.year}年{value.month}月{value.day}日 {value.hour:02d}:{value.minute:02d}"


def day(value: date | None) -> str:
    """Return a date: 2026年12月1日; "" when unknown."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def duration(since: datetime | None, now: datetime) -> str:
    """Return how long ago since was, in whole hours up to three days, then whole days.

    "" when unknown or under an hour: "超过 0 小时" says nothing.
    """
    if since is None:
        return ""
    hours = int((now - since).total_seconds() // 3600)
    if hours < 1:
        return ""
    if hours < 72:
        return f"{hours} 小时"
    return f"{hours // 24} 天"


def quote(text: str) -> str:
    """Return the buyer's or seller's words in Chinese quotes, without a trailing full stop.

    The sentence around a quote supplies its own punctuation: “无法回收”。 never “无法回收。”。
    """
    return f"“{text.strip().rstrip(_CLOSING)}”"


def missing(label: str) -> str:
    """Return the mark a text shows where a value is still missing."""
    return MISSING_MARK.format(label=label)


def close_up_marks(text: str) -> str:
    """Return text without the spaces written beside its missing marks."""
    return _SPACED_MARK.sub("", text) if "【待补充：" in text else text


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def spaced(value: str, before: str, after: str) -> str:
    """Return a value as it sits between two characters of a text: with a space on a side
    where a Latin letter or digit of it meets a Chinese character (买了 QQ 会员月卡,
    商品 Steam 充值卡), as the texts' own numbers are written; unchanged elsewhere."""
    if value and _han(before[-1:]) and value[0].isascii() and value[0].isalnum():
        value = f" {value}"
    if value and _han(after[:1]) and value[-1].isascii() and value[-1].isalnum():
        value = f"{value} "
    return value


def missing_labels(text: str) -> list[str]:
    """Return the labels of the missing marks in text, in order, without repeats."""
    return list(dict.fromkeys(MISSING_PATTERN.findall(text)))


def series(items: Iterable[str]) -> str:
    """Return items as one list inside a sentence: 甲、乙和丙."""
    parts = [item for item in items if item]
    if len(parts) < 2:
        return "".join(parts)
    return f"{'、'.join(parts[:-1])}和{parts[-1]}"


def clauses(items: Iterable[str]) -> str:
    """Return clauses joined by semicolons, each without its own closing punctuation."""
    return "；".join(item.strip().rstrip(_CLOSING) for item in items if item.strip())


MEGABYTE = 1024 * 1024


def file_size(size: int) -> str:
    """Return a size as people read it: 25 字节, 12.4 KB, 0.4 MB, 20 MB (a limit), 1000 MB.

    Under 100 KB in KB, as the evidence list shows a file; above in MB with at most one
    decimal, so a limit reads 20 MB and a case's few screenshots never 共 0 MB.
    """
    if 0 < size < 1024:  # never 0 KB for a file that has content
        return f"{size} 字节"
    if 0 < size < 100 * 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size / MEGABYTE:.1f}".removesuffix(".0") + " MB"


def file_kind(content_type: str) -> str:
    """Return what a stored file is, in a buyer's words: 图片, 视频, 聊天记录, PDF 文件 or 文件."""
    major = content_type.split("/", 1)[0]
    if major == "image":
        return "图片"
    if major == "video":
        return "视频"
    if content_type == "text/plain":
        return "聊天记录（文本）"
    if content_type == "application/pdf":
        return "PDF 文件"
    return "文件"
