"""Stage 4 — the appeal statement, its log and the platform's decision (cases/views/appeal.py)."""

from django import forms

from cases.choices import AppealOutcome
from cases.forms.common import StageForm, datetime_field

APPEAL_OUTCOME_REQUIRED = "请选择平台的处理结果。"


class AppealRecordForm(StageForm):
    """The appeal statement, and once it is submitted, when and under which ticket number."""

    statement = forms.CharField(
        label="申诉说明",
        help_text="按需要改一改：只写事实，说清楚请平台做什么。",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "kr-copy-text"}),
        error_messages={
            "max_length": "申诉说明最多 %(limit_value)d 个字，现在是 %(show_value)d 个。"
        },
    )
    submitted_at = datetime_field(
        "提交申诉的时间",
        "在平台上点“提交”的时间。默认是现在，可以改。",
        required=True,
        happened="提交时间不能晚于现在。还没提交的话，先点“保存草稿”。",
        error_messages={"required": "请填写提交申诉的时间。"},
    )
    ticket_number = forms.CharField(
        label="工单号（可选）",
        help_text="平台给的工单号或申诉编号，以后查进度、投诉时都用得上。",
        required=False,
        max_length=80,
        error_messages={"max_length": "工单号最多 %(limit_value)d 个字符。"},
    )


class AppealOutcomeForm(forms.Form):
    """What the platform decided on one logged appeal."""

    outcome = forms.ChoiceField(
        label="平台的处理结果",
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": APPEAL_OUTCOME_REQUIRED,
            "invalid_choice": APPEAL_OUTCOME_REQUIRED,
        },
    )
