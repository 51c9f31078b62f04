"""Issue 13's wording: texts that state only what the buyer told us.

The negotiation message no longer cites a platform rule unless the buyer entered one,
and says what the buyer asks for; the appeal statement quotes the seller's answer
instead of claiming the seller never acted. The evidence, tone and burden-of-proof
tips lose the guide's slips (a time watermark phones rarely have, 判你输, and "first use
after the purchase", which proves nothing). A row is changed only while it still holds
the old built-in text: an editor's own wording is left alone. The texts are copied
here, not imported, so this migration means the same thing forever.
"""

from django.db import migrations

CHANGES = {
    'tips_evidence': (
        '- **马上截，截完整。**一发现问题就截图，订单号、时间、金额都要在画面里。\n- **别删聊天和订单截图。**商家拖着不处理时也别删：删了记录的人，后来什么也拿不出来。\n- **打开手机的时间水印**再截图，截图上就带着拍摄时间。\n- **重要记录再备份一份。**可以用第三方存证服务（例如区块链存证），证明力更强。',
        '- **马上截，截完整。**一发现问题就截图，订单号、时间、金额都要在画面里。\n- **别删聊天和订单截图。**商家拖着不处理时也别删：删了记录的人，后来什么也拿不出来。\n- **截图时别裁掉顶部状态栏的时间**，卡密出错的过程最好录屏，从打开订单录到报错。想更稳妥，可以用带时间水印的相机应用。\n- **重要记录再备份一份。**可以用第三方存证服务（例如区块链存证），证明力更强。',
    ),
    'tip_tone': (
        '- **不要威胁商家。**比如“不退款就给差评”。平台可能把这当成**恶意维权**，反过来判你输。\n- 写“否则我将向平台申诉”没问题：这是告诉商家你下一步要走的正常流程，不是威胁。',
        '- **不要威胁商家。**比如“不退款就给差评”。平台可能把这当成**恶意维权**，影响申诉结果。\n- 写“否则我将向平台申诉”没问题：这是告诉商家你下一步要走的正常流程，不是威胁。',
    ),
    'negotiation_message': (
        '你好。我在贵店买了{product_name}，订单号{order_number}。{problem}，请核实处理。\n根据平台的《{rule_name}》，{rule_promise}。\n请在{deadline}前处理好，否则我将向平台申诉。',
        '你好。我在贵店买了{product_name}，订单号{order_number}。{problem}，请核实处理。\n根据平台的《{rule_name}》，{rule_promise}。\n我的要求是{request}。请在 {deadline} 前处理好，否则{next_step}。',
    ),
    'negotiation_reply_issued': (
        '你说卡密已经发放、无法回收。那请提供订单{order_number}的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。如果拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。',
        '你好。你说卡密已经发放、无法回收。那请提供订单{order_number}的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。如果拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。',
    ),
    'appeal_statement': (
        '订单号{order_number}，商品{product_name}：{problem}。\n我已经联系商家协商，商家至今没有处理，平台规定的退款时限也已经过了。请平台介入，为我退款。',
        '订单号{order_number}，商品{product_name}：{problem}。\n{seller_reply}\n{first_use}\n{law}\n请平台介入，核实商家的发货记录。我的要求是{request}。',
    ),
    'appeal_burden': (
        '平台主要看一件事：商家有没有违反平台规则。\n\n商家要拿出有效的发货证明，比如卡密使用日志、系统发货记录。拿不出来的，平台一般会判给买家退款。\n\n如果记录显示卡密已经被用过，而你说自己没用过，平台可能要你来证明，比如证明首次使用时间晚于购买时间。\n\n申诉前先看清这个平台的举证责任分配规则。大多数卡盟平台把举证责任放在商家身上，因为后台数据在商家手里。',
        '平台主要看一件事：商家有没有违反平台规则。\n\n商家要拿出有效的发货证明，比如卡密使用日志、系统发货记录。拿不出来的，平台一般会判给买家退款。\n\n如果记录显示卡密已经被用过，而你说自己没用过，平台可能要你来证明。有用的是：卡密在你收到之前就被用过了，或者是被不是你的账号用掉的。游戏或软件官方的充值记录、使用记录能看出这一点。（“使用时间在下单之后”证明不了什么：所有使用都在下单之后。）\n\n申诉前先看清这个平台的举证责任分配规则。大多数卡盟平台把举证责任放在商家身上，因为后台数据在商家手里。',
    ),
}


def forwards(apps, schema_editor):
    WizardText = apps.get_model("cases", "WizardText")
    for key, (old, new) in CHANGES.items():
        WizardText.objects.filter(key=key, body=old).update(body=new)


def backwards(apps, schema_editor):
    WizardText = apps.get_model("cases", "WizardText")
    for key, (old, new) in CHANGES.items():
        WizardText.objects.filter(key=key, body=new).update(body=old)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_remedy")]

    operations = [migrations.RunPython(forwards, backwards)]
