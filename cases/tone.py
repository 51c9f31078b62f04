"""Flag threats in a buyer's message to the seller. Pure: plain text in, findings out.

Why: a platform may treat a threat used as leverage ("不退就差评", "否则曝光") as
malicious rights-seeking (恶意维权) and rule against the buyer. A calm
"否则我将向平台申诉" is the right way to set a deadline and is never flagged.

The rules are deliberately simple, so a buyer can predict them:

1. Some phrases are threats wherever they appear: 人肉, 网暴, 挂你 / 挂到网上,
   发到网上 / 发朋友圈…, 举报你, 曝光你, 让你关店 / 倒闭, 投诉到你倒闭, 你等着.
2. Leverage words (差评, 一星, 曝光, 公开, 举报) count only in a threat shape:
   after a threat marker in the same sentence (否则, 不然, 不退, 就, 会, 要 …).
   A negation right before the word ("我不想给差评") cancels it, and 举报 to
   the platform ("向平台举报") is a proper channel, not a threat.

Whitespace inside the text is ignored, so "不 退 就 差 评" is caught too.
A buyer quoting the seller ("你说我给了差评") is not told apart: that is rare
in a first message, and a false warning costs only a second look.
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
    (re.compile(r"你等着|走着瞧"), MENACE_WHY),
)

# Rule 2: leverage words that are threats only after a threat marker.
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
)
NEGATION = re.compile(r"(?:不会|不想|不要|不打算|不至于|没有|不愿)[给打留刷去发]?(?:你们?|个)?$")
# 举报 addressed to a proper channel is what the buyer should do, not a threat.
PROPER_CHANNEL = re.compile(r"(?:平台|客服|12315|消协|市场监管)[^，。！？]{0,4}$")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
WHITESPACE = re.compile(r"[ \t\u3000\u00a0]+")
PHRASE_LIMIT = 24


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


def _shorten(phrase: str) -> str:
    return phrase if len(phrase) <= PHRASE_LIMIT else "…" + phrase[-(PHRASE_LIMIT - 1) :]


def tone_check(text: str) -> ToneResult:
    """Return the threats found in text, in the order they appear, with why each is risky."""
    plain = WHITESPACE.sub("", text or "")
    found: list[tuple[int, int, str, str]] = []  # (start, end, phrase, why) of the key words

    for pattern, why in ALWAYS_THREATS:
        for match in pattern.finditer(plain):
            found.append((match.start(), match.end(), match.group(0), why))

    for offset, sentence in _sentences(plain):
        for word in LEVERAGE.finditer(sentence):
            before = sentence[: word.start()]
            markers = list(MARKERS.finditer(before))
            if not markers or NEGATION.search(before[-6:]):
                continue
            if word.group(0) == "举报" and PROPER_CHANNEL.search(before[-10:]):
                continue
            # From the first marker: "不给退款的话，我就给你差评" reads as one threat.
            phrase = sentence[markers[0].start() : word.end()]
            found.append(
                (
                    offset + word.start(),
                    offset + word.end(),
                    _shorten(phrase),
                    LEVERAGE_WHY_BY_WORD[word.group(0)],
                )
            )

    flags: list[ToneFlag] = []
    taken: list[tuple[int, int]] = []
    for start, end, phrase, why in sorted(found, key=lambda item: (item[0], -item[1])):
        if any(start < stop and end > begin for begin, stop in taken):
            continue
        taken.append((start, end))
        flags.append(ToneFlag(phrase=phrase, why=why))
    return ToneResult(flags=tuple(flags))
