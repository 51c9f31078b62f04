"""Flag threats in a buyer's message to the seller. Pure: plain text in, findings out.

Why: a platform may treat a threat used as leverage ("不退就差评", "否则曝光") as
malicious rights-seeking (恶意维权) and rule against the buyer. A calm
"否则我将向平台申诉" is the right way to set a deadline and is never flagged.

The rules are deliberately simple, so a buyer can predict them:

1. Some phrases are threats wherever they appear: 人肉, 网暴, 挂你 / 挂到网上,
   发到网上 / 发朋友圈…, 举报你, 曝光你, 让你关店 / 倒闭, 投诉到你倒闭, 你等着,
   后果自负.
2. Leverage words (差评, 一星, 曝光, 公开, 举报) count only in a threat shape:
   after a threat marker in the same sentence (否则, 不然, 不退, 就, 会, 要, 小心 …).
   差评 and 一星 also count when aimed at the seller ("给你差评", "等着吃差评")
   or announced ("差评警告", "差评伺候"): a buyer writes these without a marker.
   A bare "给差评" or "这是差评的原因吗" is not aimed at anyone and passes.
3. A negation right before the word ("我不想给差评", "我不会给你差评") cancels
   it. 举报 to a proper channel (平台, 消协, 12315, 市场监管, 公安 / 报警 …) is what
   the buyer should do, not a threat, in rule 1 as in rule 2: "我会去消协举报你们"
   passes, "不退我就举报你" does not.

Whitespace inside the text is ignored, so "不 退 就 差 评" is caught too.
A buyer quoting the seller ("你说我给了差评") is not told apart: that is rare
in a first message, and a false warning costs only a second look.

The cost grows with the text's length, never faster: each word is judged from a few
characters on either side of it (the *_REACH constants), and each sentence is searched
once for its first marker. Callers still cap what a buyer sends at the form's limit.
"""

import re
from dataclasses import dataclass

LEVERAGE_WHY = (
    "用差评要挟商家退款，平台可能认定为恶意维权，反而判你败诉。讲事实、引规则、给期限就够了。"
)
EXPOSURE_WHY = (
    "威胁把商家或聊天内容公开到网上，是拿曝光要挟，平台可能认定为恶意维权。"
    "想公开投诉，等平台申诉没有结果后，再走黑猫投诉这样的正规渠道。"
)
REPORT_WHY = "拿“举报”吓唬商家，容易被看成要挟。想让平台处理，就写“否则我将向平台申诉”。"
DOXXING_WHY = "人肉搜索、网暴会侵犯别人的隐私，可能违法，平台也会认定你恶意维权。"
RUIN_WHY = "“让你关店、倒闭”这类话是情绪化的威胁，平台可能认定为恶意维权，对你不利。"
MENACE_WHY = "带情绪的威胁帮不了你，还可能让平台认定你恶意维权。平静地给出期限就好。"

# Rule 1: threats wherever they appear, each with why it hurts the buyer.
ALWAYS_THREATS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"人肉|网暴"), DOXXING_WHY),
    (re.compile(r"挂你|挂到网上|挂在网上|挂出来|挂网上"), EXPOSURE_WHY),
    (re.compile(r"发到?(?:网上|朋友圈|微博|抖音|小红书|贴吧|论坛)"), EXPOSURE_WHY),
    (re.compile(r"曝光你"), EXPOSURE_WHY),
    (re.compile(r"举报你"), REPORT_WHY),
    (
        re.compile(r"(?:让你|叫你|投诉到你|告到你)[^，。！？]{0,4}(?:倒闭|关店|关门|开不下去)"),
        RUIN_WHY,
    ),
    (re.compile(r"你等着|走着瞧|后果自负|后果(?:你们?)?自己?(?:负责|承担)"), MENACE_WHY),
)

# Rule 2: leverage words that are threats only in a threat shape.
LEVERAGE = re.compile(r"差评|一星|曝光|公开|举报")
LEVERAGE_WHY_BY_WORD = {
    "差评": LEVERAGE_WHY,
    "一星": LEVERAGE_WHY,
    "曝光": EXPOSURE_WHY,
    "公开": EXPOSURE_WHY,
    "举报": REPORT_WHY,
}
MARKERS = re.compile(
    r"否则|要不然|不然|要不|不退|不给退|不处理|不解决|再不|就|会(?!员)|将(?!近)|(?<![需重主])要(?!求)"
    r"|(?<!不)小心"
)
# Review words aimed at the seller, or announced, are threats without a marker.
REVIEW_WORDS = frozenset({"差评", "一星"})
AIMED = re.compile(
    r"(?:给你(?:们|家)?(?:店铺?)?(?:打|留|写|刷|来)?|等着(?:吃|收)?)(?:个|一个|一条|一堆)?$"
)
ANNOUNCED = re.compile(r"^(?:警告|伺候)")
NEGATION = re.compile(
    r"(?:不会|不想|不要|不打算|不至于|没有?|不愿)(?:给|打|留|刷|去|发|你们?|个|一个)*$"
)
# 举报 addressed to a proper channel is what the buyer should do, not a threat:
# "向12315投诉举报", "去消协举报你们", "把你举报到市场监管局".
CHANNELS = (
    r"平台|客服|12315|12345|消协|消费者协会|市场监管|市场监督|工商"
    r"|公安|警方|派出所|报警|网警"
)
CHANNEL_BEFORE = re.compile(rf"(?:{CHANNELS})([^，。！？]{{0,4}})$")
CHANNEL_AFTER = re.compile(rf"^[你们]*(?:到|给)(?:{CHANNELS})")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
WHITESPACE = re.compile(r"[ \t\u3000\u00a0]+")
PHRASE_LIMIT = 24

# How many characters next to a word each check reads. A window is what keeps the check
# linear: reading the whole sentence before every word made a long text cost its length
# squared (32,000 characters took 18 s). NEGATION and CHANNEL_BEFORE read what they always
# read; AIMED cannot match more than 8 characters ("给你们店铺打一个"), ANNOUNCED 2, and
# "举报你们到消费者协会" needs 8 of the 16 after the word.
NEGATION_REACH = 6
CHANNEL_REACH = 10
AIMED_REACH = 8
AFTER_REACH = 16


@dataclass(frozen=True)
class ToneFlag:
    phrase: str  # the words found, whitespace removed
    why: str


@dataclass(frozen=True)
class ToneResult:
    flags: tuple[ToneFlag, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.flags


def _sentences(text: str) -> list[tuple[int, str]]:
    """Return (start offset, sentence) pairs of text."""
    pieces, start = [], 0
    for end in SENTENCE_END.finditer(text):
        pieces.append((start, text[start : end.start()]))
        start = end.end()
    pieces.append((start, text[start:]))
    return pieces


def _before(sentence: str, index: int, reach: int) -> str:
    return sentence[max(0, index - reach) : index]


def _to_proper_channel(sentence: str, start: int, end: int) -> bool:
    """Return True if the 举报 at sentence[start:end] goes to a proper channel."""
    channel = CHANNEL_BEFORE.search(_before(sentence, start, CHANNEL_REACH))
    # "平台再不退就举报你": a condition between the channel and 举报 is still a threat.
    if channel and not MARKERS.search(channel.group(1)):
        return True
    return bool(CHANNEL_AFTER.match(sentence[end : end + AFTER_REACH]))


def _phrase(sentence: str, start: int, end: int) -> str:
    """Return sentence[start:end], shortened to its last words when it is long."""
    if end - start <= PHRASE_LIMIT:
        return sentence[start:end]
    return "…" + sentence[end - (PHRASE_LIMIT - 1) : end]


Found = tuple[int, int, str, str]  # (start, end, phrase, why) of the key words in the text


def _always_threats(sentence: str, offset: int) -> list[Found]:
    """Return rule 1's threats in one sentence."""
    found: list[Found] = []
    for pattern, why in ALWAYS_THREATS:
        for match in pattern.finditer(sentence):
            if match.group(0).startswith("举报") and _to_proper_channel(
                sentence, match.start(), match.end()
            ):
                continue
            found.append((offset + match.start(), offset + match.end(), match.group(0), why))
    return found


def _leverage_threats(sentence: str, offset: int) -> list[Found]:
    """Return rule 2's threats in one sentence: leverage words in a threat shape."""
    found: list[Found] = []
    words = list(LEVERAGE.finditer(sentence))
    if not words:
        return found
    # No marker contains a leverage word's characters, so the sentence's first marker is
    # the first one before a word whenever it starts before that word.
    first_marker = MARKERS.search(sentence)
    for word in words:
        begin, stop, key = word.start(), word.end(), word.group(0)
        if NEGATION.search(_before(sentence, begin, NEGATION_REACH)):
            continue
        if key == "举报" and _to_proper_channel(sentence, begin, stop):
            continue
        marker = first_marker if first_marker and first_marker.start() < begin else None
        aimed = announced = None
        if key in REVIEW_WORDS:
            window = max(0, begin - AIMED_REACH)
            aimed = AIMED.search(sentence[window:begin])
            announced = ANNOUNCED.match(sentence[stop : stop + AFTER_REACH])
        if not (marker or aimed or announced):
            continue
        # From the first marker: "不给退款的话，我就给你差评" reads as one threat.
        if marker:
            start = marker.start()
        elif aimed:
            start = window + aimed.start()
        else:
            start = begin
        end = stop + (announced.end() if announced else 0)
        found.append(
            (offset + begin, offset + end, _phrase(sentence, start, end), LEVERAGE_WHY_BY_WORD[key])
        )
    return found


def tone_check(text: str) -> ToneResult:
    """Return the threats found in text, in the order they appear, with why each is risky."""
    plain = WHITESPACE.sub("", text or "")
    found: list[Found] = []
    for offset, sentence in _sentences(plain):
        found += _always_threats(sentence, offset)
        found += _leverage_threats(sentence, offset)

    # Where two findings overlap, the one that starts first (then the longer) is shown.
    # Sorted by start, a finding overlaps an earlier one exactly when it starts before
    # the furthest end taken so far.
    flags: list[ToneFlag] = []
    taken_until = -1
    for start, end, phrase, why in sorted(found, key=lambda item: (item[0], -item[1])):
        if start < taken_until:
            continue
        taken_until = max(taken_until, end)
        flags.append(ToneFlag(phrase=phrase, why=why))
    return ToneResult(flags=tuple(flags))
