"""Start a case (cases/views/case.py)."""

from django import forms

from cases.choices import Stage


class CaseStartForm(forms.Form):
    product_name = forms.CharField(
        label="买的是什么商品？",
        required=False,
        max_length=120,
        help_text=(
            "会用作案件的名字，例如：某游戏 100 元点卡。"
            "不填也行，案件会先用平台名（没填平台就叫“未命名的退款”）加上今天的日期作名字，整理证据时可以补上。"
        ),
    )
    platform_name = forms.CharField(
        label="在哪个平台买的？", required=False, max_length=80, help_text="可以以后再填。"
    )
    stage = forms.ChoiceField(
        choices=[("", ""), *Stage.choices], required=False, widget=forms.HiddenInput
    )
