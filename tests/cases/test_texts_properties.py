"""Properties every generated text keeps, over cases Hypothesis makes up.

The golden files pin 13 cases word for word; these check the rules behind them on
thousands: no doubled punctuation, no gap marks when every fact is given, no rule or
claim the buyer did not give us, one way to write an amount, dates from the facts.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cases import wording
from cases.choices import NegotiationOutcome, PaymentMethod, Problem, Remedy
from cases.facts import AppealFacts, AttemptFacts, CaseFacts, EvidenceFacts, FilingFacts
from tests.cases.test_golden_texts import generated_texts
from tests.cases.texts_scenarios import Scenario

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 1, 1, tzinfo=SHANGHAI)
# Punctuation that must never stand twice in a row, nor a comma against a full stop.
CLASHING = re.compile(r"[。，；、：][。，；、：]|”。”|。”。|！。|？。")
QUOTED = re.compile(r"“[^”]*”")
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日(?: \d{2}:\d{2})?")

words = st.text(
    alphabet=st.sampled_from("卡密已发放无法回收退款不处理明天再说好的谢谢 ，。！？ABC123"),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip(" ，。！？"))
moments = st.integers(min_value=0, max_value=300 * 24 * 60).map(
    lambda minutes: START + timedelta(minutes=minutes)
)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)


@st.composite
def attempts(draw):
    sent = draw(moments)
    return AttemptFacts(
        sent_at=sent,
        deadline=draw(st.none() | st.just(sent + timedelta(hours=7))),
        seller_answer=draw(st.just("") | words),
        outcome=draw(st.sampled_from(NegotiationOutcome.values)),
    )


@st.composite
def cases(draw, *, complete: bool = False):
    """Return the facts of a made-up case; complete=True gives every fact the texts use."""

    def maybe(strategy):
        return strategy if complete else st.just("") | strategy

    amount = draw(amounts if complete else st.none() | amounts)
    remedy = draw(st.sampled_from(Remedy.values) if complete else st.sampled_from(["", *Remedy]))
    seller_faults = [Problem.LATE, Problem.NOT_AS_DESCRIBED, Problem.INVALID_CODE]
    return CaseFacts(
        product_name=draw(maybe(st.just("王者荣耀 100 元点卡"))),
        platform_name=draw(maybe(st.just("某卡盟"))),
        order_number=draw(maybe(st.just("KM20261120-0088"))),
        seller_id=draw(maybe(st.just("shop8888"))),
        amount=amount,
        ordered_at=draw(moments if complete else st.none() | moments),
        promised_delivery=draw(st.just("") | st.just("1 小时内到账。")),
        # The buyer's own sentence, with or without its full stop.
        problem_detail=draw(st.sampled_from(["", "页面写国服，发来港服的卡。", "只有 30 天"])),
        noticed_at=draw(st.none() | moments),
        problems=tuple(
            draw(
                st.lists(st.sampled_from(seller_faults), min_size=1, unique=True)
                if complete
                else st.lists(st.sampled_from(Problem.values), unique=True)
            )
        ),
        fraud_signs=draw(st.sampled_from([True, False, None])),
        payment_method=draw(
            st.sampled_from([PaymentMethod.PLATFORM] if complete else ["", *PaymentMethod])
        ),
        remedy=remedy,
        remedy_amount=(amount / 2).quantize(Decimal("0.01"))
        if remedy == Remedy.PARTIAL and amount
        else None,
        complainant_name=draw(maybe(st.just("张三"))),
        complainant_phone=draw(maybe(st.just("13800000000"))),
        complainant_address=draw(maybe(st.just("上海市某区某路 1 号"))),
        respondent_name=draw(maybe(st.just("某某网络科技有限公司"))),
        respondent_address=draw(maybe(st.just("浙江省某市某路 2 号"))),
        negotiations=tuple(draw(st.lists(attempts(), min_size=1 if complete else 0, max_size=3))),
        appeals=tuple(
            draw(
                st.lists(
                    st.builds(
                        AppealFacts,
                        submitted_at=moments,
                        ticket_number=st.just("T-1"),
                        outcome=st.sampled_from(["pending", "refunded", "rejected", "no_answer"]),
                    ),
                    min_size=1 if complete else 0,
                    max_size=2,
                )
            )
        ),
        escalations=tuple(
            draw(
                st.lists(
                    st.builds(
                        FilingFacts,
                        channel=st.sampled_from(["12315", "heimao", "police"]),
                        filed_on=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
                        reference=st.sampled_from(["", "1231500001"]),
                        outcome=st.sampled_from(["pending", "resolved", "rejected"]),
                    ),
                    max_size=2,
                )
            )
        ),
        evidence=tuple(
            draw(
                st.lists(
                    st.builds(
                        EvidenceFacts,
                        kind=st.sampled_from(["transaction", "communication", "failure"]),
                        description=st.just("截图"),
                        occurred_at=moments,
                    ),
                    min_size=1 if complete else 0,
                    max_size=3,
                )
            )
        ),
    )


def scenario_of(facts: CaseFacts, rule: str = "none") -> Scenario:
    custom = {"rule_name": "卡密类商品售后规则", "rule_promise": "卡密无效的全额退款"}
    return Scenario("made-up", facts, rule=rule, **(custom if rule == "custom" else {}))


# A missing mark beside Chinese with a space between: 订单号 【待补充：订单号】 or 】 前.
SPACED_MARK = re.compile(r"[^\x00-\x7f] 【待补充：|】 [^\x00-\x7f]")
FAST = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cases(), st.sampled_from(["none", "custom"]))
def test_no_doubled_or_clashing_punctuation(facts, rule):
    for title, text in generated_texts(scenario_of(facts, rule)).items():
        # Words inside quotes are the seller's or the buyer's own, kept as they typed them.
        ours = QUOTED.sub("“…”", text)
        assert not CLASHING.search(ours), (title, CLASHING.search(ours).group(0), text)


@FAST
@given(cases(), st.sampled_from(["none", "custom"]))
def test_no_slash_hedges(facts, rule):
    # A form's label may offer two words (受理号 / 投诉编号); a text the buyer sends says one.
    for title, text in generated_texts(scenario_of(facts, rule)).items():
        ours = QUOTED.sub("“…”", text)
        assert " / " not in ours and "／" not in ours, (title, text)


@FAST
@given(cases(), st.sampled_from(["none", "custom"]))
def test_no_hedge_or_example_of_a_form_label_is_stated_as_a_fact(facts, rule):
    # A form offers examples (如微信转账) and pairs of messages (无效或“已被使用”); a text states
    # only what the buyer chose, and nothing about the wizard's own records (还没有记录).
    for title, text in generated_texts(scenario_of(facts, rule)).items():
        ours = QUOTED.sub("“…”", text)
        for hedge in ("（如", "无效或", "还没有记录", "没有记录协商", "。结果："):
            assert hedge not in ours, (title, hedge, text)


@FAST
@given(cases(), st.sampled_from(["none", "custom"]))
def test_no_space_between_chinese_and_a_missing_mark(facts, rule):
    for title, text in generated_texts(scenario_of(facts, rule)).items():
        assert not SPACED_MARK.search(text), (title, SPACED_MARK.search(text).group(0), text)


@FAST
@given(cases(complete=True))
def test_no_missing_mark_when_every_fact_is_given(facts):
    for title, text in generated_texts(scenario_of(facts)).items():
        assert "待补充" not in text, (title, text)


@FAST
@given(cases(), st.sampled_from(["none", "custom"]))
def test_no_rule_is_cited_unless_one_was_entered(facts, rule):
    texts = generated_texts(scenario_of(facts, rule))
    cited = "根据平台" in texts["协商消息"]
    assert cited == (rule == "custom" and facts.seller_fault is not False)
    for text in texts.values():
        assert "虚拟商品售后条例" not in text and "退款时限" not in text


@FAST
@given(cases())
def test_no_claim_the_seller_never_answered_when_an_answer_is_on_record(facts):
    answered = any(attempt.seller_answer.strip() for attempt in facts.negotiations)
    for title, text in generated_texts(scenario_of(facts)).items():
        if answered:
            assert "没有处理" not in text and "没有回复" not in text.replace("到期没有回复", ""), (
                title,
                text,
            )


@FAST
@given(cases())
def test_the_amount_is_written_one_way_in_every_text(facts):
    for title, text in generated_texts(scenario_of(facts)).items():
        # Two decimals only when there are cents; never a bare "100.00" or "元 元".
        assert "元 元" not in text and not re.search(r"\d\.00\b", text), (title, text)
        if facts.amount is not None and "金额" in title:
            assert wording.amount(facts.amount) in text


@FAST
@given(cases())
def test_every_date_in_a_text_is_a_date_of_the_facts(facts):
    scenario = scenario_of(facts)
    known = {wording.moment(scenario.deadline)}
    # The follow-up's new deadline is the day after the missed one (see generated_texts).
    known |= {
        wording.moment((attempt.deadline or scenario.deadline) + timedelta(days=1))
        for attempt in facts.negotiations
    }
    for moment in [
        facts.ordered_at,
        facts.noticed_at,
        *(a.sent_at for a in facts.negotiations),
        *(a.deadline for a in facts.negotiations),
        *(a.submitted_at for a in facts.appeals),
        *(e.occurred_at for e in facts.evidence),
        *(e.received_at for e in facts.evidence),
    ]:
        if moment is not None:
            known |= {wording.moment(moment), wording.day(moment.date())}
    known |= {wording.day(filing.filed_on) for filing in facts.escalations}
    for title, text in generated_texts(scenario).items():
        for found in DATE.findall(text):
            assert found in known, (title, found)


@FAST
@given(cases())
def test_the_law_is_cited_only_where_the_facts_support_it(facts):
    statement = generated_texts(scenario_of(facts)).get("申诉说明", "")
    defect = {"invalid_code", "software_broken", "not_working"} & set(facts.problems)
    assert ("第二十四条" in statement) == bool(defect and facts.payment_method != "private")
    if "第二十六条" in statement:
        assert facts.no_refund_notice and facts.seller_fault


@FAST
@given(cases())
def test_a_public_complaint_never_accuses_the_seller_of_fraud(facts):
    """黑猫投诉 is public: the buyer's 有欺诈迹象 goes to the police and 12315, not there."""
    texts = generated_texts(scenario_of(facts))
    for title, text in texts.items():
        if title.startswith("黑猫投诉"):
            assert "欺诈" not in text and "诈骗" not in text, (title, text)
    if facts.fraud_signs:
        assert any("欺诈的迹象" in text for title, text in texts.items() if "公安" in title)
