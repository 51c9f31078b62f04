"""Order numbers spaced like every other number; the appeal asks the platform the right check.

The built-in message, reply, statement, follow-up and goodwill texts wrote 订单号KM…, while
the timelines, amounts and dates put a space between Chinese and a number (订单号 KM…,
100 元). The appeal statement asked the platform to check the seller's delivery log in every
case; it now asks what fits the problem ({platform_check}: the delivery log for a late order
or a used code, the goods against the page for goods not as described). A row is changed
only while it still holds the old built-in text: an editor's own wording is left alone. The
texts are copied here, not imported, so this migration means the same thing forever (as in
0007, whose two small functions it repeats for the same reason).
"""

from django.db import migrations

CHANGES = {
    "negotiation_message": (
        "你好。我在贵店买了{product_name}，订单号{order_number}。{problem}，请核实处理。\n根据平台的《{rule_name}》，{rule_promise}。\n我的要求是{request}。请在 {deadline} 前处理好，否则{next_step}。",
        "你好。我在贵店买了{product_name}，订单号 {order_number}。{problem}，请核实处理。\n根据平台的《{rule_name}》，{rule_promise}。\n我的要求是{request}。请在 {deadline} 前处理好，否则{next_step}。",
    ),
    "negotiation_reply_issued": (
        "你好。你说卡密已经发放、无法回收。那请提供订单{order_number}的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。如果拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。",
        "你好。你说卡密已经发放、无法回收。那请提供订单 {order_number} 的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。如果拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。",
    ),
    "appeal_statement": (
        "订单号{order_number}，商品{product_name}：{problem}。\n{seller_reply}\n{first_use}\n{law}\n请平台介入，核实商家的发货记录。我的要求是{request}。",
        "订单号 {order_number}，商品{product_name}：{problem}。\n{seller_reply}\n{first_use}\n{law}\n请平台介入，{platform_check}。我的要求是{request}。",
    ),
    "negotiation_follow_up": (
        "你好。{last_contact}，到现在还没有结果。\n订单号{order_number}，{problem}。我的要求是{request}。\n请在 {deadline} 前处理好，否则{next_step}。",
        "你好。{last_contact}，到现在还没有结果。\n订单号 {order_number}，{problem}。我的要求是{request}。\n请在 {deadline} 前处理好，否则{next_step}。",
    ),
    "negotiation_goodwill": (
        "你好。我在贵店买了{product_name}，订单号{order_number}。下单后我发现自己用不上这个商品。\n我知道虚拟商品一般不退不换，还是想问问能不能通融一下，帮我退款或者换成别的商品。麻烦了，谢谢！",
        "你好。我在贵店买了{product_name}，订单号 {order_number}。下单后我发现自己用不上这个商品。\n我知道虚拟商品一般不退不换，还是想问问能不能通融一下，帮我退款或者换成别的商品。麻烦了，谢谢！",
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
    dependencies = [("cases", "0011_reminders")]

    operations = [migrations.RunPython(forwards, backwards)]
