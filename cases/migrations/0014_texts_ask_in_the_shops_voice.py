"""Three built-in texts say what the buyer asks for and in the shop's own voice.

Read aloud, the ready reply to 卡密已发放 asked for the delivery log but gave the seller no
deadline and did not say what the buyer wants; it now ends 请在 {deadline} 前提供记录，或者
{request}，否则{next_step}, and calls the seller 贵店 as the first message does. The
follow-up said 我在 … 联系过你，请你在 … 前处理 … ，到现在还没有结果 (a run-on that read as a
new order); it now says 联系过贵店 … ，但到现在还没有结果 (the 贵店 is written by
cases.texts.values.last_contact). The appeal statement ran the product into 商品 (商品王者荣耀
100 元点卡：); it now reads 购买的商品是王者荣耀 100 元点卡。 A row is changed only while it
still holds the old built-in text: an editor's own wording is left alone. The texts are
copied here, not imported, so this migration means the same thing forever (as in 0013).
"""

from django.db import migrations

CHANGES = {
    "negotiation_reply_issued": (
        "你好。关于订单 {order_number}：你说卡密已经发放、无法回收，请提供这笔订单的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。那样的话，{next_step}。",
        "你好。关于订单 {order_number}：贵店说卡密已经发放、无法回收，那请提供这笔订单的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。\n请在 {deadline} 前提供记录，或者{request}，否则{next_step}。",
    ),
    "appeal_statement": (
        "订单号 {order_number}，商品{product_name}：{problem}。\n{seller_reply}\n{first_use}\n{law}\n请平台介入，{platform_check}。我的要求是{request}。",
        "订单号 {order_number}，购买的商品是{product_name}。{problem}。\n{seller_reply}\n{first_use}\n{law}\n请平台介入，{platform_check}。我的要求是{request}。",
    ),
    "negotiation_follow_up": (
        "你好。{last_contact}，到现在还没有结果。\n订单号 {order_number}，{problem}。我的要求是{request}。\n请在 {deadline} 前处理好，否则{next_step}。",
        "你好。{last_contact}，但到现在还没有结果。\n订单号 {order_number}，{problem}。我的要求是{request}。\n请在 {deadline} 前处理好，否则{next_step}。",
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
    dependencies = [("cases", "0013_reply_issued_says_what_follows")]

    operations = [migrations.RunPython(forwards, backwards)]
