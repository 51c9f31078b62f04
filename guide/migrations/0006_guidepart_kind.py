"""Tell the guide's chapters from the site's own pages (关于本站, 隐私说明, 联系我们).

Schema only: the pages are seeded by 0007, in a transaction of their own (PostgreSQL refuses
to alter a table in the transaction that has just written rows pointing at it).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('guide', '0005_guidepart_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='guidepart',
            name='kind',
            field=models.CharField(choices=[('chapter', '指南章节'), ('site_page', '本站页面')], default='chapter', editable=False, max_length=10, verbose_name='类型'),
        ),
        migrations.AddField(
            model_name='historicalguidepart',
            name='kind',
            field=models.CharField(choices=[('chapter', '指南章节'), ('site_page', '本站页面')], default='chapter', editable=False, max_length=10, verbose_name='类型'),
        ),
    ]
