"""The case record: resolve, delete (cases/views/record.py)."""

from django import forms

from cases.choices import Resolution

RESOLUTION_REQUIRED = "请选择结果：全额退款、部分退款或放弃。"


class CaseResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label="结果是什么？",
        choices=Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": RESOLUTION_REQUIRED, "invalid_choice": RESOLUTION_REQUIRED},
    )
    note = forms.CharField(
        label="备注（可选）",
        help_text="例如：退了 50 元；或者为什么放弃。会记进时间线。",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CaseDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="我明白：删除后，这个案件和它的文件都找不回来",
        error_messages={"required": "请先勾选确认，才能删除。"},
    )
