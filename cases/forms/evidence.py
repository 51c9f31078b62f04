"""Stage 2 — the transaction record and one evidence item (cases/views/evidence.py)."""

from django import forms
from django.core.exceptions import ValidationError

from cases.choices import EvidenceKind
from cases.forms.common import StageForm, amount_field, datetime_field, model_field
from cases.models import Case
from cases.quotas import EvidenceRoom
from cases.uploads import InspectedUpload, inspect_upload, too_large_message

NO_FILE = "文件没有收到，请重新选一次文件。"


class TransactionRecordForm(StageForm):
    """The transaction record as the case stores it (services.evidence.TRANSACTION_FIELDS)."""

    # A private transfer has neither an order nor a platform's seller ID: the texts then call
    # these two 转账单号 and 对方账号 (cases.texts.story.ORDER_LABELS), so the help says so.
    order_number = model_field(
        Case, "order_number", help_text="私下转账付款的，填微信或支付宝账单里的转账单号。"
    )
    product_name = model_field(Case, "product_name")
    platform_name = model_field(Case, "platform_name", help_text="你下单的卡盟网站或 App 的名字。")
    seller_id = model_field(
        Case, "seller_id", help_text="私下转账付款的，填对方的微信号、QQ 号或支付宝账号。"
    )
    amount = amount_field()
    ordered_at = datetime_field("下单时间")


class EvidenceItemForm(forms.Form):
    kind = forms.ChoiceField(
        label="证据类型",
        choices=EvidenceKind.choices,
        error_messages={"required": "请选择证据类型。"},
    )
    description = forms.CharField(
        label="简短说明",
        help_text="例如：订单截图；和商家的聊天记录。",
        max_length=300,
        error_messages={"required": "请写一句说明，以后才知道这条证据是什么。"},
    )
    occurred_at = datetime_field("发生时间", "截图或聊天的时间，不是上传的时间。")
    # Last in the form: if a too-large file is skipped, the fields above still arrive.
    file = forms.FileField(
        label="文件（可选）",
        help_text="图片、PDF、视频或纯文本，原样保存，不压缩。",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf,video/*,text/plain"}),
        error_messages={
            "empty": "这个文件是空的，里面什么也没有。请换一个文件，或者先不上传。",
            "invalid": NO_FILE,
            "missing": NO_FILE,
        },
    )

    def __init__(
        self,
        *args,
        refused_limit: int | None = None,
        room: EvidenceRoom | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.refused_limit = refused_limit
        self.room = room
        self.inspected: InspectedUpload | None = None

    def clean_file(self):
        if self.refused_limit:
            raise ValidationError(too_large_message(self.refused_limit), code="size")
        upload = self.cleaned_data.get("file")
        if upload:
            self.inspected = inspect_upload(upload)
            full = self.room and self.room.refusal(adding=self.inspected.size)
            if full:
                raise ValidationError(full, code="quota")
        return upload
