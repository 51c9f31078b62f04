"""Three stage introductions no longer repeat what the page shows right below them.

At 360 px the evidence page listed the three kinds of evidence twice (the introduction's
交易记录 → 沟通记录 → 商品失效证明, then the numbered checklist), and the negotiation page
explained the three-step message in its introduction and again in the message's own section
(its title 三步法 and the line under it, 讲清问题 → 引用规则 → 给期限), for a private
transfer too (讲清问题，说明你要什么，给一个明确的期限). Each page was taller
than three phone screens for a buyer who had only answered step 1 (issue 14). A row is
changed only while it still holds the old built-in text: an editor's own wording is left
alone. The texts are copied here, not imported, so this migration means the same thing
forever (as in 0013).
"""

from django.db import migrations

CHANGES = {
    "intro_evidence": (
        "证据是退款的关键。虚拟商品不留实物痕迹，证据只能靠你自己留。\n\n按这个顺序准备三类证据：**交易记录 → 沟通记录 → 商品失效证明**。",
        "证据是退款的关键。虚拟商品不留实物痕迹，证据只能靠你自己留。按下面清单的顺序准备。",
    ),
    "intro_negotiation_private": (
        "钱是私下转账付的，没有经过平台，平台通常不受理这类申诉。所以先直接找对方：讲清问题，说明你要什么，给一个明确的期限。\n\n对方已经把你拉黑、联系不上，就不用再发了，直接去第 5 步“外部维权”。钱刚转出去、对方还在骗你转账的，马上打 110。",
        "钱是私下转账付的，平台通常不受理这类申诉，所以先直接找对方。\n\n对方已经把你拉黑、联系不上，就不用再发了，直接去第 5 步“外部维权”。钱刚转出去、对方还在骗你转账的，马上打 110。",
    ),
    "intro_negotiation": (
        "先找商家协商，再向平台申诉。大多数平台要求这样做：跳过协商直接申诉，可能被驳回。\n\n下面的消息分三步写：**平静地讲清问题 → 引用平台规则 → 给一个明确的期限**。",
        "先找商家协商，再向平台申诉。大多数平台要求这样做：跳过协商直接申诉，可能被驳回。",
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
    dependencies = [("cases", "0015_problem_detail")]

    operations = [migrations.RunPython(forwards, backwards)]
