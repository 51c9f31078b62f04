"""The appeal statement cites the platform rule the buyer cited to the seller.

A buyer who found their platform's rule and quoted it in step 3 had it left out of the
appeal, the one text the platform itself reads. The statement now has the message's rule
line, 根据平台的《{rule_name}》，{rule_promise}。, left out whole when no rule was cited
(cases.texts.placeholders.OPTIONAL). A row is changed only while it still holds the old
built-in text: an editor's own wording is left alone. The texts are copied here, not
imported, so this migration means the same thing forever (as in 0013).
"""

from django.db import migrations

CHANGES = {
    "appeal_statement": (
        "订单号 {order_number}，购买的商品是{product_name}。{problem}。\n{seller_reply}\n{first_use}\n{law}\n请平台介入，{platform_check}。我的要求是{request}。",
        "订单号 {order_number}，购买的商品是{product_name}。{problem}。\n{seller_reply}\n根据平台的《{rule_name}》，{rule_promise}。\n{first_use}\n{law}\n请平台介入，{platform_check}。我的要求是{request}。",
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
    dependencies = [("cases", "0016_texts_intros_leave_the_page_to_say_it")]

    operations = [migrations.RunPython(forwards, backwards)]
