"""Correct the six guide parts, each only where an editor has not changed it since the seed.

Each correction is a list of (seed passage, corrected passage) pairs applied to the
text exactly as 0002_seed_guide.py stored it. A part is touched only when the SHA-256
of its stored Markdown still equals the seed's: an editor's own version always wins.
The reverse restores the seed only where a part still holds exactly the corrected
text. Like 0002, the text lives here and nothing is imported from app code except
the Markdown renderer, which decides how text looks, not what it says.

Updates go through QuerySet.update() and the history rows are written here, so the
same code writes exactly one history row per corrected part whether it runs as a
migration (historical models) or from the test fixtures (the real app registry,
where save() would also fire simple-history's signal).
"""

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone

UPDATED_ON = datetime.date(2026, 12, 2)
HISTORY_REASON = "更正指南（数据迁移 0003）"
# What 0002_seed_guide.py set, for the reverse.
SEED_UPDATED_ON = datetime.date(2026, 11, 25)
SEED_CHANGE_NOTE = "首次发布"

REFUNDABLE_CHECKLIST_SEED = """\
## 现在对照一下

- 商家在答应的时间内发货了吗？
- 收到的东西和商品页写的一样吗？
- 卡密、激活码能用吗？软件能运行吗？
- 商品页有没有写“特殊商品不退换”或“不支持退款”？
- 有没有商家作假的迹象，比如发货记录是伪造的？
- 你是在平台上下单付款的，还是私下转账的？

前三个问题里，只要有一个答案是“没有”或“不能”，问题就出在商家，你通常可以申请退款。
"""

# "没有" or "不能" did not fit the second question (its answer is "不一样"), and the
# other three questions had no rule at all: each question now says what its answer means.
REFUNDABLE_CHECKLIST = """\
## 现在对照一下

### 问题出在商家吗

- 过了商家答应的时间，东西还没到？
- 收到的东西和商品页写的差得很远？
- 卡密、激活码用不了，或者软件运行不了？

这三条里只要有一条符合你的情况，问题就出在商家，你通常可以申请退款。

一条都不符合，只是你自己不需要了或者嫌贵，通常退不了。

### 还要看清三件事

- 商品页写了“特殊商品不退换”或“不支持退款”吗？写了，退款会更难。
- 有没有商家作假的迹象，比如发货记录是伪造的？有的话，“不支持退款”也护不住商家。
- 你是在平台上下单付款的，还是私下转账的？私下转账没有平台的支付保障。被骗了，看第 5 章“外部维权”。
"""

EVIDENCE_TIME_SEED = """\
- 截图前打开手机的时间水印，让每张图都带上时间。
- 重要的记录，可以再用第三方存证服务备份一份，例如区块链存证。这样证据在法律上更有分量。
"""

# Phones' own screenshot tools have no time watermark; the status bar is what they keep.
EVIDENCE_TIME = """\
- 截图时留着手机顶部状态栏的时间，不要裁掉。
- 状态栏一般只显示几点几分。所以最好让订单时间或聊天日期也出现在同一张图里。
- 卡密输入后报错、软件打不开，就录屏。从打开订单开始录，一直录到报错出现，中间别停。
- 想更稳妥，还可以用带时间水印的相机应用拍下屏幕，或者用第三方存证服务备份重要记录，例如区块链存证。这样证据在法律上更有分量。
"""

NEGOTIATE_RULE_SEED = """\
### 第二步：说出平台的规定

例如：“按平台的《虚拟商品售后条例》，商品失效应在 24 小时内退款，现在已经超过 48 小时。”
"""

NEGOTIATE_RULE = """\
### 第二步：说出平台的规定

先在你自己的平台上找售后规定，一般在规则页面或帮助中心里。找到了，就照原文写出规定的名称和内容。

下面只是一个例子。《虚拟商品售后条例》这个名称和“24 小时内退款”这个时限都是举例用的，你的平台不一定有这条规定，不要照抄：

> 按平台的《虚拟商品售后条例》，商品失效应在 24 小时内退款，现在已经超过 48 小时。

找不到相关规定，就跳过这一步，只讲事实、给期限。引用一条你的平台上没有的规定，商家和平台都会觉得你说的话不可信。
"""

APPEAL_FIRST_USE_SEED = """\
- 如果记录显示商品已经被用过，而你说自己没用过，平台可能要你拿出证明。例如证明首次使用时间晚于购买时间。
"""

# The seed's example proved nothing: every use of a code comes after its purchase.
APPEAL_FIRST_USE = """\
- 如果记录显示商品已经被用过，而你说自己没用过，平台可能要你拿出证明。怎么证明，看下面。

### 卡密显示“已被使用”，怎么证明不是你用的

有用的证据是下面两种之一：

- 卡密第一次被使用，是在你收到它之前；
- 用掉卡密的账号不是你的。

这两点要看游戏或软件运营方的充值记录、使用记录。可以找运营方的官方客服，问这张卡密是什么时间、充到哪个账号上的。

也可以在申诉说明里，请平台向商家调取这张卡密的使用日志，核对同样这两点。

不要拿“使用时间在下单之后”当证据：卡密正常用掉，也是在下单之后。
"""

ESCALATE_12315_SEED = """\
### 1. 向12315投诉

通过全国12315平台或消费者协会投诉。准备好：

- 订单号
- 商家信息
- 平台的处理结果
- 你的证据
"""

ESCALATE_12315 = """\
### 1. 向12315投诉

12315 由市场监督管理部门负责，投诉不收费。可以通过全国12315平台投诉，也可以找消费者协会。

全国12315平台有三个入口，用哪个都行：

- 网站：www.12315.cn
- 手机 App：在应用商店搜“全国12315平台”
- 微信小程序：在微信里搜“全国12315平台”

搜到的应用要认准国家市场监督管理总局发布的，别装名字相近的仿冒应用。

准备好：

- 订单号
- 商家信息
- 平台的处理结果
- 你的证据

投诉前要知道三条规矩：

- 提交以后，市场监督管理部门会在 7 个工作日内决定受理还是不受理。
- 一次投诉只写一件事。几笔订单出了不同的问题，就分开投诉。
- 从你知道自己权益受损那天算起，超过 3 年才投诉的，不予受理。所以别拖。
"""

ESCALATE_BLACK_CAT_SEED = """\
### 2. 到黑猫投诉这类平台公开投诉

"""

ESCALATE_BLACK_CAT = """\
### 2. 到黑猫投诉这类平台公开投诉

黑猫投诉的网站：tousu.sina.com.cn。

"""

ESCALATE_POLICE_SEED = """\
卡盟交易可能牵涉洗钱、非法销售。真是这样，商家可能已经在犯罪。
"""

ESCALATE_POLICE = """\
卡盟交易可能牵涉洗钱、非法销售。真是这样，商家可能已经在犯罪。

## 私下转账被骗了

私下转账不是平台上的订单，平台申诉通常管不了。这时按下面做，越早越好：

- 骗局还在进行、对方还在催你转钱：马上打 110。
- 打 96110 反诈专线，说明情况，问清下一步怎么办。
- 在国家反诈中心 App 里举报。
- 向你付款的渠道投诉：微信支付、支付宝里都能投诉这笔转账；用银行卡转的，联系你的银行。

## 可以引用的法律

《消费者权益保护法》里，和卡盟退款最相关的是下面三条。投诉时只引用和你的情况相符的那一条。

- 第二十四条：商品不符合质量要求，比如卡密无效、软件运行不了，你可以要求退货或者更换。
- 第二十五条：网购的七天无理由退货，不包括在线下载的数字化商品。所以只是“不需要了”，引用法律也退不了。
- 第二十六条：商家用格式条款、声明等排除你的权利，这些内容无效。比如写着“不支持退款”，却发来用不了的卡密。
"""

ESCALATE_COST_SEED = """\
小纠纷，比如一张几十元的游戏点卡，就留在平台的流程里解决。往外闹花的成本，可能比能要回来的钱还多。
"""

ESCALATE_COST = """\
小纠纷，比如一张几十元的游戏点卡，先留在平台的流程里解决。走外部渠道要花时间和精力，这些成本可能比能要回来的钱还多。

平台申诉已经被驳回，钱又不多，也可以试试 12315：它不收费，只是要等。
"""

CORRECTIONS = {
    "refundable": {
        "seed_sha256": "083d6b999f6eaf901be0228c63d9910b8490412289e0d80a00c20397fdb3010d",
        "change_note": "讲清核对清单怎么看：哪几条说明问题出在商家；补充《消费者权益保护法》第二十四、二十五、二十六条，说明“不需要了”为什么不能退",
        "replacements": [
            (
                "- 软件装好了，却运行不了。\n",
                "- 软件装好了，却运行不了。\n"
                "\n"
                "这属于商品不符合质量要求。依照《消费者权益保护法》第二十四条，你可以要求退货，或者要求商家更换。\n",
            ),
            (
                "商家没法阻止它被别人再卖一次。这是整个行业的通行做法。\n",
                "商家没法阻止它被别人再卖一次。这是整个行业的通行做法。\n"
                "\n"
                "法律也不要求商家退。网购通常可以七天无理由退货，但《消费者权益保护法》第二十五条把在线下载的数字化商品排除在外。"
                "所以只是“不需要了”，不能拿来要求退款。\n",
            ),
            (
                "这种“不退款”的声明对买家不公平，可能是无效的。\n",
                "这种“不退款”的声明对买家不公平，可能是无效的。\n"
                "\n"
                "《消费者权益保护法》第二十六条规定：商家用格式条款（商家事先写好、不和你商量的条款）、声明等排除消费者权利的，这些内容无效。\n",
            ),
            (REFUNDABLE_CHECKLIST_SEED, REFUNDABLE_CHECKLIST),
        ],
    },
    "evidence": {
        "seed_sha256": "5055f88ae061261c85efad35236852054cc08371b9cc1d3c3cd75cc749e7f333",
        "change_note": "改为手机上用得上的办法：截图留着状态栏的时间，把用不了的过程录屏；时间水印相机和第三方存证作为补充",
        "replacements": [(EVIDENCE_TIME_SEED, EVIDENCE_TIME)],
    },
    "negotiate": {
        "seed_sha256": "4c5a9da48612c113538a509ab44633857b617348f2b54948a6c2587fc073ff65",
        "change_note": "标明《虚拟商品售后条例》只是举例：只引用你在自己平台上找到的规定",
        "replacements": [
            # One kind of quotes: the example messages become quote blocks, so the
            # 'already used' inside them needs no nested quotes.
            (
                "例如：“我买了××点卡，订单号××××，输入后提示‘已被使用’，请帮忙核实。”\n",
                "例如：\n\n> 我买了××点卡，订单号××××，输入后提示“已被使用”，请帮忙核实。\n",
            ),
            (NEGOTIATE_RULE_SEED, NEGOTIATE_RULE),
            (
                "例如：“请在今天 17:00 前处理，否则我将向平台申诉。”\n",
                "例如：\n\n> 请在今天 17:00 前处理，否则我将向平台申诉。\n",
            ),
            (
                "- 写了平台的哪条规定、规定答应了什么吗？\n",
                "- 如果引用了平台规定，是在你自己的平台上找到的吗？名称和内容照原文写对了吗？\n",
            ),
            (
                "平台可能把它当成恶意维权，反过来判你输。\n",
                "平台可能把它当成恶意维权，影响申诉结果。\n",
            ),
        ],
    },
    "appeal": {
        "seed_sha256": "70ab014dd675109c1112b31c48528be41af3cf0aa232dd37ffbfc1fe4b3ebf00",
        "change_note": "更正首次使用时间的说法：有用的证据是卡密在你收到之前就被用过，或者是被别人的账号用掉的；申诉说明的例子标明先确认平台有退款时限",
        "replacements": [
            (
                "例如：“商家一直没有处理失效的商品，已经超过平台规定的退款时限，请平台介入并退款。”\n",
                "例如：\n"
                "\n"
                "> 商家一直没有处理失效的商品，已经超过平台规定的退款时限，请平台介入并退款。\n"
                "\n"
                "只有你的平台真的规定了退款时限，才写“已经超过平台规定的退款时限”。\n",
            ),
            (APPEAL_FIRST_USE_SEED, APPEAL_FIRST_USE),
        ],
    },
    "escalate": {
        "seed_sha256": "bbffefb682c5aef403ee73a845bcac25434f292d118b78e2b0d8383a3dd5a287",
        "change_note": "补充 12315 的受理规则和官方入口、黑猫投诉的网站、私下转账被骗时的求助渠道，以及可以引用的法律条文",
        "replacements": [
            (ESCALATE_12315_SEED, ESCALATE_12315),
            (ESCALATE_BLACK_CAT_SEED, ESCALATE_BLACK_CAT),
            (ESCALATE_POLICE_SEED, ESCALATE_POLICE),
            (ESCALATE_COST_SEED, ESCALATE_COST),
        ],
    },
    "prevention": {
        "seed_sha256": "1ac6a9845c4c26596ffd943a8308ef99a8542ac0c674160f4fd0e8791c1add47",
        "change_note": "补充私下转账被骗以后去哪里求助（见第 5 章）",
        "replacements": [
            (
                "私下转了账，出了问题，平台帮不了你。\n",
                "私下转了账，出了问题，平台帮不了你。\n"
                "\n"
                "已经私下转账被骗了，马上看第 5 章“外部维权”。\n",
            ),
        ],
    },
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def corrected(seed: str, replacements) -> str:
    """Return the seed text with every passage replaced; each must occur exactly once."""
    text = seed
    for old, new in replacements:
        if text.count(old) != 1:
            raise ValueError(f"guide correction: {old[:30]!r} does not occur exactly once")
        text = text.replace(old, new)
    return text


def seed_of(text: str, correction) -> str | None:
    """Return the seed text if text is exactly the corrected seed, else None."""
    seed = text
    for old, new in reversed(correction["replacements"]):
        if seed.count(new) != 1:
            return None
        seed = seed.replace(new, old)
    if sha256(seed) != correction["seed_sha256"]:
        return None
    if corrected(seed, correction["replacements"]) != text:
        return None
    return seed


def _rewrite(apps, part, body_markdown: str, **fields) -> None:
    """Store a new text for part with its HTML re-rendered, without signals."""
    from guide.markdown import render_markdown

    GuidePart = apps.get_model("guide", "GuidePart")
    rendered = render_markdown(body_markdown)
    GuidePart.objects.filter(pk=part.pk).update(
        body_markdown=body_markdown, body_html=rendered.html, toc=rendered.toc, **fields
    )


def correct_guide(apps, schema_editor):
    """Correct every part still holding its seed text, and record each change in history."""
    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    now = timezone.now()
    for part in GuidePart.objects.filter(slug__in=CORRECTIONS):
        correction = CORRECTIONS[part.slug]
        # An editor's own text wins: only the exact seed text is corrected.
        if sha256(part.body_markdown) != correction["seed_sha256"]:
            continue
        _rewrite(
            apps,
            part,
            corrected(part.body_markdown, correction["replacements"]),
            updated_on=UPDATED_ON,
            change_note=correction["change_note"],
        )
        part.refresh_from_db()
        HistoricalGuidePart.objects.create(
            **{field.attname: getattr(part, field.attname) for field in GuidePart._meta.concrete_fields},
            history_date=now,
            history_type="~",
            history_change_reason=HISTORY_REASON,
            history_user=None,
        )


def restore_seed(apps, schema_editor):
    """Put the seed text back where a part still holds exactly the corrected text."""
    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    for part in GuidePart.objects.filter(slug__in=CORRECTIONS):
        seed = seed_of(part.body_markdown, CORRECTIONS[part.slug])
        if seed is None:
            continue
        _rewrite(apps, part, seed, updated_on=SEED_UPDATED_ON, change_note=SEED_CHANGE_NOTE)
        HistoricalGuidePart.objects.filter(
            id=part.pk, history_type="~", history_change_reason=HISTORY_REASON
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_seed_guide"),
    ]

    operations = [
        migrations.RunPython(correct_guide, restore_seed),
    ]
