"""Stage 5 — the complaint details and the log of outside complaints (cases/views/escalation.py)."""

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import Channel, EscalationOutcome
from cases.forms.common import StageForm, plausible_year, text_field
from cases.models import Case

CHANNEL_REQUIRED = "请选择渠道：12315、黑猫投诉或公安机关。"


class EscalationDetailsForm(StageForm):
    """Who complains about whom: typed by the buyer, never filled in from the account."""

    complainant_name = text_field("你的姓名（投诉人）", 50, "写真实姓名，和身份证一致。")
    complainant_phone = text_field(
        "你的电话",
        30,
        "只写数字，可以带 +、- 或空格，例如 138 0000 0000。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    complainant_address = text_field(
        "你的通讯地址",
        200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    respondent_name = text_field(
        "被投诉人名称",
        120,
        "商家的店铺名或公司名；找不到商家时，可以写平台的公司名称。",
    )
    respondent_address = text_field(
        "被投诉人地址", 200, "店铺页、平台的“营业执照”或“关于我们”页上通常能找到。"
    )
    complaint_request = text_field(
        "具体投诉请求",
        500,
        "想在投诉里换一种说法时再填。不填，就按第 1 步“你想要什么结果”来写，"
        "例如“要求商家全额退款 100 元”。",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    appeal_unreasonable = forms.TypedChoiceField(
        label="平台已经处理了你的申诉，但你认为结果不合理吗？",
        help_text="例如驳回了你有证据的申诉，只判退了很少一部分，或者判了退款却迟迟不到账。",
        choices=[("no", "不是"), ("yes", "是，结果不合理")],
        coerce=lambda value: value == "yes",
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_complainant_phone(self) -> str:
        # Full-width digits and dashes from a Chinese keyboard count as ordinary ones.
        phone = unicodedata.normalize("NFKC", self.cleaned_data.get("complainant_phone", ""))
        phone = phone.strip()
        if phone and (
            any(char not in "0123456789+- " for char in phone)
            or not any(char.isdigit() for char in phone)
        ):
            raise ValidationError(
                "电话号码只能包含数字、+、- 和空格，例如 138 0000 0000。", code="phone"
            )
        return phone

    @classmethod
    def initial_for(cls, *, case: Case, draft: dict[str, list[str]] | None) -> dict[str, Any]:
        initial = super().initial_for(case=case, draft=draft)
        if not draft:
            initial["appeal_unreasonable"] = "yes" if case.appeal_unreasonable else "no"
        return initial


class EscalationRecordForm(forms.Form):
    channel = forms.ChoiceField(
        label="向哪里投诉或报案？",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHANNEL_REQUIRED, "invalid_choice": CHANNEL_REQUIRED},
    )
    filed_on = forms.DateField(
        label="提交日期",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_year],
        error_messages={
            "required": "请填写提交日期。",
            "invalid": "请填写一个真实存在的日期，格式是 年-月-日，例如 2026-03-05。",
        },
    )
    reference = text_field(
        "受理号 / 投诉编号",
        80,
        "提交后页面或短信里给的编号；报案回执上的编号也写这里。还没有可以先空着。",
    )
    outcome = forms.ChoiceField(
        label="现在的结果",
        choices=EscalationOutcome.choices,
        initial=EscalationOutcome.PENDING,
        error_messages={
            "required": "请选择现在的结果。",
            "invalid_choice": "请选择现在的结果。",
        },
    )

    def clean_filed_on(self):
        # A date, not a time: "today" is the buyer's calendar day, with no clock slack.
        filed_on = self.cleaned_data["filed_on"]
        if filed_on > timezone.localdate():
            raise ValidationError("提交日期不能晚于今天。", code="future")
        return filed_on


class EscalationOutcomeForm(StageForm):
    """Update one logged complaint: its result and, once it arrives, its number."""

    outcome = forms.ChoiceField(
        label="结果",
        choices=EscalationOutcome.choices,
        error_messages={
            "required": "请选择结果。",
            "invalid_choice": "请选择结果。",
        },
    )
    reference = text_field("受理号 / 投诉编号", 80)
