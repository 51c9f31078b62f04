"""The wizard's built-in advisory texts: stage intros, tips and message templates.

Every text the wizard shows has a key here. Editors change the body in the admin
(cases.WizardText); a key with no row falls back to the text below, so the wizard
never shows a blank where advice belongs. Placeholders: cases.texts.placeholders.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Guidance:
    key: str
    label: str
    body: str
    is_template: bool = False


# The seeded texts. The data migration copied them into WizardText; editors own them after.
DEFAULTS: dict[str, Guidance] = {
    entry.key: entry
    for entry in [
        # Stage intros (Markdown)
        Guidance(
            "intro_eligibility",
            "第 1 步 开头说明",
            "回答下面几个问题，看看这笔钱能不能要回来。\n\n"
            "结论会写明理由，不只是一个“能”或“不能”。"
            "一般来说，错在商家的可以申请退款；只是自己不想要了，通常退不了。",
        ),
        Guidance(
            "intro_evidence",
            "第 2 步 开头说明",
            "证据是退款的关键。虚拟商品不留实物痕迹，证据只能靠你自己留。按下面清单的顺序准备。",
        ),
        Guidance(
            "intro_negotiation",
            "第 3 步 开头说明",
            "先找商家协商，再向平台申诉。大多数平台要求这样做：跳过协商直接申诉，可能被驳回。",
        ),
        Guidance(
            "intro_negotiation_goodwill",
            "第 3 步 开头说明（问题出在自己这边时）",
            "问题出在你自己这边时，商家没有义务退款，能做的是客气地请商家通融。\n\n"
            "下面的消息就是这样写的：讲清订单和原因，不引用规则，不给期限，也不提申诉。",
        ),
        Guidance(
            "intro_negotiation_private",
            "第 3 步 开头说明（私下转账付款时）",
            "钱是私下转账付的，平台通常不受理这类申诉，所以先直接找对方。\n\n"
            "对方已经把你拉黑、联系不上，就不用再发了，直接去第 5 步“外部维权”。"
            "钱刚转出去、对方还在骗你转账的，马上打 110。",
        ),
        Guidance(
            "intro_appeal",
            "第 4 步 开头说明",
            "商家拒绝处理或一直拖着，就尽快向平台客服申诉。"
            "入口一般在**订单详情 → 退款纠纷**，选好后写明原因。\n\n"
            "证据按这个顺序整理成一份：**订单截图 → 问题描述 → 沟通记录 → 失效证明**，"
            "再附一段简短的申诉说明。",
        ),
        Guidance(
            "intro_escalation",
            "第 5 步 开头说明",
            "平台申诉失败，或者结果明显不合理，才考虑外部渠道："
            "12315 消费投诉、黑猫投诉、向公安机关报案。\n\n"
            "外部渠道慢，放在最后。只有几十元的小纠纷（比如一张游戏点卡），"
            "建议留在平台流程里解决：往外找的成本，可能比要回来的钱还多。",
        ),
        Guidance(
            "intro_escalation_private",
            "第 5 步 开头说明（私下转账付款时）",
            "钱是私下转账付的，平台通常不受理申诉，外部渠道就是你能走的路。"
            "下面按你的案件排好了先后，并把要提交的材料写好了。\n\n"
            "钱刚转出去、对方还在骗你转账的，先别往下看，马上打 110。",
        ),
        # What the next step asks of the buyer, under the 下一步 button on the case overview
        Guidance(
            "next_eligibility",
            "案件总览 下一步说明：第 1 步",
            "先回答几个问题：买的是什么、出了什么问题、怎么付的款。"
            "答完就知道这笔钱能不能要回来，以及为什么。",
        ),
        Guidance(
            "next_evidence",
            "案件总览 下一步说明：第 2 步",
            "把三类证据传上来：**交易记录**（订单截图）、**沟通记录**（和商家的聊天）、"
            "**失效证明**（比如卡密提示“已被使用”的截图）。聊天记录先别删。",
        ),
        Guidance(
            "next_negotiation",
            "案件总览 下一步说明：第 3 步",
            "用按你的订单写好的消息联系商家，给一个明确的处理期限。"
            "发出去以后回来记一笔，到期没处理，就去平台申诉。",
        ),
        Guidance(
            "next_negotiation_goodwill",
            "案件总览 下一步说明：第 3 步（问题出在自己这边时）",
            "问题出在你自己这边，能做的是客气地请商家通融：复制按你的订单写好的消息发给商家，"
            "商家回复后回来记一笔。商家没有义务答应。",
        ),
        Guidance(
            "next_negotiation_waiting",
            "案件总览 下一步说明：第 3 步（消息已经发出时）",
            "消息已经发出，等商家处理。到了给商家的期限，回来记下商家的回复和结果；"
            "商家先回复了，也可以先记下。",
        ),
        Guidance(
            "next_negotiation_private",
            "案件总览 下一步说明：第 3 步（私下转账付款时）",
            "用按你的订单写好的消息联系对方，给一个明确的处理期限；发完截图留好。"
            "到期没处理，或者对方已经把你拉黑，就去外部维权。",
        ),
        Guidance(
            "next_appeal",
            "案件总览 下一步说明：第 4 步",
            "在平台的**订单详情 → 退款纠纷**提交申诉，附上按顺序整理好的证据包。"
            "拿到工单号和处理结果后，回来记下来。",
        ),
        Guidance(
            "next_appeal_waiting",
            "案件总览 下一步说明：第 4 步（申诉已经提交时）",
            "申诉已经提交，等平台处理。拿到处理结果后回来记下；"
            "平台迟迟没有答复，也照实记下，再看下一步。",
        ),
        Guidance(
            "next_escalation",
            "案件总览 下一步说明：第 5 步",
            "平台不处理，或者结果明显不合理，可以找外部渠道：12315 消费投诉、黑猫投诉；"
            "金额超过 {police_threshold}或者有诈骗迹象，可以报警。这一步会帮你选，并把材料写好。",
        ),
        Guidance(
            "next_escalation_private",
            "案件总览 下一步说明：第 5 步（私下转账付款时）",
            "钱是私下转账付的，平台通常不受理申诉：找外部渠道。"
            "有诈骗迹象的尽快报警（也可以打 96110 反诈专线），并向付款渠道投诉这笔转账。"
            "这一步会帮你选，并把材料写好。",
        ),
        # Tips (Markdown lists)
        Guidance(
            "tips_evidence",
            "第 2 步 存证小贴士",
            "- **马上截，截完整。**一发现问题就截图，订单号、时间、金额都要在画面里。\n"
            "- **别删聊天和订单截图。**商家拖着不处理时也别删：删了记录的人，后来什么也拿不出来。\n"
            "- **截图时别裁掉顶部状态栏的时间**，卡密出错的过程最好录屏，从打开订单录到报错。"
            "想更稳妥，可以用带时间水印的相机应用。\n"
            "- **重要记录再备份一份。**可以用第三方存证服务（例如区块链存证），证明力更强。",
        ),
        Guidance(
            "tip_tone",
            "第 3 步 协商语气提示",
            "- **不要威胁商家。**比如“不退款就给差评”。"
            "平台可能把这当成**恶意维权**，影响申诉结果。\n"
            "- 写“否则我将向平台申诉”没问题：这是告诉商家你下一步要走的正常流程，不是威胁。",
        ),
        Guidance(
            "tip_tone_goodwill",
            "第 3 步 语气提示（问题出在自己这边时）",
            "- **客气地问。**商家没有义务答应，语气越平和，越可能通融。\n"
            "- **不要威胁商家。**比如“不退款就给差评”。"
            "平台可能把这当成**恶意维权**，商家也更不会通融。",
        ),
        # Message and statement templates (plain text the buyer copies; placeholders filled)
        Guidance(
            "negotiation_message",
            "协商消息模板（三步法）",
            "你好。我在贵店买了{product_name}，订单号 {order_number}。{problem}，请核实处理。\n"
            "根据平台的《{rule_name}》，{rule_promise}。\n"
            "我的要求是{request}。请在 {deadline} 前处理好，否则{next_step}。",
            is_template=True,
        ),
        # Paid by private transfer there is no shop and no order: the same texts to a person,
        # about a transfer (cases.texts.negotiation.for_seller picks them).
        Guidance(
            "negotiation_message_private",
            "协商消息模板（私下转账付款时）",
            "你好。我向你买了{product_name}，是转账付的款。{problem}，请核实处理。\n"
            "转账单号：{transfer_number}\n"
            "根据平台的《{rule_name}》，{rule_promise}。\n"
            "我的要求是{request}。请在 {deadline} 前处理好，否则{next_step}。",
            is_template=True,
        ),
        Guidance(
            "negotiation_reply_issued",
            "回复“卡密已发放，无法回收”",
            "你好。关于订单 {order_number}：贵店说卡密已经发放、无法回收，"
            "那请提供这笔订单的发货记录，以及这张卡密的唯一标识。\n"
            "正规商家的系统会自动发卡，并留有发货日志。"
            "拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。\n"
            "请在 {deadline} 前提供记录，或者{request}，否则{next_step}。",
            is_template=True,
        ),
        Guidance(
            "negotiation_reply_issued_private",
            "回复“卡密已发放，无法回收”（私下转账付款时）",
            "你好。关于我向你买的{product_name}：你说卡密已经发放、无法回收，"
            "那请提供这张卡密的发货记录，以及它的唯一标识。\n"
            "拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。\n"
            "请在 {deadline} 前提供记录，或者{request}，否则{next_step}。",
            is_template=True,
        ),
        Guidance(
            "appeal_statement",
            "申诉说明模板",
            "订单号 {order_number}，购买的商品是{product_name}。{problem}。\n"
            "{seller_reply}\n"
            "根据平台的《{rule_name}》，{rule_promise}。\n"
            "{first_use}\n"
            "{law}\n"
            "请平台介入，{platform_check}。我的要求是{request}。",
            is_template=True,
        ),
        Guidance(
            "negotiation_follow_up",
            "期限过了还没结果时的跟进消息",
            "你好。{last_contact}，但到现在还没有结果。\n"
            "订单号 {order_number}，{problem}。我的要求是{request}。\n"
            "请在 {deadline} 前处理好，否则{next_step}。",
            is_template=True,
        ),
        Guidance(
            "negotiation_follow_up_private",
            "期限过了还没结果时的跟进消息（私下转账付款时）",
            "你好。{last_contact}，但到现在还没有结果。\n"
            "我买的是{product_name}，{problem}。我的要求是{request}。\n"
            "请在 {deadline} 前处理好，否则{next_step}。",
            is_template=True,
        ),
        Guidance(
            "negotiation_goodwill",
            "请商家通融的消息（不属于商家责任时）",
            "你好。我在贵店买了{product_name}，订单号 {order_number}。{problem}。\n"
            "我知道虚拟商品一般不退不换，还是想问问能不能通融一下，{favour}。麻烦了，谢谢！",
            is_template=True,
        ),
        Guidance(
            "negotiation_goodwill_private",
            "请对方通融的消息（私下转账付款、不属于对方责任时）",
            "你好。我向你买了{product_name}，是转账付的款。{problem}。\n"
            "我知道虚拟商品一般不退不换，还是想问问能不能通融一下，{favour}。麻烦了，谢谢！",
            is_template=True,
        ),
        Guidance(
            "record_prevention",
            "案件结束后：下次买之前的检查清单",
            "最好的退款，是根本没有纠纷。下次下单前，对照这几条看一看：\n\n"
            "- **先看商家信誉。**优先选金牌商家、平台认证商家，他们的售后通常更有保障。\n"
            "- **读商品页。**看清退款政策和发货时效，再决定买不买。\n"
            "- **只在平台上下单付款。**不要私下交易，比如微信转账："
            "只有平台上的订单才有付款保障和售后。\n\n"
            "一句话记住：**懂规则、留证据、善沟通。**",
        ),
        Guidance(
            "escalation_12315_notes",
            "第 5 步 12315 投诉须知",
            "提交前看一下这几条：\n\n"
            "- **一事一投诉。**一次只投诉这一笔订单的纠纷，别的事另外投诉。\n"
            "- **记下投诉编号。**提交后会拿到一个编号，以后查进度、补材料都要用它。\n"
            "- **7 个工作日内决定受不受理。**市场监管部门收到投诉后，"
            "会在 7 个工作日内决定是否受理。\n"
            "- **别拖太久。**从你知道（或者应当知道）自己受损失那天起，超过 3 年的投诉不予受理。\n"
            "- 在全国12315平台（网站、App 或小程序）提交，也可以找当地消费者协会；"
            "证据截图一起上传。",
        ),
        Guidance(
            "escalation_heimao_privacy",
            "第 5 步 黑猫投诉隐私提醒",
            "**黑猫投诉是公开的：**你写的文字和上传的截图，谁都能看到。\n\n"
            "- 文字里不要写手机号、身份证号和卡密。\n"
            "- 截图也一样：上传前把手机号、身份证号、卡密都打上码。\n"
            "- 只写把事情讲清楚需要的内容。",
        ),
        Guidance(
            "escalation_police_notes",
            "第 5 步 报案须知",
            "- 带上身份证、下面的报案材料和证据原件（手机里的聊天记录、订单页面、付款记录），"
            "到当地派出所报案。\n"
            "- 卡盟交易有时牵涉洗钱或非法销售，这时商家可能已经构成犯罪。"
            "把你知道的商家信息都交给警方。\n"
            "- 证据清单里的 SHA-256 存证摘要，能证明文件上传以后没有被改过。\n"
            "- 报案后记下回执上的编号，填进本页下面的记录里。",
        ),
        # Stage 2 — what each kind of evidence must show (Markdown)
        Guidance(
            "evidence_hint_transaction",
            "第 2 步 证据说明：交易记录",
            "订单截图要能看清**订单号、商品名称、商家ID、金额和下单时间**。"
            "它证明这笔交易确实发生过。",
        ),
        Guidance(
            "evidence_hint_communication",
            "第 2 步 证据说明：沟通记录",
            "和商家的聊天记录（旺旺、QQ 等），要能看到出了什么问题、商家答应了什么、"
            "各自是什么时间。"
            "例如：商家说 15 分钟内激活，2 小时后还是用不了。",
        ),
        Guidance(
            "evidence_hint_failure",
            "第 2 步 证据说明：商品失效证明",
            "卡密类商品：截一张输入卡密后报错的图。软件或服务：录一段用不了的屏幕录像。",
        ),
        Guidance(
            "evidence_hint_other",
            "第 2 步 证据说明：其他",
            "付款记录、商家关于发货记录的回复等，能帮你说明情况的都可以放在这里。",
        ),
        # Stage 4 — appeal (one step per line in appeal_where: the page numbers them)
        Guidance(
            "appeal_where",
            "第 4 步 申诉入口（每行一步）",
            "打开这笔订单的“订单详情”页。\n"
            "选择“退款纠纷”。\n"
            "填写原因：贴上下面的申诉说明，再按顺序上传证据。",
        ),
        Guidance(
            "appeal_burden",
            "第 4 步 谁来举证（举证责任分配）",
            "平台主要看一件事：商家有没有违反平台规则。\n\n"
            "商家要拿出有效的发货证明，比如卡密使用日志、系统发货记录。"
            "拿不出来的，平台一般会判给买家退款。\n\n"
            "如果记录显示卡密已经被用过，而你说自己没用过，平台可能要你来证明。"
            "有用的是：卡密在你收到之前就被用过了，或者是被不是你的账号用掉的。"
            "游戏或软件官方的充值记录、使用记录能看出这一点。"
            "（“使用时间在下单之后”证明不了什么：所有使用都在下单之后。）\n\n"
            "申诉前先看清这个平台的举证责任分配规则。"
            "大多数卡盟平台把举证责任放在商家身上，因为后台数据在商家手里。",
        ),
        Guidance(
            "appeal_no_negotiation",
            "第 4 步 提醒：还没有协商记录",
            "这个案件还没有记录过和商家协商。大多数平台要求先协商，再申诉；"
            "跳过协商直接申诉，可能被驳回。可以先联系商家，把协商记下来，再回来申诉。",
        ),
        Guidance(
            "appeal_private",
            "第 4 步 私下转账时的说明",
            "你是私下转账付款的（比如微信转账）。这笔钱没有经过平台，"
            "不受平台的付款保障，平台通常没法受理你的申诉。\n\n"
            "可以直接考虑平台以外的渠道。金额超过 {police_threshold}，或者有诈骗迹象的，"
            "可以向公安机关报案。",
        ),
        # Stage 5 — outside channels: the one next step, and how to use each part of the page
        Guidance(
            "escalation_next_channels",
            "第 5 步 下一步：有建议的渠道时",
            "按下面的建议，复制对应的投诉文字或报案材料去提交；"
            "提交以后，在本页最下面记下日期和编号。",
        ),
        Guidance(
            "escalation_next_platform",
            "第 5 步 下一步：先留在平台时",
            "先留在平台处理，外部渠道等平台申诉有了结果再说。",
        ),
        Guidance(
            "escalation_next_filed",
            "第 5 步 下一步：已经提交了投诉或报案时",
            "你已经在外部渠道提交了投诉或报案。这些渠道处理慢，要等几周甚至更久："
            "留好编号，按时跟进；有结果后，在本页最下面的记录里更新。"
            "要不要再用别的渠道，看下面的建议。",
        ),
        Guidance(
            "escalation_next_answer",
            "第 5 步 下一步：第 1 步还没回答时",
            "先回答第 1 步的几个问题（买的是什么、出了什么问题、怎么付的款），"
            "这里才能告诉你该走哪条路。下面的建议和文字都会跟着你的回答变。",
        ),
        Guidance(
            "escalation_next_goodwill",
            "第 5 步 下一步：问题出在自己这边时",
            "问题出在你自己这边（不需要了、觉得太贵），平台申诉和外部渠道通常都不会支持退款。"
            "能做的是客气地请商家通融；商家不同意，就在案件总览把结果记为“放弃”。",
        ),
        Guidance(
            "escalation_next_none",
            "第 5 步 下一步：不需要外部渠道时",
            "现在不需要走外部渠道。",
        ),
        Guidance(
            "escalation_details_help",
            "第 5 步 投诉人和被投诉人说明",
            "12315 投诉和报案材料都要写投诉人的姓名、电话和通讯地址。"
            "这里只用你自己填的内容，不会从账号里猜。"
            "没填的地方，下面的文字里会显示【待补充】。",
        ),
        Guidance(
            "escalation_texts_help",
            "第 5 步 投诉文字怎么用",
            "每一栏单独复制，粘贴到对应网站或表格的同名栏里。"
            "【待补充：…】是案件里还没有的信息，提交前换成真实内容。",
        ),
        Guidance(
            "escalation_log_help",
            "第 5 步 投诉和报案记录说明",
            "每提交一次，就在这里记一笔：渠道、日期、受理号或投诉编号。"
            "编号要留好，以后查进度、补材料都要用。结果出来后回来更新。",
        ),
        # end of DEFAULTS
    ]
}
