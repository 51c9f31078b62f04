"""The ready reply to 卡密已发放 ends with what the buyer will do; the goodwill request says
the buyer's own reason.

The reply read 你好。你说卡密已经发放… 那请提供订单 … 的发货记录 and stopped at an
accusation (这可能是虚假发货), leaving the seller no reason to answer. It now opens 关于订单
…： and ends with the buyer's next step ({next_step}: 我将向平台申诉, or 我将通过其他渠道维权
after a private transfer). The goodwill request said 下单后我发现自己用不上这个商品 whatever
the reason; a buyer who found it too expensive would have sent a reason they never gave. It
now says the reason they chose ({problem}: 下单后发现自己用不上这个商品, 下单后觉得价格太贵). A
row is changed only while it still holds the old built-in text: an editor's own wording is
left alone. The texts are copied here, not imported, so this migration means the same thing
forever (as in 0012, whose two small functions it repeats for the same reason).
"""

from django.db import migrations

CHANGES = {
    "negotiation_reply_issued": (
        "你好。你说卡密已经发放、无法回收。那请提供订单 {order_number} 的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。如果拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。",
        "你好。关于订单 {order_number}：你说卡密已经发放、无法回收，请提供这笔订单的发货记录，以及这张卡密的唯一标识。\n正规商家的系统会自动发卡，并留有发货日志。拿不出这些记录，“已发放”的说法就不成立，这可能是虚假发货。那样的话，{next_step}。",
    ),
    "negotiation_goodwill": (
        "你好。我在贵店买了{product_name}，订单号 {order_number}。下单后我发现自己用不上这个商品。\n我知道虚拟商品一般不退不换，还是想问问能不能通融一下，帮我退款或者换成别的商品。麻烦了，谢谢！",
        "你好。我在贵店买了{product_name}，订单号 {order_number}。{problem}。\n我知道虚拟商品一般不退不换，还是想问问能不能通融一下，帮我退款或者换成别的商品。麻烦了，谢谢！",
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
    dependencies = [("cases", "0012_texts_order_number_platform_check")]

    operations = [migrations.RunPython(forwards, backwards)]
