"""The tone check: threats used as leverage are flagged with why; calm deadlines pass."""

import re
import sys

import pytest

from cases.rules import tone
from cases.rules.tone import (
    DOXXING_WHY,
    EXPOSURE_WHY,
    LEVERAGE_WHY,
    MENACE_WHY,
    REPORT_WHY,
    RUIN_WHY,
    tone_check,
)
from cases.texts.defaults import DEFAULTS
from cases.texts.placeholders import fill
from cases.texts.sample import sample_values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Leverage words in a threat shape.
        ("不退款就给差评", [("不退款就给差评", LEVERAGE_WHY)]),
        ("不 退 就 差 评", [("不退就差评", LEVERAGE_WHY)]),
        ("要不然我给你打一星", [("要不然我给你打一星", LEVERAGE_WHY)]),
        ("今天不处理的话，我会去差评。", [("不处理的话，我会去差评", LEVERAGE_WHY)]),
        ("我将公开这件事", [("将公开", EXPOSURE_WHY)]),
        ("不退就差评伺候", [("不退就差评伺候", LEVERAGE_WHY)]),
        # Review words aimed at the seller or announced need no marker.
        ("差评警告！", [("差评警告", LEVERAGE_WHY)]),
        ("给你差评", [("给你差评", LEVERAGE_WHY)]),
        ("给你们打一星", [("给你们打一星", LEVERAGE_WHY)]),
        ("等着吃差评吧", [("等着吃差评", LEVERAGE_WHY)]),
        ("小心我给你差评", [("小心我给你差评", LEVERAGE_WHY)]),
        # Threats wherever they appear.
        ("再不处理我就曝光你们", [("曝光你", EXPOSURE_WHY)]),
        ("我要举报你", [("举报你", REPORT_WHY)]),
        ("投诉到你倒闭", [("投诉到你倒闭", RUIN_WHY)]),
        ("让你关店", [("让你关店", RUIN_WHY)]),
        ("我会把聊天记录发到网上", [("发到网上", EXPOSURE_WHY)]),
        ("不然就人肉你", [("人肉", DOXXING_WHY)]),
        ("你等着", [("你等着", MENACE_WHY)]),
        ("否则后果自负", [("后果自负", MENACE_WHY)]),
        ("后果自负", [("后果自负", MENACE_WHY)]),
        ("小心我曝光你", [("曝光你", EXPOSURE_WHY)]),
        # 举报你 without a proper channel is leverage, even after one is named elsewhere.
        ("不退我就举报你", [("举报你", REPORT_WHY)]),
        ("平台再不退就举报你", [("举报你", REPORT_WHY)]),
        ("我找过客服了，不退就举报你", [("举报你", REPORT_WHY)]),
        # Two threats in one message: both, in the order written.
        (
            "你等着。不退款就给差评！",
            [("你等着", MENACE_WHY), ("不退款就给差评", LEVERAGE_WHY)],
        ),
        # Calm messages pass.
        ("否则我将向平台申诉", []),
        ("请在今天17:00前处理，否则我将向平台申诉。", []),
        ("我不想给差评，请尽快处理", []),
        ("我已经向平台举报了这个问题", []),
        # 举报 to a proper channel is what the buyer should do, even aimed at the seller.
        ("我会去消协举报你们", []),
        ("不处理我就向12315举报你们", []),
        ("我会向市场监督管理局举报", []),
        ("金额较大，我会报警并举报你", []),
        ("否则我将向平台举报你", []),
        ("我会把你举报到消协", []),
        ("我会举报你们到12315", []),
        # Negated or not aimed at anyone: no threat.
        ("我不会给你差评的，请尽快处理", []),
        ("我没给你们打差评", []),
        ("给你的差评我已经删了", []),
        ("给差评的人很多", []),
        ("我不小心点开了差评", []),
        # A neutral question about a review is not leverage. Debatable if the seller
        # reads it as a hint, but flagging it would teach the buyer to avoid the word
        # itself; the tone check is about threats, and this has no marker and no target.
        ("这是差评的原因吗？", []),
        ("后果我自己承担", []),
        ("我要求退款", []),
        ("商品有差评也正常", []),
        ("请公开发货记录", []),
        ("我会员到期了", []),
        ("", []),
    ],
)
def test_tone_check_table(text, expected):
    result = tone_check(text)
    assert [(flag.phrase, flag.why) for flag in result.flags] == expected
    assert result.ok is (not expected)


def test_every_reason_names_the_malicious_claim_risk_or_the_proper_channel():
    for why in (LEVERAGE_WHY, EXPOSURE_WHY, DOXXING_WHY, RUIN_WHY, MENACE_WHY):
        assert "恶意维权" in why
    assert "否则我将向平台申诉" in REPORT_WHY


def test_the_default_three_step_message_passes_its_own_tone_check():
    for with_rule in (False, True):
        values = sample_values("negotiation_message", with_rule=with_rule)
        message = fill(DEFAULTS["negotiation_message"].body, values)
        assert tone_check(message).ok and "我将向平台申诉" in message


def test_a_long_threat_is_shortened_but_still_shown():
    text = "如果你今天晚上之前还是这样一直拖着不给我任何答复的话我就去给你差评"
    [flag] = tone_check(text).flags
    assert flag.phrase.endswith("差评") and len(flag.phrase) <= 24


class _CountingPattern:
    """A compiled pattern that adds up the characters of every string it is handed."""

    def __init__(self, pattern: re.Pattern[str], work: list[int]) -> None:
        self.pattern, self.work = pattern, work

    def __getattr__(self, name: str):
        method = getattr(self.pattern, name)

        def counted(*args, **kwargs):
            self.work[0] += sum(len(arg) for arg in args if isinstance(arg, str))
            return method(*args, **kwargs)

        return counted


@pytest.fixture
def tone_work(monkeypatch):
    """Return a function giving the work tone_check does on a text, measured without a clock.

    The work is what its patterns read (characters handed to a regex) plus the lines of
    tone.py it runs (a Python loop over every earlier finding counts too).
    """
    work = [0]
    for name, value in vars(tone).items():
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(tone, name, _CountingPattern(value, work))
    counted = tuple((_CountingPattern(p, work), why) for p, why in tone.ALWAYS_THREATS)
    monkeypatch.setattr(tone, "ALWAYS_THREATS", counted)

    def count_lines(frame, event, arg):
        work[0] += event == "line"
        return count_lines

    def in_tone(frame, event, arg):
        return count_lines if frame.f_code.co_filename == tone.__file__ else None

    def measure(text: str) -> int:
        work[0] = 0
        previous = sys.gettrace()
        sys.settrace(in_tone)
        try:
            tone.tone_check(text)
        finally:
            sys.settrace(previous)
        return work[0]

    return measure


@pytest.mark.parametrize(
    "unit",
    [
        "就差评",  # every word after the sentence's first marker
        "差评",  # words with no marker: each looks for one, aimed or announced
        "举报你",  # rule 1 and rule 2 at once, each asking about a proper channel
        "不退就差评，",  # a threat per clause, in one long sentence
        "人肉",  # rule 1 only, a finding every two characters
        "请在今天17:00前处理，否则我将向平台申诉。",  # a calm message
    ],
)
def test_the_work_grows_with_the_length_of_the_text_not_its_square(tone_work, unit):
    short, long = tone_work((unit * 2_000)[:2_000]), tone_work((unit * 16_000)[:16_000])
    # Eight times the text, eight times the work (and a little slack for the ends). The
    # check that read the whole sentence before each word did ~60 times the work here.
    assert long <= 8.5 * short, (short, long)
