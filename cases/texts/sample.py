"""The sample case the editors' preview fills wizard texts with, through the real builders.

The issue's buyer: a 100 元 王者荣耀 card whose code said 已被使用; the seller answered
卡密已发放，无法回收; the buyer wants 全额退款. Every value is built the way the wizard
builds it for a real case, so an editor sees what buyers get ("100 元", the quoted answer
without its full stop), not tidy sample values the real output never has.
"""

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from cases.choices import GoodsKind, NegotiationOutcome, PaymentMethod, Problem, Remedy
from cases.facts import AttemptFacts, CaseFacts
from cases.texts.appeal import statement_values
from cases.texts.negotiation import CUSTOM_RULE, NO_RULE, message_values

_SHANGHAI = ZoneInfo("Asia/Shanghai")

SAMPLE_CASE = CaseFacts(
    product_name="王者荣耀 100 元点卡",
    platform_name="某卡盟",
    order_number="20261125103000123",
    seller_id="shop8888",
    amount=Decimal("100"),
    ordered_at=datetime(2026, 11, 25, 10, 30, tzinfo=_SHANGHAI),
    goods_kind=GoodsKind.GAME_CARD,
    problems=(Problem.INVALID_CODE,),
    payment_method=PaymentMethod.PLATFORM,
    fraud_signs=False,
    remedy=Remedy.REFUND,
    negotiations=(
        AttemptFacts(
            sent_at=datetime(2026, 11, 25, 11, 0, tzinfo=_SHANGHAI),
            deadline=datetime(2026, 11, 25, 17, 0, tzinfo=_SHANGHAI),
            seller_answer="卡密已发放，无法回收。",
            outcome=NegotiationOutcome.REFUSED,
        ),
    ),
)
# The sample case in words, for the editors reading its preview.
SAMPLE_SUMMARY = (
    "在某卡盟花 100 元买了王者荣耀点卡，卡密提示“已被使用”；商家回复“卡密已发放，无法回收”；"
    "买家要求全额退款，没有填平台规则。"
)
# The deadline the sample buyer sets in the message to the seller.
SAMPLE_DEADLINE = datetime(2026, 11, 25, 17, 0, tzinfo=_SHANGHAI)
# A rule as a buyer might copy it from their own platform: only for previewing the rule line,
# which the sample buyer (like most buyers) leaves out.
SAMPLE_RULE = ("卡密类商品售后规则", "卡密无效的，买家可以要求更换或退款")

# The negotiation page builds these from the case's own fields, before any reply is on
# record (cases.forms.negotiation.message_values): the seller's answer never reaches them.
NEGOTIATION_TEXTS = frozenset(
    {
        "negotiation_message",
        "negotiation_goodwill",
        "negotiation_reply_issued",
        "negotiation_message_private",
        "negotiation_goodwill_private",
        "negotiation_reply_issued_private",
    }
)


def sample_values(key: str = "", *, with_rule: bool = False) -> dict[str, str]:
    """Return the placeholder values the wizard builds for the sample case in the text key."""
    if key not in NEGOTIATION_TEXTS:
        # The appeal statement (cases.texts.appeal) cites the rule the message cited.
        return statement_values(SAMPLE_CASE, rule=SAMPLE_RULE if with_rule else ("", ""))
    name, promise = SAMPLE_RULE if with_rule else ("", "")
    return message_values(
        replace(SAMPLE_CASE, negotiations=()),
        rule=CUSTOM_RULE if with_rule else NO_RULE,
        custom_name=name,
        custom_promise=promise,
        deadline=SAMPLE_DEADLINE,
    )
