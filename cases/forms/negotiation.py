"""Stage 3 — the message, a logged attempt and its outcome (cases/views/negotiation.py)."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import NegotiationOutcome
from cases.facts import case_facts
from cases.forms.common import StageForm, amount_field, datetime_field
from cases.models import Case
from cases.texts import negotiation as negotiation_texts
from cases.texts.negotiation import (
    CUSTOM_RULE,
    EXAMPLE_RULE,
    NO_RULE,
    RULE_CHOICES,
    suggested_deadline,
)
from cases.texts.placeholders import fill

NEGOTIATION_TEXT_LIMIT = 2000


def _negotiation_datetime(
    label: str, help_text: str = "", *, required: bool = True, happened: str | None = None
) -> forms.DateTimeField:
    return datetime_field(
        label,
        help_text,
        required=required,
        happened=happened,
        date_only=False,
        error_messages={"required": f"请填写{label}。"},
    )


def _negotiation_text(
    label: str, help_text: str = "", *, required: bool = False, rows: int = 6, css: str = ""
) -> forms.CharField:
    attrs: dict[str, Any] = {"rows": rows} | ({"class": css} if css else {})
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=NEGOTIATION_TEXT_LIMIT,
        widget=forms.Textarea(attrs=attrs),
        error_messages={
            "required": f"请填写{label}。",
            "max_length": (
                f"{label}太长了，最多 {NEGOTIATION_TEXT_LIMIT} 字，现在有 %(show_value)d 字。"
                "请删短一些再保存。"
            ),
        },
    )


class NegotiationMessageForm(StageForm):
    """The choices the three-step message is built from, and the text as the buyer edited it."""

    rule = forms.ChoiceField(
        label="第二步：引用平台规则吗？",
        help_text=(
            "只引用你在自己平台的规则页上找到的规则，照原文写。"
            f"指南里的{EXAMPLE_RULE}。没找到就先不引用，消息里不会写这一句。"
        ),
        choices=RULE_CHOICES,
        initial=NO_RULE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择引用还是不引用平台规则。",
            "invalid_choice": "请从列表里选一项。",
        },
    )
    rule_name = forms.CharField(
        label="规则名称（引用时填写）",
        help_text="照平台规则原文写，不用加书名号，例如：虚拟商品售后条例。",
        required=False,
        max_length=60,
    )
    rule_promise = forms.CharField(
        label="这条规则怎么规定的（引用时填写）",
        help_text="例如：无效商品须在 24 小时内退款。",
        required=False,
        max_length=120,
    )
    deadline = _negotiation_datetime(
        "给商家的处理期限",
        "第三步：给一个明确的时间，例如今天 17:00。过了这个时间还没处理，就走下一步。",
    )
    message = _negotiation_text(
        "发给商家的消息",
        "可以直接改，改完点“保存修改”。复制按钮不能用时，长按文本框全选复制。",
        rows=8,
        css="kr-copy-text",
    )

    # How far ahead a deadline may be: hours or days, never years.
    LONGEST_DEADLINE_DAYS = 366

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is None:
            return deadline
        now = timezone.now()
        if deadline <= now:
            raise ValidationError(
                "期限要选将来的时间，这个时间已经过去了，请选一个还没到的时间。", code="past"
            )
        if (deadline - now).days >= self.LONGEST_DEADLINE_DAYS:
            raise ValidationError(
                "期限太远了，给商家的期限一般是几小时到几天，最多一年。", code="too_far"
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rule") == CUSTOM_RULE:
            if not cleaned.get("rule_name") and "rule_name" not in self.errors:
                self.add_error("rule_name", "选了引用平台规则，请写上规则名称。")
            if not cleaned.get("rule_promise") and "rule_promise" not in self.errors:
                self.add_error("rule_promise", "选了引用平台规则，请写上这条规则怎么规定的。")
        return cleaned


class NegotiationAttemptForm(forms.Form):
    """Log one message sent to the seller (the "我已发送" form)."""

    prefix = "sent"

    sent_at = _negotiation_datetime(
        "发送时间",
        "默认是现在；不是刚发的，就改成实际发送的时间。",
        happened="发送时间不能在将来，请填已经发出去的时间。",
    )
    deadline = _negotiation_datetime(
        "给商家的期限", "消息里写的处理期限。可以加进手机日历，到时提醒你。", required=False
    )
    message = _negotiation_text(
        "发送的内容",
        "已经填好了上面生成的消息；如果发之前改过，把实际发出去的那一版粘贴到这里。",
        required=True,
        rows=6,
    )

    def clean(self):
        cleaned = super().clean()
        sent_at, deadline = cleaned.get("sent_at"), cleaned.get("deadline")
        if sent_at and deadline and deadline <= sent_at:
            self.add_error("deadline", "期限要晚于发送时间。")
        return cleaned


class NegotiationOutcomeForm(StageForm):
    """The seller's answer to one attempt, and how it ended; prefixed per attempt."""

    seller_answer = _negotiation_text(
        "商家怎么回复的",
        "只写商家说的话，照原话写或粘贴：投诉材料里会写成“商家回复……”。商家没回复就空着。",
        rows=3,
    )
    outcome = forms.ChoiceField(
        label="结果",
        choices=NegotiationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择结果。",
            "invalid_choice": "请从列出的结果里选一个。",
        },
    )
    # Asked once 部分退款 is chosen (site.css shows it then): the texts ask for the rest.
    refunded_amount = amount_field(
        label="商家退回了多少钱？（元）",
        help_text="看你收到的退款记录填，例如 50.00。不知道就空着。",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        # Only a partial refund has a sum paid back; any other outcome keeps none.
        if cleaned.get("outcome") != NegotiationOutcome.PARTLY_REFUNDED:
            cleaned["refunded_amount"] = None
        return cleaned


# The message form's starting values: the buyer's draft, else the case's own words.


def parse_deadline(raw: object) -> datetime | None:
    """Return a stored or typed deadline as an aware datetime, None if it is not one."""
    if isinstance(raw, datetime):
        # A form shows an aware initial value as naive local time (prepare_value).
        return timezone.make_aware(raw) if timezone.is_naive(raw) else raw
    try:
        return NegotiationMessageForm.base_fields["deadline"].to_python(raw)
    except ValidationError:
        return None


def message_values(case: Case, choices: dict[str, Any]) -> dict[str, str]:
    """Return the value of every placeholder of the message, "" where the case has none yet."""
    return negotiation_texts.message_values(
        case_facts(case, with_records=False),
        rule=str(choices.get("rule") or ""),
        custom_name=str(choices.get("rule_name") or ""),
        custom_promise=str(choices.get("rule_promise") or ""),
        deadline=parse_deadline(choices.get("deadline")),
    )


def message_initial(case: Case, draft: dict[str, list[str]], texts: dict[str, str]) -> dict:
    """Return the message form's values: the draft, else suggestions; the text built if empty."""
    initial: dict[str, Any] = NegotiationMessageForm.initial_from_raw(draft)
    if not initial.get("rule"):
        initial["rule"] = NO_RULE
    if not draft:
        initial["deadline"] = suggested_deadline(timezone.localtime())
    if not str(initial.get("message") or "").strip():
        initial["message"] = fill(texts[message_key(case)], message_values(case, initial))
    return initial


def message_key(case: Case) -> str:
    """Return the wizard text the message starts from."""
    return negotiation_texts.template_key(case_facts(case, with_records=False))
