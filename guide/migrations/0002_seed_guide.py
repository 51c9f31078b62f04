"""Load the six parts of the guide, published, with their first history entry.

The text lives here, not in app code, so this migration never changes when the
app does. Historical models skip GuidePart.save(), so the HTML cache and the
in-page contents are rendered here.
"""

import datetime

from django.db import migrations
from django.utils import timezone

UPDATED_ON = datetime.date(2026, 11, 25)
CHANGE_NOTE = "首次发布"
HISTORY_REASON = "首次发布（数据迁移）"

REFUNDABLE = """\
## 先认识几个词

- **卡盟**：专门卖虚拟商品的网上交易市场。常见的商品有三类：游戏点卡、充值卡；软件授权、激活码；账号服务、会员。
- **卡密**：你买到的卡号加密码。
- **商家**：在卡盟上开店卖东西的人，也就是卖家。
- **平台**：卡盟网站本身，买卖双方都在上面交易。

## 虚拟商品退款为什么更难

虚拟商品看不见、摸不着，没法像快递包裹那样寄回去。

所以它的退款规矩和普通网购不一样，也更难办。

走错一步，钱可能就再也要不回来。动手之前，先把这一章读完。

## 通常可以退：错在商家

下面三种情况，问题出在商家，一般可以申请退款。

### 没按约定发货

说好的时间过了，东西还没到。

例如：商家承诺 1 小时内到账，过了 24 小时还没收到。

### 货不对板，差得很远

卖给你的和商品页写的严重不一样。

例如：商品写着“终身VIP”，到手才发现只是一个短期试用。

### 东西本身是坏的

- 激活码或卡密无效，或者一输入就提示“已被使用”。
- 软件装好了，却运行不了。

## 通常不能退：原因在你自己

- “买完发现自己用不上。”
- “觉得太贵了。”

这类理由，大多数卡盟平台不接受。它们没有“无理由退款”。

原因是：虚拟商品一交到你手上（卡密发了、账号绑了），就能被无限复制。

商家没法阻止它被别人再卖一次。这是整个行业的通行做法。

遇到这种情况，你最多可以客气地请商家通融一下。以后怎么避免，看第 6 章“防患于未然”。

## 两个要当心的地方

### 标着“特殊商品不退换”的商品

有些平台会把一些商品标成“特殊商品不退换”，比如二手账号、定制服务。

下单之前，先看清楚商品页有没有这个标记。

### “不支持退款”护不住骗人的商家

商品页写了“不支持退款”，不等于商家做什么都行。

如果商家骗人，比如伪造发货记录，你照样可以依据《消费者权益保护法》维权。

这种“不退款”的声明对买家不公平，可能是无效的。

## 现在对照一下

- 商家在答应的时间内发货了吗？
- 收到的东西和商品页写的一样吗？
- 卡密、激活码能用吗？软件能运行吗？
- 商品页有没有写“特殊商品不退换”或“不支持退款”？
- 有没有商家作假的迹象，比如发货记录是伪造的？
- 你是在平台上下单付款的，还是私下转账的？

前三个问题里，只要有一个答案是“没有”或“不能”，问题就出在商家，你通常可以申请退款。

## 向导帮你判断

向导的“退款资格”一步会问你上面这些问题。答完马上告诉你通常能不能退，并列出理由。
"""

EVIDENCE = """\
## 证据为什么最要紧

证据是所有退款请求的核心。

虚拟商品不留实物痕迹：没有包裹，也没有快递单。

能说明发生过什么的，只有你自己存下来的记录。这一串记录就是你的证据链，要靠你自己搭起来。

## 要存的三类证据，按这个顺序

### 1. 交易记录

截一张订单截图，上面要看得到：

- 订单号
- 商品名称
- 商家ID
- 金额
- 下单时间

它证明这笔交易确实发生过。

### 2. 沟通记录

保存你和商家的聊天，比如旺旺、QQ 上的对话。要能从里面看出三件事：

- 出了什么问题；
- 商家答应过什么；
- 每句话是什么时间说的。

例如：商家承诺 15 分钟内激活，2 小时后还是用不了。

### 3. 商品失效证明

- 卡密类商品：输入卡密后出现报错，把这个画面截图。
- 软件或服务：把用不了的过程录屏。

## 存证据的几条规矩

- **即时性**：一出问题就截图，不要等。
- **完整性**：截全，别只截一半。订单信息、聊天的前后文都要在。
- 商家拖着不办的时候，千万别删聊天记录和订单截图。删了的人，后来就什么都拿不出来了。
- 截图前打开手机的时间水印，让每张图都带上时间。
- 重要的记录，可以再用第三方存证服务备份一份，例如区块链存证。这样证据在法律上更有分量。

## 向导帮你整理

向导的“证据”一步把三类证据排成一张清单。你可以一项一项补齐，上传的文件原样保存。
"""

NEGOTIATE = """\
## 为什么先找商家

大多数平台的规矩是：先协商，再申诉。

没找商家协商就直接申诉，申诉可能会被驳回。

## 三步法：一条消息说清楚

### 第一步：平静地讲事实

不带情绪，只说发生了什么。

例如：“我买了××点卡，订单号××××，输入后提示‘已被使用’，请帮忙核实。”

### 第二步：说出平台的规定

例如：“按平台的《虚拟商品售后条例》，商品失效应在 24 小时内退款，现在已经超过 48 小时。”

### 第三步：给一个明确的期限

例如：“请在今天 17:00 前处理，否则我将向平台申诉。”

### 发之前检查一遍

- 写了商品名和订单号吗？
- 说清楚哪里出了问题吗？
- 写了平台的哪条规定、规定答应了什么吗？
- 给了具体的截止时间吗？
- 语气平静吗？有没有骂人或威胁？

## 商家说“卡密已发放，无法回收”

意思是卡密已经发给你了，收不回来。这时请商家拿出两样东西：

- 这张卡密的发货记录；
- 这张卡密的唯一标识。

正规商家的系统会自动发卡，并且留有发货日志。

商家拿不出来，他的说法就站不住，可能根本是假发货。

## 千万别威胁商家

不要说“不退款就给你差评”这类话。

平台可能把它当成恶意维权，反过来判你输。

只说“否则我将向平台申诉”，是正常的提醒，没有问题。

## 向导帮你写

向导的“协商”一步会用你的订单信息拼好这条三步消息。你改一改，一键复制就能发，还能记下发送时间和商家的答复。
"""

APPEAL = """\
## 什么时候申诉

商家拒绝退款，或者一直拖着，就尽快找平台客服申诉。不要干等。

## 入口在哪里

一般的路径是：订单详情 → 退款纠纷 → 写明理由。

1. 打开这笔订单的订单详情。
2. 选择“退款纠纷”。
3. 写清楚你要退款的理由。

## 把证据整理成一份材料

按这个顺序排好：

1. 订单截图
2. 问题描述
3. 沟通记录
4. 失效证明

最后附一段简短的申诉说明。

例如：“商家一直没有处理失效的商品，已经超过平台规定的退款时限，请平台介入并退款。”

## 平台怎么判

平台主要看一件事：商家有没有违反规则。

- 商家拿不出有效的发货证明，比如卡密使用日志、系统发货记录，平台通常会判退款给你。
- 如果记录显示商品已经被用过，而你说自己没用过，平台可能要你拿出证明。例如证明首次使用时间晚于购买时间。

### 谁来举证

事先弄清平台的举证责任分配，也就是哪一方要拿证据证明什么。

大多数卡盟平台让商家来证明，因为后台数据在商家手里。

## 向导帮你申诉

向导的“平台申诉”一步会告诉你入口，按上面的顺序打包证据、写好申诉说明，还能记下工单号和结果。
"""

ESCALATE = """\
## 什么时候走外部渠道

平台申诉失败了，或者平台给的结果明显不合理，再考虑下面这些办法。

## 三条外部渠道

### 1. 向12315投诉

通过全国12315平台或消费者协会投诉。准备好：

- 订单号
- 商家信息
- 平台的处理结果
- 你的证据

### 2. 到黑猫投诉这类平台公开投诉

公开曝光会给商家或平台带来舆论压力。

### 3. 向公安机关报案

适合金额较大（例如超过 500 元）或者怀疑被骗的情况。

卡盟交易可能牵涉洗钱、非法销售。真是这样，商家可能已经在犯罪。

## 先算一笔账

外部渠道都很慢，所以放到最后再用。

小纠纷，比如一张几十元的游戏点卡，就留在平台的流程里解决。往外闹花的成本，可能比能要回来的钱还多。

## 向导帮你准备材料

向导的“外部维权”一步会根据你的案件建议走哪条渠道，并写好12315投诉、黑猫投诉或报案要用的文字。
"""

PREVENTION = """\
## 最好的退款是不需要退款

纠纷没发生，就不用维权。下面几件事，下单之前就做。

## 下单前的检查清单

- 查商家信誉。优先选金牌商家、平台认证商家，他们一般有完善的售后。
- 读商品页，看清退款政策和发货时效。
- 看商品有没有标“特殊商品不退换”。
- 只在平台上下单付款。绝不私下交易，比如微信转账。

## 为什么不能私下交易

只有在平台上下的订单，才有支付保障和售后服务。

私下转了账，出了问题，平台帮不了你。

## 整本指南一句话

懂规则、留证据、善沟通。
"""

PARTS = [
    {
        "order": 1,
        "slug": "refundable",
        "title": "能不能退：先分清可退和不可退",
        "summary": "商家没按约定发货、货不对板或卡密失效，通常能退；自己不想要了或嫌贵，通常退不了。先弄清你属于哪一种。",
        "wizard_stage": "eligibility",
        "body_markdown": REFUNDABLE,
    },
    {
        "order": 2,
        "slug": "evidence",
        "title": "留证据：退款全靠证据说话",
        "summary": "虚拟商品不留实物痕迹，证据链得自己搭。按顺序存好交易记录、沟通记录和商品失效证明，当场截、截完整、不要删。",
        "wizard_stage": "evidence",
        "body_markdown": EVIDENCE,
    },
    {
        "order": 3,
        "slug": "negotiate",
        "title": "先协商：和商家好好谈",
        "summary": "大多数平台要求先协商，再申诉。用三步法给商家发一条冷静、有依据、有期限的消息，不要威胁。",
        "wizard_stage": "negotiation",
        "body_markdown": NEGOTIATE,
    },
    {
        "order": 4,
        "slug": "appeal",
        "title": "平台申诉：商家不管就找平台",
        "summary": "商家拒绝或一直拖，就尽快向平台客服申诉：从订单详情进入退款纠纷，按顺序交一份清楚的证据材料。",
        "wizard_stage": "appeal",
        "body_markdown": APPEAL,
    },
    {
        "order": 5,
        "slug": "escalate",
        "title": "外部维权：最后才用的办法",
        "summary": "平台申诉没结果或结果不合理，可以找12315、黑猫投诉或报警。这些渠道很慢，金额小就留在平台里解决。",
        "wizard_stage": "escalation",
        "body_markdown": ESCALATE,
    },
    {
        "order": 6,
        "slug": "prevention",
        "title": "防患于未然：买之前就避开纠纷",
        "summary": "最好的退款是纠纷根本不发生。下单前查商家信誉，看清退款政策和发货时效，只在平台内付款。",
        "wizard_stage": "",
        "body_markdown": PREVENTION,
    },
]
SEEDED_SLUGS = [part["slug"] for part in PARTS]


def seed_guide(apps, schema_editor):
    """Create the six published parts and record each as a first version in history."""
    from guide.markdown import render_markdown

    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    # An editor's own version of a part wins over the seed.
    existing = set(GuidePart.objects.filter(slug__in=SEEDED_SLUGS).values_list("slug", flat=True))
    rows = []
    for part in PARTS:
        if part["slug"] in existing:
            continue
        rendered = render_markdown(part["body_markdown"])
        rows.append(
            {
                **part,
                "body_html": rendered.html,
                "toc": rendered.toc,
                "published": True,
                "updated_on": UPDATED_ON,
                "change_note": CHANGE_NOTE,
            }
        )
    # bulk_create sends no signals, so the history is written once, here, even
    # when tests re-run this function with the real app registry.
    GuidePart.objects.bulk_create([GuidePart(**row) for row in rows])
    ids = dict(
        GuidePart.objects.filter(slug__in=[row["slug"] for row in rows]).values_list("slug", "pk")
    )
    now = timezone.now()
    HistoricalGuidePart.objects.bulk_create(
        [
            HistoricalGuidePart(
                id=ids[row["slug"]],
                history_date=now,
                history_type="+",
                history_change_reason=HISTORY_REASON,
                history_user=None,
                **row,
            )
            for row in rows
        ]
    )


def unseed_guide(apps, schema_editor):
    """Delete the seeded parts and the history entries this migration wrote."""
    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    GuidePart.objects.filter(slug__in=SEEDED_SLUGS).delete()
    HistoricalGuidePart.objects.filter(
        slug__in=SEEDED_SLUGS, history_type="+", history_change_reason=HISTORY_REASON
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_guide, unseed_guide),
    ]
