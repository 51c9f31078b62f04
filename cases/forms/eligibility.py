"""Stage 1 — the eligibility questions (cases/views/eligibility.py)."""

from typing import Any

from django import forms

from cases.choices import CodeSymptom, GoodsKind, PaymentMethod, Problem, Remedy
from cases.forms.common import (
    TOO_LONG,
    StageForm,
    YesNoField,
    amount_field,
    datetime_field,
    model_field,
)
from cases.models import Case

YES_NO_REQUIRED = {"required": "请选择是、否或不确定。"}


class EligibilityForm(StageForm):
    SECTIONS = (
        # What was bought and what went wrong are two sections: together they ran to more
        # than two phone screens before the buyer reached anything else (issue 14).
        ("goods", "买了什么", ("goods_kind", "no_refund_notice"), False),
        (
            "problem",
            "出了什么问题",
            ("problems", "code_symptom", "problem_detail", "fraud_signs", "fraud_detail"),
            False,
        ),
        (
            "order",
            "付款和时间",
            ("payment_method", "amount", "ordered_at", "promised_delivery", "noticed_at"),
            False,
        ),
        ("request", "你想要什么结果", ("remedy", "remedy_amount"), False),
        ("first-use", "卡密的使用记录", ("first_used_at", "first_used_by"), True),
    )

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
    problem_detail = model_field(
        Case,
        "problem_detail",
        label="具体哪里不对？（可选）",
        help_text="一句话写清楚，例如“页面写的是国服，发来的是港服的卡”。会照写进给商家的消息和投诉材料里。",
        error_messages={"max_length": TOO_LONG},
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
    # Asked once 是 is chosen (site.css): a report to the police names the sign itself.
    fraud_detail = model_field(
        Case,
        "fraud_detail",
        label="是什么迹象？（可选）",
        help_text=(
            "一句话写你看到的事，例如“收款后马上把我拉黑了”。会照写进报案和 12315 投诉材料里。"
        ),
        error_messages={"max_length": TOO_LONG},
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
    noticed_at = datetime_field(
        "什么时候发现问题的？",
        "例如输入卡密报错的时间，或者过了承诺时间还没到货的时候。记不清具体时间，选个大概的时间就行。",
    )
    code_symptom = forms.ChoiceField(
        label="卡密用不了时，具体是什么情况？",
        help_text="只在卡密或激活码用不了时选。消息和申诉里会照这样写。",
        choices=CodeSymptom.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    first_used_at = datetime_field(
        "卡密最早被使用的时间（查得到再填）",
        "游戏或软件官方的充值记录、使用记录里能查到。比你收到卡密还早，就是很有力的证据。",
    )
    first_used_by = forms.CharField(
        label="使用卡密的账号（查得到再填）",
        help_text="官方记录里显示的账号。不是你的账号，说明卡密被别人用了。",
        required=False,
        max_length=80,
    )
    remedy = forms.ChoiceField(
        label="你想要什么结果？",
        help_text="给商家的消息、申诉和投诉里都会这样写。",
        choices=Remedy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    remedy_amount = amount_field(
        label="部分退款：一共希望退回多少钱（元）",
        help_text=(
            "只在选了“部分退款”时填写，例如 30.00。"
            "商家已经退过一部分的，填一共要退的钱数，含已经退的。"
        ),
    )

    @classmethod
    def initial_for(cls, *, case: Case, draft: dict[str, list[str]] | None) -> dict[str, Any]:
        """Stored answers as initial values; a case whose step 1 was never saved (its goods
        kind is required, so it is empty until then) has no yes/no answer ticked. The model
        stores 不确定 and "not asked yet" alike as None; only a saved step 1 means 不确定."""
        initial = super().initial_for(case=case, draft=draft)
        if not draft and not case.goods_kind:
            for name in ("no_refund_notice", "fraud_signs"):
                initial[name] = None
        return initial

    def applies(self, name: str) -> bool:
        """The symptom is asked only of a code that does not work, the amount only of a
        partial refund, what exactly is wrong only of 其他."""
        if name == "code_symptom":
            return Problem.INVALID_CODE in (self["problems"].value() or ())
        if name == "fraud_detail":
            return False  # the buyer's own words, never a gap in the count
        if name == "problem_detail":
            # Always offered; counted only for 其他, which no text can word without it.
            return Problem.OTHER in (self["problems"].value() or ())
        if name == "remedy_amount":
            return self["remedy"].value() == Remedy.PARTIAL
        return True

    def clean(self) -> dict:
        cleaned = super().clean()
        remedy, part = cleaned.get("remedy"), cleaned.get("remedy_amount")
        paid = cleaned.get("amount")
        if remedy == Remedy.PARTIAL and part is None and "remedy_amount" not in self.errors:
            self.add_error("remedy_amount", "选了部分退款，请填写希望退回的金额。")
        elif remedy == Remedy.PARTIAL and part is not None and paid is not None and part > paid:
            self.add_error("remedy_amount", "希望退回的金额不能比实际付款的金额还多。")
        elif remedy != Remedy.PARTIAL and "remedy_amount" in cleaned:
            # Only a partial refund has an amount of its own; the full amount is the order's.
            cleaned["remedy_amount"] = None
        return cleaned
