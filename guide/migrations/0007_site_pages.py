"""Add the site's own pages — 关于本站, 隐私说明, 联系我们 — as GuidePart rows of kind site_page.

Editors keep them with the guide's preview, history and change notes; they are served at
/about/, /privacy/ and /contact/ (found by key), never in the guide's contents or pager.
The privacy page states no number of its own: {anonymous_days} and the others are filled in
from the settings when the page is shown (guide/site_pages.py), so it cannot drift from the
code. The text lives here, not in app code, so this migration never changes when the app does.
"""

import datetime

from django.db import migrations
from django.db.models import Max
from django.utils import timezone

UPDATED_ON = datetime.date(2026, 12, 7)
CHANGE_NOTE = "首次发布"
HISTORY_REASON = "首次发布（数据迁移）"

ABOUT = """\
## 这是什么网站

在卡盟平台买了游戏点卡、激活码或账号服务，结果迟迟不到、货不对板或者用不了，本站帮你把钱要回来：

- **指南**：六章，讲清楚能不能退、怎么留证据、怎么和商家协商、怎么向平台申诉、什么时候找外部渠道，以及下次怎么避开纠纷。
- **退款向导**：一步步问你的情况，告诉你能不能退、下一步做什么，并替你写好发给商家、平台和12315的文字。进度会保存，明天换一台手机也能接着做。

## 免费

不收费，没有广告，不卖你的数据。不用注册也能用。

## 非官方

本站不是政府部门、消费者协会、12315、黑猫投诉或公安机关的网站，也不属于任何卡盟平台。

我们不替你和商家、平台交涉，也不替你投诉。文字写好以后，由你自己发送、自己提交。官方渠道的入口，见[联系我们](/contact/)。

## 不是法律意见

本站的内容是一般性指引：根据常见情况和公开的规则写成，不针对你的具体案件，也不能代替律师的意见。

向导的判断只依据你填写的内容，你没说的，它不会替你假设。每个平台的规则不同，每个案件也不同。拿不准的时候，请咨询律师或当地的消费者协会。

## 内容怎么维护

指南和向导里的说明由编辑维护。每一页顶部写着最后更新的日期和改了什么。

向导判断能不能退、建议走哪条渠道的规则写在程序里，每次修改都有自动测试检查。

## 你的数据

你填的内容和上传的文件，只有你自己能看到，随时可以下载或删除。详见[隐私说明](/privacy/)。

## 发现错误

指南每一章和向导每一步的底部都有“这一页有帮助吗？”，可以写一句哪里不对。其他事情见[联系我们](/contact/)。
"""

PRIVACY = """\
## 简单说

- 你在向导里填的内容和上传的文件，只存在本站，只有你自己能打开。
- 本站不卖数据，不放广告，不用第三方统计，网页也不从别的网站加载任何东西。
- 没注册时建的案件，{anonymous_days} 天不打开就会被删除；注册以后，保留到你自己删除。
- 你随时可以下载自己的全部数据，也可以全部删除。

## 保存什么，为什么

### 案件

你在向导每一步填的内容：商品、平台、订单号、金额、时间、商家信息、出了什么问题，以及和商家协商、向平台申诉、向外投诉的记录。

用来判断能不能退款，替你写好发给商家、平台和12315的文字，并记住你做到了哪一步。

案件结束以后，它的结果会和别的案件合在一起统计，在首页和指南里公开“多少人在哪一步要回了钱”。每个数字背后至少有 {outcome_min_group} 个案件，只有数字，认不出任何一个案件。

在“外部维权”这一步，如果你填了投诉人的姓名、电话和通讯地址，也会保存：12315 投诉和报案材料要用到它们。不想存在这里，可以不填，复制文字以后再自己补上。

### 证据文件

你上传的截图、录屏和文件，原样保存，不压缩、不修改。同时记下每个文件的 SHA-256 摘要和服务器收到它的时间，用来证明文件后来没有被改过。

### 账号（注册了才有）

- 用户名。
- 密码：只保存加密后的摘要，谁也看不到你的原密码。
- 电子邮箱（可以不填）：用来找回密码；你给某个案件打开邮件提醒以后，也用它给你发提醒。
- 登录记录：每次登录的时间、IP 地址和浏览器型号，用于安全排查。
- 输错密码的记录（也有 IP 地址和浏览器型号）：用来挡住反复猜密码的人，锁定时间过后会清掉。

### 页面反馈

指南各章和向导各步骤底部的“这一页有帮助吗？”：只保存是哪一页、你点的“有”或“没有”、你自愿写的一句话（最多 {feedback_max_chars} 个字）和时间。

不保存 IP 地址，不关联账号，也不关联案件。请不要在那句话里写手机号、订单号这些个人信息。

### cookie

本站只用下面几个 cookie，都不用来追踪你：

- `sessionid`：记住你已经登录；没注册时，记住这个浏览器里的案件。
- `csrftoken`：防止别的网站冒充你提交表单。
- `messages`：“已保存”这类一次性的提示，显示以后就删掉。
- `kr_feedback`：你回答“这一页有帮助吗？”以后才有。它是一个随机编号，只用来让同一个浏览器对同一页的回答只算一次，{feedback_cookie_days} 天后失效。

### 防止滥用的计数

为了防止有人在一小时里建太多案件、上传太多文件或者提交太多反馈（例如同一个网络地址每小时最多提交 {feedback_per_hour} 次反馈），本站会按浏览器、账号和网络地址计数。计数只存加密后的摘要，不存地址本身，一小时后作废。

## 存在哪里

都存在本站自己的数据库和文件存储里：运营者自己的服务器，或者运营者租用的存储空间。

网页上的所有内容都从本站加载：没有统计代码、广告、外部字体或外部脚本。找回密码和提醒的邮件，通过运营者设置的邮件服务器发出。

运营者的服务器软件可能按通常的做法记录访问日志（包括 IP 地址），用来排查故障。

## 保存多久

- **没注册时建的案件**：只属于建它的这个浏览器。你最后一次打开“我的案件”或任何案件页面以后，{anonymous_days} 天内没有再打开，这个浏览器就再也打不开它了；之后每天的清理会把案件和证据文件一起删除。清除浏览器的 cookie，结果也一样。想一直保存，就注册一个账号，这个浏览器里的案件会自动转进账号。
- **注册以后的案件和账号**：一直保留，直到你删除案件或者删除账号。
- **页面反馈**：一直保留，编辑用它改进内容。
- **找回密码时填的邮箱**：信发出以后，由每天的清理删除。

## 谁能看到

- **你的案件和证据文件**：只有你自己。没注册时是这个浏览器，注册以后是你的账号。别人打开你的案件网址，只会看到“找不到这个页面”。
- **编辑**：编辑后台里只有指南、向导里的说明文字、页面反馈，以及按步骤汇总的案件数量。后台看不到任何案件的内容，也打不开证据文件。
- **管理员**：有账号管理权限的管理员，在后台能看到账号的用户名、邮箱和登录记录，用来处理账号问题。
- **运营者**：能直接登录服务器、读取数据库的人，技术上能看到存储的全部数据。这一点任何网站都一样。
- **其他人**：本站不把你的数据交给任何第三方，法律要求的除外。你自己复制、发给商家、平台、12315 或黑猫投诉的文字，按对方的规则处理；黑猫投诉上的内容是公开的。

## 下载和删除

- **一个案件**：打开案件总览，在“导出或删除”里，可以下载这个案件的全部内容和原文件（ZIP），也可以删除它。删除以后，案件、时间线和证据文件一起删掉，找不回来。
- **整个账号**：在“我的账号”里，可以导出全部数据（ZIP），也可以删除账号。案件、证据文件和登录记录会一起删掉。

有问题，见[联系我们](/contact/)。
"""

CONTACT = """\
## 先看这里

本站是免费的指南和工具，**没有客服，也不处理具体的纠纷**：我们不能联系商家或平台，不能替你退款，也不能替你投诉。

你的纠纷，请按这个顺序找：

1. **商家**：先协商。向导的“协商”一步会帮你写好消息。
2. **平台客服**：商家不理，就在平台的订单详情里发起退款纠纷。
3. **外部渠道**：
    - 全国12315平台：网站 [www.12315.cn](https://www.12315.cn/)，也可以用“全国12315平台”App 或微信小程序。
    - 黑猫投诉：网站 [tousu.sina.com.cn](https://tousu.sina.com.cn/)。投诉内容是公开的。
    - 怀疑被骗：正在被骗时，马上打 110；96110 是反诈专线，可以打过去咨询、求助；也可以到当地派出所报案。

## 对本站有意见

- **某一页写得不对、看不懂**：指南每一章和向导每一步的底部都有“这一页有帮助吗？”，可以写一句话，编辑会看到。
- **隐私和删除数据**：你自己就能下载或删除全部数据，见[隐私说明](/privacy/)。
- **其他事情**：写信给运营者，联系方式在本页下面。除非确实需要，信里请不要写订单号、身份证号这些个人信息。
"""

PAGES = [
    {
        "key": "about",
        "title": "关于本站",
        "summary": "一份免费、非官方的卡盟退款指南，加一个帮你一步步维权的向导。内容是一般性指引，不是法律意见。",
        "body_markdown": ABOUT,
    },
    {
        "key": "privacy",
        "title": "隐私说明",
        "summary": "本站保存什么、为什么、存在哪里、保存多久、谁能看到，以及怎么下载和删除你的数据。",
        "body_markdown": PRIVACY,
    },
    {
        "key": "contact",
        "title": "联系我们",
        "summary": "本站不处理具体的纠纷。你的纠纷找商家、平台和官方渠道；对本站有意见，看这里怎么告诉我们。",
        "body_markdown": CONTACT,
    },
]
SEEDED_KEYS = [page["key"] for page in PAGES]


def seed_site_pages(apps, schema_editor):
    """Create the three published site pages and record each as a first version in history."""
    from guide.markdown import render_markdown

    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    # An existing row with the key or the slug wins: never two pages at one address.
    taken = set(GuidePart.objects.filter(key__in=SEEDED_KEYS).values_list("key", flat=True))
    taken |= set(GuidePart.objects.filter(slug__in=SEEDED_KEYS).values_list("slug", flat=True))
    # Far after every chapter (901 …), so the guide's own order is untouched.
    last = GuidePart.objects.aggregate(last=Max("order"))["last"] or 0
    rows = []
    for page in PAGES:
        if page["key"] in taken:
            continue
        rendered = render_markdown(page["body_markdown"])
        rows.append(
            {
                **page,
                "slug": page["key"],
                "kind": "site_page",
                "order": max(last, 900) + len(rows) + 1,
                "wizard_stage": "",
                "body_html": rendered.html,
                "toc": rendered.toc,
                "published": True,
                "updated_on": UPDATED_ON,
                "change_note": CHANGE_NOTE,
            }
        )
    # bulk_create sends no signals, so the history is written once, here, even when tests
    # re-run this function with the real app registry (tests/conftest.py).
    GuidePart.objects.bulk_create([GuidePart(**row) for row in rows])
    ids = dict(
        GuidePart.objects.filter(key__in=[row["key"] for row in rows]).values_list("key", "pk")
    )
    now = timezone.now()
    HistoricalGuidePart.objects.bulk_create(
        [
            HistoricalGuidePart(
                id=ids[row["key"]],
                history_date=now,
                history_type="+",
                history_change_reason=HISTORY_REASON,
                history_user=None,
                **row,
            )
            for row in rows
        ]
    )


def unseed_site_pages(apps, schema_editor):
    """Delete the site pages and the history entries this migration wrote."""
    GuidePart = apps.get_model("guide", "GuidePart")
    HistoricalGuidePart = apps.get_model("guide", "HistoricalGuidePart")
    GuidePart.objects.filter(kind="site_page", key__in=SEEDED_KEYS).delete()
    HistoricalGuidePart.objects.filter(
        key__in=SEEDED_KEYS, history_type="+", history_change_reason=HISTORY_REASON
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0006_guidepart_kind"),
    ]

    operations = [
        migrations.RunPython(seed_site_pages, unseed_site_pages),
    ]
