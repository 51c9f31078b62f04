"""A buyer's dispute (维权案件) and everything recorded while working through it."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases import wording
from cases.choices import (
    AppealOutcome,
    Channel,
    CodeSymptom,
    EscalationOutcome,
    EvidenceKind,
    GoodsKind,
    NegotiationOutcome,
    PaymentMethod,
    Remedy,
    ReminderKind,
    Resolution,
    Stage,
    StageStatus,
)
from cases.uploads import clean_original_name


class Case(models.Model):
    """One dispute about one order, owned by a user or, before sign-up, by a session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cases",
    )
    # Anonymous visitors own a case through their session until they sign up.
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    title = models.CharField("案件名称", max_length=120, blank=True)
    platform_name = models.CharField("平台名称", max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Stage 1 — eligibility answers.
    goods_kind = models.CharField("商品类型", max_length=30, choices=GoodsKind.choices, blank=True)
    problems = models.JSONField("出了什么问题", default=list, blank=True)
    no_refund_notice = models.BooleanField(
        "页面标注不支持退款或特殊商品不退换", null=True, blank=True
    )
    fraud_signs = models.BooleanField("有欺诈迹象", null=True, blank=True)
    payment_method = models.CharField(
        "付款方式", max_length=20, choices=PaymentMethod.choices, blank=True
    )
    promised_delivery = models.CharField("承诺的发货时间", max_length=120, blank=True)
    noticed_at = models.DateTimeField("发现问题的时间", null=True, blank=True)
    code_symptom = models.CharField(
        "卡密的具体情况", max_length=20, choices=CodeSymptom.choices, blank=True
    )
    # The buyer's own sentence on what exactly is wrong (港服的卡，页面写的是国服): the texts
    # say it after the problem, so none has to be edited to say how the goods differ.
    problem_detail = models.CharField("具体哪里不对", max_length=200, blank=True)
    # What the buyer saw that looks like fraud, in their words (asked once they answer 是).
    fraud_detail = models.CharField("是什么欺诈迹象", max_length=200, blank=True)
    first_used_at = models.DateTimeField("卡密最早被使用的时间", null=True, blank=True)
    first_used_by = models.CharField("使用卡密的账号", max_length=80, blank=True)
    remedy = models.CharField("想要的结果", max_length=20, choices=Remedy.choices, blank=True)
    remedy_amount = models.DecimalField(
        "希望退回的金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )

    # Transaction record (交易记录), shared by every later stage.
    order_number = models.CharField("订单号", max_length=80, blank=True)
    product_name = models.CharField("商品名称", max_length=120, blank=True)
    seller_id = models.CharField("商家ID", max_length=80, blank=True)
    amount = models.DecimalField(
        "金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    ordered_at = models.DateTimeField("下单时间", null=True, blank=True)

    resolution = models.CharField("结果", max_length=20, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    # Stage 5 — escalation: who complains about whom, exactly as the buyer typed it
    # (never filled from the account), for the 12315 complaint and the police report.
    complainant_name = models.CharField("投诉人姓名", max_length=50, blank=True)
    complainant_phone = models.CharField(
        "投诉人电话",
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[0-9+\- ]*\Z", "电话号码只能包含数字、+、- 和空格。")],
    )
    complainant_address = models.CharField("投诉人通讯地址", max_length=200, blank=True)
    respondent_name = models.CharField("被投诉人名称", max_length=120, blank=True)
    respondent_address = models.CharField("被投诉人地址", max_length=200, blank=True)
    complaint_request = models.CharField("具体投诉请求", max_length=500, blank=True)
    appeal_unreasonable = models.BooleanField("认为平台的处理结果不合理", default=False)
    # end of stage 5 fields

    # Reminder mail (cases/services/reminders.py): when the owner asked to be mailed once a
    # deadline passes; None while off. Only moments that pass after it are mailed.
    reminders_since = models.DateTimeField("开启邮件提醒的时间", null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "维权案件"
        verbose_name_plural = "维权案件"

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """Return the case's name: its title, else what was bought, else a dated default."""
        if self.title:
            return self.title
        if self.product_name:
            return " · ".join(p for p in (self.product_name, self.platform_name) if p)
        # Several nameless cases must still be told apart on the dashboard: by the day begun.
        name = f"{self.platform_name}上的退款" if self.platform_name else "未命名的退款"
        if self.created_at is None:
            return name
        return f"{name}（{wording.day(timezone.localdate(self.created_at))}）"


class StageState(models.Model):
    """Status, saved draft and edit version of one stage of one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    status = models.CharField(max_length=20, choices=StageStatus.choices, default=StageStatus.TODO)
    # Raw form input kept as typed, so a half-filled stage can be resumed.
    draft = models.JSONField(default=dict, blank=True)
    # Bumped on every save; a form posted with an older version is a stale tab.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="one_state_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage}: {self.status}"


# Where evidence files are stored, one folder per case (the orphan purge lists it too).
EVIDENCE_FOLDER = "evidence"


class FileNameField(models.CharField):
    """A user's own file name, shown back to them: never with invisible characters in it.

    Cleaned (uploads.clean_original_name) when stored and again when read, so a name
    stored before the cleaning existed reads clean too, on every page and in every export.
    Migrations see a plain CharField: nothing in the column changes.
    """

    def from_db_value(self, value, expression, connection):
        return clean_original_name(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return clean_original_name(value) if value else value

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def evidence_upload_to(instance: "EvidenceItem", filename: str) -> str:
    # The user's file name never reaches the disk: no traversal, no guessing.
    return f"{EVIDENCE_FOLDER}/{instance.case_id}/{uuid.uuid4().hex}"


class EvidenceItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("证据类型", max_length=20, choices=EvidenceKind.choices)
    description = models.CharField("简短说明", max_length=300)
    occurred_at = models.DateTimeField("发生时间", null=True, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_name = FileNameField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField("服务器接收时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class CaseEvent(models.Model):
    """A dated line in the case timeline; the timeline itself proves 时间节点."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.message


class NegotiationAttempt(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="negotiations")
    sent_at = models.DateTimeField("发送时间")
    deadline = models.DateTimeField("给商家的期限", null=True, blank=True)
    message = models.TextField("发送的内容", blank=True)
    seller_answer = models.TextField("商家的回复", blank=True)
    outcome = models.CharField(
        max_length=20, choices=NegotiationOutcome.choices, default=NegotiationOutcome.PENDING
    )
    # What the seller paid back, when they refunded part (部分退款): the texts then ask for
    # the rest and name the sum still in dispute.
    refunded_amount = models.DecimalField(
        "商家退回的金额", max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"协商 {wording.moment(self.sent_at)}"


class AppealRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    submitted_at = models.DateTimeField("提交时间")
    ticket_number = models.CharField("工单号", max_length=80, blank=True)
    statement = models.TextField("申诉说明", blank=True)
    outcome = models.CharField(
        max_length=20, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"申诉 {self.ticket_number or self.submitted_at.date()}"


class EscalationRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    filed_on = models.DateField("提交日期")
    reference = models.CharField("受理号 / 投诉编号", max_length=80, blank=True)
    outcome = models.CharField(
        max_length=20, choices=EscalationOutcome.choices, default=EscalationOutcome.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.filed_on}"


class ReminderMail(models.Model):
    """One reminder mail about one passed moment of one case, claimed before it is sent.

    The row is the claim: the unique constraint lets one process of one box insert it, and
    only that one sends the mail. A row without sent_at is a claim whose sending was
    interrupted; it is never sent again (cases/services/reminders.py says why).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminder_mails")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    due_at = models.DateTimeField("到期时间")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "due_at"], name="one_reminder_per_due_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {wording.moment(self.due_at)}"


class WizardText(models.Model):
    """Editor-owned advisory text the wizard shows: intros, tips and message templates."""

    key = models.SlugField("标识", max_length=60, unique=True)
    label = models.CharField("用途", max_length=120)
    body = models.TextField("内容")
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = "向导文字"
        verbose_name_plural = "向导文字"

    def __str__(self) -> str:
        return self.label
