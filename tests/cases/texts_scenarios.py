"""Realistic cases for the golden and property tests of the generated texts.

Each scenario is the facts a buyer could have given us; the golden file of a scenario
holds every text the wizard writes for it (tests/cases/golden/<name>.txt).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from cases.facts import AppealFacts, AttemptFacts, CaseFacts, EvidenceFacts, FilingFacts

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


# The deadline a message written today gives: the next 17:00 after every record below.
NOW_DEADLINE = at(11, 24, 17)

ORDER = dict(
    product_name="王者荣耀 100 元点卡",
    platform_name="某卡盟",
    order_number="KM20261120-0088",
    seller_id="shop8888",
    amount=Decimal("100"),
    ordered_at=at(11, 20, 9, 15),
)
PROOF = (
    EvidenceFacts(kind="transaction", description="订单详情页截图", occurred_at=at(11, 20, 9, 16)),
    EvidenceFacts(
        kind="failure", description="输入卡密后提示已被使用", occurred_at=at(11, 20, 9, 20)
    ),
)
# Paid by private transfer: the number is the transfer's, the seller a WeChat account.
PRIVATE = dict(order_number="4200002615202611203512897746", seller_id="wxid_kamai8888")
BUYER = dict(
    complainant_name="张三",
    complainant_phone="13800000000",
    complainant_address="上海市某区某路 1 号",
)


@dataclass(frozen=True)
class Scenario:
    name: str
    facts: CaseFacts
    rule: str = "none"  # the negotiation page's choice
    rule_name: str = ""
    rule_promise: str = ""
    deadline: datetime = field(default_factory=lambda: NOW_DEADLINE)


SCENARIOS = [
    # The buyer: a used code, the seller refuses with 卡密已发放，无法回收.
    Scenario(
        "used_code_refused_as_issued",
        CaseFacts(
            **ORDER,
            **BUYER,
            goods_kind="game_card",
            problems=("invalid_code",),
            code_symptom="used",
            noticed_at=at(11, 20, 9, 20),
            payment_method="platform",
            fraud_signs=False,
            remedy="refund",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 20, 10),
                    deadline=at(11, 20, 17),
                    seller_answer="卡密已发放，无法回收。",
                    outcome="refused",
                ),
            ),
            evidence=PROOF,
        ),
    ),
    # The same buyer before anything is logged: the first message.
    Scenario(
        "used_code_first_message",
        CaseFacts(**ORDER, goods_kind="game_card", problems=("invalid_code",), remedy="refund"),
    ),
    # Late delivery, the buyer's own words for the promise, no reply by the deadline.
    Scenario(
        "late_delivery_no_reply",
        CaseFacts(
            **(ORDER | {"product_name": "原神 648 创世结晶代充", "amount": Decimal("598")}),
            goods_kind="account_service",
            problems=("late",),
            promised_delivery="下单后 1 小时内到账",
            payment_method="platform",
            fraud_signs=False,
            remedy="refund",
            negotiations=(
                AttemptFacts(sent_at=at(11, 21, 9), deadline=at(11, 21, 17), outcome="no_answer"),
            ),
        ),
    ),
    # The seller promised a replacement code and then did nothing; the buyer asks for it.
    Scenario(
        "promised_replacement_not_sent",
        CaseFacts(
            **(ORDER | {"product_name": "Steam 钱包充值卡 200 元", "amount": Decimal("200")}),
            **BUYER,
            goods_kind="game_card",
            problems=("invalid_code",),
            code_symptom="invalid",
            noticed_at=at(11, 20, 9, 40),
            payment_method="platform",
            fraud_signs=False,
            remedy="replacement",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 20, 10),
                    deadline=at(11, 20, 17),
                    seller_answer="好的，我查一下，今天给你补发",
                    outcome="promised",
                ),
            ),
            evidence=(
                PROOF[0],
                EvidenceFacts(
                    kind="failure",
                    description="输入卡密后提示卡密错误的截图",
                    occurred_at=at(11, 20, 9, 40),
                ),
            ),
        ),
    ),
    # The seller offered part of the money; the buyer asks for a set partial amount.
    Scenario(
        "partial_refund_offer",
        CaseFacts(
            **(ORDER | {"product_name": "某视频网站年度会员", "amount": Decimal("168.5")}),
            goods_kind="account_service",
            problems=("not_as_described",),
            payment_method="platform",
            remedy="partial",
            remedy_amount=Decimal("120"),
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 22, 20, 30),
                    seller_answer="最多退 50 元",
                    outcome="partly_refunded",
                ),
            ),
        ),
    ),
    # Part of the money came back, its sum logged: the texts ask for the rest (buyer D).
    Scenario(
        "partial_refund_logged",
        CaseFacts(
            **(ORDER | {"product_name": "爱奇艺 VIP 年卡", "amount": Decimal("150")}),
            goods_kind="account_service",
            problems=("not_working",),
            payment_method="platform",
            remedy="partial",
            remedy_amount=Decimal("100"),
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 22, 20, 30),
                    deadline=at(11, 23, 17),
                    seller_answer="只能退 50 元",
                    outcome="partly_refunded",
                    refunded_amount=Decimal("50"),
                ),
            ),
            appeals=(
                AppealFacts(submitted_at=at(11, 24, 9), ticket_number="T-77", outcome="rejected"),
            ),
        ),
    ),
    # A full refund asked, part paid back: the rest is what is asked and what is in dispute.
    Scenario(
        "full_refund_part_paid_back",
        CaseFacts(
            **(ORDER | {"product_name": "某视频网站年度会员", "amount": Decimal("168.5")}),
            goods_kind="account_service",
            problems=("not_as_described",),
            payment_method="platform",
            remedy="refund",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 22, 20, 30),
                    seller_answer="最多退 50 元",
                    outcome="partly_refunded",
                    refunded_amount=Decimal("50"),
                ),
            ),
        ),
    ),
    # A private WeChat transfer of 800 元 to a scammer.
    Scenario(
        "private_transfer_scam_800",
        CaseFacts(
            **(
                ORDER
                | {"product_name": "王者荣耀 800 元点券", "amount": Decimal("800")}
                | {"platform_name": ""}
                | PRIVATE
            ),
            **BUYER,
            goods_kind="game_card",
            problems=("invalid_code",),
            payment_method="private",
            fraud_signs=True,
            fraud_detail="收款后发来的卡密是错的，催了一次就把我拉黑了",
            remedy="refund",
            negotiations=(
                # The seller blocked the buyer after the first message.
                AttemptFacts(sent_at=at(11, 20, 12), outcome="blocked"),
            ),
            evidence=(
                *PROOF,
                EvidenceFacts(
                    kind="other", description="微信转账记录截图", occurred_at=at(11, 20, 9, 14)
                ),
            ),
        ),
    ),
    # A top-up promised, then three messages: the appeal tells the first and the latest.
    Scenario(
        "promised_then_silent",
        CaseFacts(
            **(ORDER | {"product_name": "原神 648 创世结晶代充", "amount": Decimal("648")}),
            goods_kind="account_service",
            problems=("late",),
            promised_delivery="2 小时内到账",
            payment_method="platform",
            remedy="refund",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 20, 12),
                    deadline=at(11, 20, 18),
                    seller_answer="马上处理",
                    outcome="promised",
                ),
                AttemptFacts(sent_at=at(11, 21, 9), deadline=at(11, 21, 17), outcome="no_answer"),
                AttemptFacts(sent_at=at(11, 22, 9), deadline=at(11, 22, 17), outcome="no_answer"),
            ),
        ),
    ),
    # Not the seller's fault: the buyer no longer needs it.
    Scenario(
        "goodwill_not_needed",
        CaseFacts(**ORDER, goods_kind="game_card", problems=("not_needed",)),
    ),
    # A small claim whose appeal the platform rejected.
    Scenario(
        "small_claim_appeal_rejected",
        CaseFacts(
            **(ORDER | {"product_name": "QQ 会员月卡", "amount": Decimal("30")}),
            **BUYER,
            goods_kind="account_service",
            problems=("invalid_code",),
            payment_method="platform",
            fraud_signs=False,
            remedy="replacement",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 20, 10),
                    deadline=at(11, 21, 17),
                    seller_answer="你自己用掉了",
                    outcome="refused",
                ),
            ),
            appeals=(
                AppealFacts(
                    submitted_at=at(11, 22, 9), ticket_number="T-2026-01", outcome="rejected"
                ),
            ),
            evidence=PROOF,
        ),
    ),
    # Not as described; the buyer wants a working replacement and cites their platform's rule.
    Scenario(
        "not_as_described_with_rule",
        CaseFacts(
            **(ORDER | {"product_name": "某软件终身 VIP 激活码"}),
            goods_kind="licence",
            problems=("not_as_described",),
            problem_detail="页面写的是终身 VIP，激活后只有 30 天。",
            payment_method="platform",
            remedy="replacement",
        ),
        rule="custom",
        rule_name="《卡密类商品售后规则》",
        rule_promise="商品与描述不符的，买家可以要求更换或退款。",
    ),
    # Software that will not run, nothing negotiated yet.
    Scenario(
        "software_broken_nothing_logged",
        CaseFacts(
            **(ORDER | {"product_name": "某修图软件授权码", "amount": Decimal("59.9")}),
            goods_kind="licence",
            problems=("software_broken",),
            no_refund_notice=True,
            payment_method="platform",
            remedy="refund",
        ),
    ),
    # A buyer who has told us almost nothing yet.
    Scenario("nothing_given_yet", CaseFacts(problems=("invalid_code",))),
    # Private transfer, fraud not sure, 300 元, no answer from the seller.
    Scenario(
        "private_transfer_fraud_unsure",
        CaseFacts(
            **(ORDER | {"product_name": "和平精英 300 元点券", "amount": Decimal("300")} | PRIVATE),
            goods_kind="game_card",
            problems=("invalid_code",),
            payment_method="private",
            fraud_signs=None,
            code_symptom="invalid",
            remedy="refund",
            negotiations=(
                AttemptFacts(sent_at=at(11, 20, 10), deadline=at(11, 20, 17), outcome="no_answer"),
            ),
        ),
    ),
    # Private transfer: the seller says 卡密已发放，无法回收 (the reply asks a person, not a shop).
    Scenario(
        "private_transfer_refused_as_issued",
        CaseFacts(
            **(ORDER | {"product_name": "和平精英 60 元点券", "amount": Decimal("60")} | PRIVATE),
            goods_kind="game_card",
            problems=("invalid_code",),
            code_symptom="used",
            payment_method="private",
            fraud_signs=False,
            remedy="refund",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 20, 10),
                    deadline=at(11, 20, 17),
                    seller_answer="卡密已经发了，收不回来",
                    outcome="refused",
                ),
            ),
        ),
    ),
    # Private transfer, and the buyer no longer needs the code: a favour asked of a person.
    Scenario(
        "private_transfer_not_needed",
        CaseFacts(
            **(ORDER | {"product_name": "Steam 100 元充值卡", "amount": Decimal("100")} | PRIVATE),
            goods_kind="game_card",
            problems=("not_needed",),
            payment_method="private",
            fraud_signs=False,
            remedy="refund",
        ),
    ),
    # Everything tried: refused, appeal rejected, 12315 filed and still pending.
    Scenario(
        "appeal_rejected_then_12315",
        CaseFacts(
            **(ORDER | {"product_name": "王者荣耀 600 元点卡", "amount": Decimal("600")}),
            **BUYER,
            respondent_name="某某网络科技有限公司",
            goods_kind="game_card",
            problems=("invalid_code",),
            code_symptom="used",
            first_used_at=at(11, 20, 9, 10),
            first_used_by="qq_7788****",
            payment_method="platform",
            fraud_signs=False,
            remedy="refund",
            negotiations=(
                AttemptFacts(
                    sent_at=at(11, 20, 10),
                    deadline=at(11, 20, 17),
                    seller_answer="卡密已发放，无法回收",
                    outcome="refused",
                ),
            ),
            appeals=(
                AppealFacts(submitted_at=at(11, 21, 9), ticket_number="T-88", outcome="rejected"),
            ),
            escalations=(
                FilingFacts(channel="12315", filed_on=date(2026, 11, 23), reference="C-1"),
            ),
            evidence=PROOF,
        ),
    ),
]
