"""Advice for a suspected scam: the police, the anti-fraud line and the payment channel.

Never 不建议 with "没有发现诈骗迹象" unless the buyer answered 否; a private transfer
always gets the anti-fraud route and the payment-channel complaint. Pure.
"""

from cases import wording
from cases.choices import ANTI_FRAUD, PAYMENT_CHANNEL
from cases.rules.channels import (
    ANTI_FRAUD_STEPS,
    CRIME_NOTE,
    FRAUD_SIGNS,
    FRAUD_UNSURE,
    NOT_ADVISED,
    NOT_YET,
    OPTIONAL,
    PAYMENT_STEPS,
    POLICE,
    PRIVATE_NO_PLATFORM,
    PRIVATE_SCAM_PATTERN,
    RECOMMENDED,
    REPORT_HOW,
    Recommendation,
    Situation,
)

OWN_FAULT_NOTE = "从第 1 步的回答看，问题出在你自己这边，不是商家的过错。"


def police_advice(situation: Situation) -> Recommendation:
    facts = situation.facts
    limit = wording.amount(situation.police_threshold)
    when = f"报案适合金额超过 {limit}或有诈骗迹象的情况。"
    if situation.fraud or (situation.large and not situation.own_reason):
        reasons: list[str] = []
        if situation.fraud:
            reasons.append(FRAUD_SIGNS)
        if situation.large:
            reasons.append(
                f"{situation.deal} {wording.amount(facts.amount)}，超过 {limit}，可以报案。"
            )
        reasons.append(CRIME_NOTE)
        if situation.private:
            reasons.append(PRIVATE_NO_PLATFORM)
        elif situation.appeal_open:
            reasons.append("报案不影响平台申诉，两边可以同时进行；平台那边通常更快把钱退回来。")
        reasons.append(REPORT_HOW)
        return Recommendation(POLICE, RECOMMENDED, tuple(reasons))
    if situation.fraud_unsure and situation.private and not situation.own_reason:
        return Recommendation(
            POLICE,
            OPTIONAL,
            (FRAUD_UNSURE, PRIVATE_SCAM_PATTERN, "遇到这种情况，可以向公安机关报案。", REPORT_HOW),
        )
    if situation.fraud_unsure:
        reasons = [FRAUD_UNSURE]
        if situation.own_reason:
            reasons.insert(0, OWN_FAULT_NOTE)
        elif situation.appeal_open:
            reasons.append(
                "平台申诉时，请平台查商家的发货记录和卡密使用日志。查出伪造的记录，就是诈骗迹象。"
            )
        reasons.append(f"{when}发现伪造发货记录、假卡密这类迹象时，就可以报案。")
        return Recommendation(POLICE, NOT_YET, tuple(reasons))
    # Only here was fraud answered 否: the one place "没有发现诈骗迹象" may be said.
    if situation.own_reason:
        situation_text = "问题出在你自己这边，你也没有发现诈骗迹象。"
    elif facts.amount is None:
        situation_text = "你还没有填金额，也没有发现诈骗迹象。"
    else:
        situation_text = (
            f"{situation.deal} {wording.amount(facts.amount)}，没有超过 {limit}，"
            "也没有发现诈骗迹象。"
        )
    reasons = [f"{situation_text}{when}如果后来发现伪造发货记录、假卡密这类诈骗迹象，再考虑报案。"]
    if situation.private:
        reasons.append(PRIVATE_SCAM_PATTERN + "这时也可以报案。")
    return Recommendation(POLICE, NOT_ADVISED, tuple(reasons))


def anti_fraud_advice(situation: Situation) -> Recommendation:
    """Return the anti-fraud route for a private transfer: 110, 96110, the 国家反诈中心 app."""
    if situation.fraud:
        return Recommendation(
            ANTI_FRAUD,
            RECOMMENDED,
            ("商家有诈骗迹象，钱又是私下转账付的，没有平台保障。", *ANTI_FRAUD_STEPS),
        )
    if situation.fraud_unsure and situation.own_reason:
        # Nothing points to a scam but nothing rules it out: the route is there, not urged.
        return Recommendation(
            ANTI_FRAUD,
            OPTIONAL,
            (
                OWN_FAULT_NOTE + FRAUD_UNSURE,
                PRIVATE_SCAM_PATTERN + "遇到这种情况，可以这样求助。",
                *ANTI_FRAUD_STEPS,
            ),
        )
    if situation.fraud_unsure:
        return Recommendation(
            ANTI_FRAUD, RECOMMENDED, (FRAUD_UNSURE, PRIVATE_SCAM_PATTERN, *ANTI_FRAUD_STEPS)
        )
    return Recommendation(
        ANTI_FRAUD,
        OPTIONAL,
        (
            "你答的是没有发现诈骗迹象。不过"
            + PRIVATE_SCAM_PATTERN
            + "遇到这种情况，可以这样求助。",
            *ANTI_FRAUD_STEPS,
        ),
    )


def payment_channel_advice(situation: Situation) -> Recommendation:
    """Return the complaint through the payment channel for a private transfer."""
    if situation.own_reason and not situation.fraud:
        return Recommendation(
            PAYMENT_CHANNEL,
            NOT_ADVISED,
            (OWN_FAULT_NOTE + "向微信支付、支付宝或银行投诉，通常也要不回这笔钱。",),
        )
    return Recommendation(
        PAYMENT_CHANNEL,
        RECOMMENDED,
        (
            "私下转账没有平台保障，但可以向付款渠道投诉这笔交易，请它们协助处理。",
            *PAYMENT_STEPS,
        ),
    )
