"""Forms of the wizard. Each shows only some case fields and saves only those."""

import unicodedata
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.drafting import CUSTOM_RULE, RULE_CHOICES
from cases.models import (
    AppealOutcome,
    Case,
    Channel,
    EscalationOutcome,
    EvidenceKind,
    GoodsKind,
    NegotiationOutcome,
    PaymentMethod,
    Problem,
    Resolution,
    Stage,
)
from cases.uploads import InspectedUpload, inspect_upload, too_large_message

YES_NO_UNKNOWN = [("yes", "是"), ("no", "否"), ("unknown", "不确定")]
BOOL_TO_CHOICE = {True: "yes", False: "no", None: "unknown"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Only years that can be real. A browser's date box takes year 1, which Python cannot even
# convert to UTC for the database: refused here with a message instead of a 500.
PLAUSIBLE_YEARS = (2000, 2100)


def plausible_year(value) -> None:
    """Refuse a date or time outside PLAUSIBLE_YEARS."""
    if not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
        raise ValidationError("这个时间的年份不对，请检查一下。", code="year")


# A phone's clock may be a little ahead of the server's.
CLOCK_SLACK = timedelta(minutes=10)


def already_happened(value) -> None:
    """Refuse a time in the future for something that has already happened (an order, a chat)."""
    if value > timezone.now() + CLOCK_SLACK:
        raise ValidationError("这个时间还没到：请填已经发生过的时间。", code="future")


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _datetime_field(label: str, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        validators=[plausible_year, already_happened],
    )


def _amount_field() -> forms.DecimalField:
    return forms.DecimalField(
        label="金额（元）",
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="实际付款金额，最多两位小数，例如 68.00",
        # A text box, not type=number: a browser blanks a number box holding a typo,
        # and a typed value must survive a validation error.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": "请填写数字金额，例如 68.00。"},
    )


class StageForm(forms.Form):
    """A stage form that re-fills from a saved draft or the case, and saves only what it showed."""

    def submitted_answers(self) -> dict[str, Any]:
        """Return cleaned values of the fields this submission carried."""
        return {name: value for name, value in self.cleaned_data.items() if name in self.data}

    @classmethod
    def initial_from_raw(cls, data: dict[str, list[str]]) -> dict[str, Any]:
        """Return raw input (a draft, or a refused POST) as initial values of this form."""
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if name in data:
                values = data[name]
                multiple = isinstance(field, forms.MultipleChoiceField)
                initial[name] = values if multiple else (values[0] if values else "")
        return initial

    @classmethod
    def initial_for(cls, *, case: Case, draft: dict[str, list[str]] | None) -> dict[str, Any]:
        """Return initial values: the saved draft if there is one, else the stored answers."""
        if draft:
            return cls.initial_from_raw(draft)
        initial = {}
        for name, field in cls.base_fields.items():
            value = getattr(case, name)
            if isinstance(field, forms.TypedChoiceField) and field.choices == YES_NO_UNKNOWN:
                value = BOOL_TO_CHOICE[value]
            initial[name] = value
        return initial


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
    no_refund_notice = forms.TypedChoiceField(
        label="商品页上写着“不支持退款”或“特殊商品不退换”吗？",
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是、否或不确定。"},
    )
    fraud_signs = forms.TypedChoiceField(
        label="有没有商家欺诈的迹象？",
        help_text="例如伪造发货记录，或者发来的卡密一看就是假的。",
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是、否或不确定。"},
    )
    payment_method = forms.ChoiceField(
        label="你是怎么付款的？",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择付款方式。"},
    )
    amount = _amount_field()
    ordered_at = _datetime_field("下单时间")
    promised_delivery = forms.CharField(
        label="商家承诺的发货时间",
        help_text="照商品页或聊天记录写，例如“1 小时内到账”。",
        required=False,
        max_length=120,
    )


class TransactionRecordForm(StageForm):
    order_number = forms.CharField(label="订单号", required=False, max_length=80)
    product_name = forms.CharField(label="商品名称", required=False, max_length=120)
    platform_name = forms.CharField(
        label="平台名称", required=False, max_length=80, help_text="你下单的卡盟网站或 App 的名字。"
    )
    seller_id = forms.CharField(label="商家ID", required=False, max_length=80)
    amount = _amount_field()
    ordered_at = _datetime_field("下单时间")


class EvidenceItemForm(forms.Form):
    kind = forms.ChoiceField(
        label="证据类型",
        choices=EvidenceKind.choices,
        error_messages={"required": "请选择证据类型。"},
    )
    description = forms.CharField(
        label="简短说明",
        help_text="例如：订单详情页截图；商家承诺 15 分钟内激活的聊天记录。",
        max_length=300,
        error_messages={"required": "请写一句说明，以后才知道这条证据是什么。"},
    )
    occurred_at = _datetime_field("发生时间", "截图或聊天发生的时间，不是上传的时间。")
    # Last in the form: if a too-large file is skipped, the fields above still arrive.
    file = forms.FileField(
        label="文件（可选）",
        help_text="图片、PDF、视频或纯文本。原文件原样保存，不会被压缩或修改。",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf,video/*,text/plain"}),
    )

    def __init__(self, *args, refused_limit: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused_limit = refused_limit
        self.inspected: InspectedUpload | None = None

    def clean_file(self):
        if self.refused_limit:
            raise ValidationError(too_large_message(self.refused_limit), code="size")
        upload = self.cleaned_data.get("file")
        if upload:
            self.inspected = inspect_upload(upload)
        return upload


class CaseStartForm(forms.Form):
    product_name = forms.CharField(
        label="买的是什么商品？",
        required=False,
        max_length=120,
        help_text="例如：某游戏 100 元点卡。",
    )
    platform_name = forms.CharField(
        label="在哪个平台买的？", required=False, max_length=80, help_text="可以以后再填。"
    )
    stage = forms.ChoiceField(
        choices=[("", ""), *Stage.choices], required=False, widget=forms.HiddenInput
    )


# Case record — resolve, delete (cases/views/record.py)


class CaseResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label="结果是什么？",
        choices=Resolution.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择结果：全额退款、部分退款或放弃。",
            "invalid_choice": "请选择结果：全额退款、部分退款或放弃。",
        },
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


# Stage 5 — escalation (cases/views/escalation.py)

TOO_LONG = "最多 %(limit_value)d 个字，现在有 %(show_value)d 个，请删短一些。"


def _escalation_text(label: str, max_length: int, help_text: str = "", **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        error_messages={"max_length": TOO_LONG},
        **kwargs,
    )


class EscalationDetailsForm(StageForm):
    """Who complains about whom: typed by the buyer, never filled in from the account."""

    complainant_name = _escalation_text("你的姓名（投诉人）", 50, "写真实姓名，和身份证一致。")
    complainant_phone = _escalation_text(
        "你的电话",
        30,
        "只写数字，可以带 +、- 或空格，例如 138 0000 0000。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    complainant_address = _escalation_text(
        "你的通讯地址",
        200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    respondent_name = _escalation_text(
        "被投诉人名称",
        120,
        "商家的店铺名或公司名；找不到商家时，可以写平台的公司名称。",
    )
    respondent_address = _escalation_text(
        "被投诉人地址", 200, "店铺页、平台的“营业执照”或“关于我们”页上通常能找到。"
    )
    complaint_request = _escalation_text(
        "具体投诉请求",
        500,
        "你想要什么结果。不填就写“要求商家退还货款”和订单金额。",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    appeal_unreasonable = forms.TypedChoiceField(
        label="平台已经处理了你的申诉，但你认为结果不合理吗？",
        help_text="例如只判退了很少一部分，或者判了退款却迟迟不到账。",
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


def _filed_on_field() -> forms.DateField:
    return forms.DateField(
        label="提交日期",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_year],
        error_messages={
            "required": "请填写提交日期。",
            "invalid": "请填写一个真实存在的日期，格式是 年-月-日，例如 2026-03-05。",
        },
    )


class EscalationRecordForm(forms.Form):
    channel = forms.ChoiceField(
        label="向哪里投诉或报案？",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择渠道：12315、黑猫投诉或公安机关。",
            "invalid_choice": "请选择渠道：12315、黑猫投诉或公安机关。",
        },
    )
    filed_on = _filed_on_field()
    reference = _escalation_text(
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
    reference = _escalation_text("受理号 / 投诉编号", 80)


# Stage 4 — appeal (cases/views/appeal.py)


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
    submitted_at = forms.DateTimeField(
        label="提交申诉的时间",
        help_text="在平台上点“提交”的时间。默认是现在，可以改。",
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        validators=[plausible_year],
        error_messages={
            "required": "请填写提交申诉的时间。",
            "invalid": "时间的格式不对，请写成 2026-05-01 14:30 这样。",
        },
    )
    ticket_number = forms.CharField(
        label="工单号（可选）",
        help_text="平台给的工单号或申诉编号，以后查进度、投诉时都用得上。",
        required=False,
        max_length=80,
        error_messages={"max_length": "工单号最多 %(limit_value)d 个字符。"},
    )

    def clean_submitted_at(self):
        submitted_at = self.cleaned_data["submitted_at"]
        # A few minutes of slack: the phone's clock and the server's rarely agree exactly.
        if submitted_at > timezone.now() + CLOCK_SLACK:
            raise ValidationError(
                "提交时间不能晚于现在。还没提交的话，先点“保存草稿”。", code="future"
            )
        return submitted_at


class AppealOutcomeForm(forms.Form):
    """What the platform decided on one logged appeal."""

    outcome = forms.ChoiceField(
        label="平台的处理结果",
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择平台的处理结果。",
            "invalid_choice": "请选择平台的处理结果。",
        },
    )


# Stage 3 — negotiation (cases/views/negotiation.py)

NEGOTIATION_TEXT_LIMIT = 2000


def _negotiation_datetime(label: str, help_text: str = "", *, required: bool = True):
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=required,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        validators=[plausible_year],
        error_messages={
            "required": f"请填写{label}。",
            "invalid": "时间的格式不对：请按“年-月-日 时:分”填写，例如 2026-12-01 17:00。",
        },
    )


def _negotiation_text(
    label: str, help_text: str = "", *, required: bool = False, rows: int = 6, css: str = ""
):
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
                f"{label}太长了：最多 {NEGOTIATION_TEXT_LIMIT} 字，现在有 %(show_value)d 字。"
                "请删短一些再保存。"
            ),
        },
    )


class NegotiationMessageForm(StageForm):
    """The choices the three-step message is built from, and the text as the buyer edited it."""

    rule = forms.ChoiceField(
        label="第二步引用哪条平台规则？",
        help_text="规则名称以你所在平台的为准；平台的叫法不一样，就选“我自己填写平台规则”。",
        choices=RULE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选一条平台规则，或者选“我自己填写平台规则”。",
            "invalid_choice": "请从列表里选一条平台规则。",
        },
    )
    rule_name = forms.CharField(
        label="规则名称（自己填写时）",
        help_text="照平台规则原文写，不用加书名号，例如：虚拟商品售后条例。",
        required=False,
        max_length=60,
    )
    rule_promise = forms.CharField(
        label="这条规则怎么规定的（自己填写时）",
        help_text="例如：无效商品须在 24 小时内退款。",
        required=False,
        max_length=120,
    )
    deadline = _negotiation_datetime(
        "给商家的处理期限",
        "第三步：给一个明确的时间，例如今天 17:00。过了这个时间还没处理，就去平台申诉。",
    )
    message = _negotiation_text(
        "发给商家的消息",
        "可以直接改，改完点“保存修改”。点“按这些选择重新生成”会替换这里的内容。",
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
                "期限要选将来的时间：这个时间已经过去了，请选一个还没到的时间。", code="past"
            )
        if (deadline - now).days >= self.LONGEST_DEADLINE_DAYS:
            raise ValidationError(
                "期限太远了：给商家的期限一般是几小时到几天，最多一年。", code="too_far"
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rule") == CUSTOM_RULE:
            if not cleaned.get("rule_name") and "rule_name" not in self.errors:
                self.add_error("rule_name", "选了“我自己填写平台规则”，请写上规则名称。")
            if not cleaned.get("rule_promise") and "rule_promise" not in self.errors:
                self.add_error(
                    "rule_promise", "选了“我自己填写平台规则”，请写上这条规则怎么规定的。"
                )
        return cleaned

    def keep_only_unstorable_errors(self) -> bool:
        """Drop the errors a draft may have; return True if something still cannot be stored.

        A draft may be incomplete, but it may not be oversized or hold NUL characters.
        """
        self.is_valid()
        unstorable = {"max_length", "null_characters_not_allowed"}
        for name in list(self.errors):
            codes = {error.code for error in self.errors[name].as_data()}
            if not codes & unstorable:
                del self.errors[name]
        return bool(self.errors)


class NegotiationAttemptForm(forms.Form):
    """Log one message sent to the seller (the "我已发送" form)."""

    prefix = "sent"

    sent_at = _negotiation_datetime("发送时间", "默认是现在；不是刚发的，就改成实际发送的时间。")
    deadline = _negotiation_datetime(
        "给商家的期限", "消息里写的处理期限。可以加进手机日历，到时提醒你。", required=False
    )
    message = _negotiation_text(
        "发送的内容",
        "已经填好了上面生成的消息；如果发之前改过，把实际发出去的那一版粘贴到这里。",
        required=True,
        rows=6,
    )

    def clean_sent_at(self):
        sent_at = self.cleaned_data.get("sent_at")
        limit = timezone.now() + CLOCK_SLACK
        if sent_at is not None and sent_at > limit:
            raise ValidationError("发送时间不能在将来：请填已经发出去的时间。", code="future")
        return sent_at

    def clean(self):
        cleaned = super().clean()
        sent_at, deadline = cleaned.get("sent_at"), cleaned.get("deadline")
        if sent_at and deadline and deadline <= sent_at:
            self.add_error("deadline", "期限要晚于发送时间。")
        return cleaned


class NegotiationOutcomeForm(StageForm):
    """The seller's answer to one attempt, and how it ended; prefixed per attempt."""

    seller_answer = _negotiation_text("商家怎么回复的", "照原话写或粘贴；没回复就空着。", rows=3)
    outcome = forms.ChoiceField(
        label="结果",
        choices=NegotiationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择结果。",
            "invalid_choice": "请从列出的结果里选一个。",
        },
    )

    def submitted_answers(self) -> dict[str, Any]:
        """Return cleaned values of the fields this submission carried (names are prefixed)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if self.add_prefix(name) in self.data
        }
