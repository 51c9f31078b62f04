"""The goodwill request asks only for what the buyer wants.

A buyer who no longer needs a code and asked for their money back had the request offer
the seller an exchange too (帮我退款或者换成别的商品), a concession they never made. The
request now asks what they chose in step 1 ({favour}: 帮我退款, 帮我换成别的商品, 退一部分钱
给我), and both only when they have not said. A row is changed only while it still holds
the old built-in text: an editor's own wording is left alone. The texts are copied here,
not imported, so this migration means the same thing forever (as in 0013).
"""

from django.db import migrations

CHANGES = {
    "negotiation_goodwill": (
        "你好。我在贵店买了{product_name}，订单号 {order_number}。{problem}。\n我知道虚拟商品一般不退不换，还是想问问能不能通融一下，帮我退款或者换成别的商品。麻烦了，谢谢！",
        "你好。我在贵店买了{product_name}，订单号 {order_number}。{problem}。\n我知道虚拟商品一般不退不换，还是想问问能不能通融一下，{favour}。麻烦了，谢谢！",
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
    dependencies = [("cases", "0017_statement_cites_the_buyers_rule")]

    operations = [migrations.RunPython(forwards, backwards)]
