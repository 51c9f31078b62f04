"""The box above a refused form that lists what to change (templates/cases/_error_summary.html).

{% load error_summary %}
{% error_summary form as summary %}
"""

import re
from dataclasses import dataclass

from django import forms, template

register = template.Library()

# What ends a question or a heading, dropped from a label before its message follows.
LABEL_END = "？?：: "
# A colon that joins two clauses; the one in 17:00 is part of a time.
CLAUSE_COLON = re.compile(r"：|(?<!\d):|:(?!\d)")


@dataclass(frozen=True)
class SummaryLine:
    text: str
    href: str = ""  # the field to jump to; "" for an error of the whole form or a hidden field


@dataclass(frozen=True)
class ErrorSummary:
    title: str
    lines: tuple[SummaryLine, ...]


def summary_line(label: str, message: str) -> str:
    """Return a field's label and one of its errors as one line with one colon, between them.

    你买的是什么？ and 请选择… read 你买的是什么：请选择…; a colon inside the label
    (部分退款：希望退回多少钱) becomes a comma. The message keeps its own colons: there one
    introduces a list (可以上传：图片…); a message never joins two clauses with one.
    """
    label = str(label).rstrip(LABEL_END)
    return f"{CLAUSE_COLON.sub('，', label)}：{message}" if label else str(message)


# What a browser is never sent back, and what the buyer then does again.
RETYPED = {"password": "密码要重新输入", "file": "文件要重新选"}


def summary_title(count: int, *, kept: bool, retype: tuple[str, ...] = ()) -> str:
    """Return the summary's heading: how many things to change, that the input is kept, and
    what is not (a password, a file: retype names them, keys of RETYPED)."""
    again = "，".join(RETYPED[kind] for kind in retype)
    if not kept:
        return f"有 {count} 处要填，见下面。" + (f"{again}。" if again else "")
    if again:
        return f"有 {count} 处要改，见下面。你已经填的内容都保留着，只有{again}。"
    return f"有 {count} 处要改，见下面。你已经填的内容都保留着。"


def _typed(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return any(_typed(item) for item in value)
    return bool(value)


def _kept(field: forms.BoundField) -> bool:
    """Return True if something was typed into field and the page shows it again."""
    widget = field.field.widget
    # A browser never gets a password or a file back: those are not kept.
    shown_again = not isinstance(widget, forms.PasswordInput | forms.FileInput)
    return shown_again and not field.is_hidden and _typed(field.data)


@register.simple_tag
def error_summary(form: forms.Form) -> ErrorSummary:
    """Return the summary of a refused form: its heading and a line per error."""
    lines = [SummaryLine(text=str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                lines.append(SummaryLine(text=str(error)))
                continue
            target = f"{field.auto_id}_0" if field.use_fieldset else field.id_for_label
            lines.append(SummaryLine(text=summary_line(field.label, error), href=f"#{target}"))
    kept = any(_kept(field) for field in form)
    retype = tuple(
        kind
        for kind, widget in (("password", forms.PasswordInput), ("file", forms.FileInput))
        if any(isinstance(f.field.widget, widget) and _typed(f.data) for f in form)
    )
    title = summary_title(len(lines), kept=kept, retype=retype)
    return ErrorSummary(title=title, lines=tuple(lines))
