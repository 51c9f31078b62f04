"""The reminder mail: what passed, and the one next step, with the link to it.

Plain text, short lines, calm: a buyer reads it on a phone, often worried. What it says
comes from the decision in cases.rules.reminders, the values from CaseFacts through
cases.wording; pinned by tests/cases/golden/reminders/.
"""

from dataclasses import dataclass

from cases import wording
from cases.choices import AppealOutcome, NegotiationOutcome, PaymentMethod, ReminderKind
from cases.facts import CaseFacts
from cases.rules.progress import WAY_ON, own_reasons_only
from cases.rules.reminders import DueReminder

SITE_NAME = "卡盟退款指南"
FOOTER = f"{SITE_NAME} · 免费、非官方，不是法律意见。这封邮件是自动发出的，不用回复。"


@dataclass(frozen=True)
class ReminderMailText:
    subject: str
    body: str


PRIVATE_NOW = (
    "别等太久",
    "钱是私下转账付的，没有平台保障：用微信支付或支付宝付的，在账单里找到这笔转账，"
    "从账单详情投诉；银行卡转的，联系发卡银行。怀疑被骗，可以打 96110 反诈专线咨询，"
    "在国家反诈中心 App 里举报，也可以带上案件里的报案材料去派出所报案。",
)


def reminder_mail(
    facts: CaseFacts,
    reminder: DueReminder,
    *,
    case_name: str,
    answer_days: int,
    page_url: str,
    unsubscribe_url: str,
) -> ReminderMailText:
    """Return the subject and body of the reminder mail for this case."""
    also: tuple[str, ...] = ()
    if reminder.kind == ReminderKind.NEGOTIATION_DEADLINE:
        way_on = WAY_ON[reminder.after]
        # What the buyer does first is record the seller's answer; the way on follows it.
        subject = "给商家的期限已过：先记下商家的回复"
        happened = (
            f"你给商家的处理期限是 {wording.moment(reminder.due_at)}，现在已经过了。"
            "案件里还没有记下这次协商的结果。"
        )
        # The answer comes first: the way on is what follows it, if the seller did not help.
        step = f"下一步：先记下商家的回复；商家没有解决，再{way_on}"
        how = (
            "先打开协商页，记下这次协商的结果：商家没有回复，就记"
            f"“{NegotiationOutcome.NO_ANSWER.label}”；回复过的，照实记。记好后，页面会带你去下一步。"
            "想再给商家一次机会，页面上也有一段写好的跟进消息。"
        )
        if facts.payment_method == PaymentMethod.PRIVATE and not own_reasons_only(
            facts.problems, facts.fraud_signs
        ):
            # No platform stands behind a private transfer: the payment channel and the
            # anti-fraud routes are the buyer's own ways to act now, after the link.
            also = ("", *PRIVATE_NOW)
    else:
        latest = facts.appeals[-1] if facts.appeals else None
        submitted = wording.moment(latest.submitted_at) if latest else ""
        ticket = f"（工单号 {latest.ticket_number}）" if latest and latest.ticket_number else ""
        subject = f"申诉提交已经超过 {answer_days} 天，平台有结果了吗？"
        happened = (
            f"你在 {submitted} 向平台提交了申诉{ticket}，到现在已经超过 {answer_days} 天，"
            "案件里还没有记下平台的处理结果。"
        )
        step = "下一步：记下平台的结果"
        # A change of mind has no outside channel to go on to (rules/escalation.py).
        own_reason = own_reasons_only(facts.problems, facts.fraud_signs)
        outside = "" if own_reason else "，页面会带你去外部维权（12315、黑猫投诉等）"
        how = (
            "打开申诉页，更新这次申诉的结果。平台一直没有答复，就记"
            f"“{AppealOutcome.NO_ANSWER.label}”{outside}。"
        )
    body = "\n".join(
        (
            "你好：",
            "",
            f"这是{SITE_NAME}的提醒，关于你的案件：{case_name}",
            "",
            "发生了什么",
            happened,
            "",
            step,
            how,
            page_url,
            *also,
            "",
            "同一件事只提醒这一次。",
            "不想再收到这个案件的提醒：打开下面的链接，点页面上的“退订”按钮，不用登录。",
            unsubscribe_url,
            "",
            FOOTER,
            "",
        )
    )
    return ReminderMailText(subject=subject, body=body)
