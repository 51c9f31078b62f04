"""Stage 1 — the eligibility questions (cases/views/eligibility.py)."""

from django import forms

from cases.choices import GoodsKind, PaymentMethod, Problem
from cases.forms.common import StageForm, YesNoField, amount_field, datetime_field

YES_NO_REQUIRED = {"required": "请选择是、否或不确定。"}


class EligibilityForm(StageForm):
    goods_kind = forms.ChoiceField(
        label="你买的是什么？",
        choices=GoodsKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择你买的商品类型。"},
    )
    problems = forms.MultipleChoiceField(
        label="出了什么问题？",
        help_text="可以多选。",
        choices=Problem.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选一个问题。"},
    )
    no_refund_notice = YesNoField(
        label="商品页上写着“不支持退款”或“特殊商品不退换”吗？",
        error_messages=YES_NO_REQUIRED,
    )
    fraud_signs = YesNoField(
        label="有没有商家欺诈的迹象？",
        help_text="例如伪造发货记录，或者发来的卡密一看就是假的。",
        error_messages=YES_NO_REQUIRED,
    )
    payment_method = forms.ChoiceField(
        label="你是怎么付款的？",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择付款方式。"},
    )
    amount = amount_field()
    ordered_at = datetime_field("下单时间")
    promised_delivery = forms.CharField(
        label="商家承诺的发货时间",
        help_text="照商品页或聊天记录写，例如“1 小时内到账”。",
        required=False,
        max_length=120,
    )
