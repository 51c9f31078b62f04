# Stage 5 — escalation: the complainant and respondent of the outside complaints.
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_wizard_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="complainant_name",
            field=models.CharField(blank=True, max_length=50, verbose_name="投诉人姓名"),
        ),
        migrations.AddField(
            model_name="case",
            name="complainant_phone",
            field=models.CharField(
                blank=True,
                max_length=30,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[0-9+\\- ]*\\Z", "电话号码只能包含数字、+、- 和空格。"
                    )
                ],
                verbose_name="投诉人电话",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="complainant_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="投诉人通讯地址"),
        ),
        migrations.AddField(
            model_name="case",
            name="respondent_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="被投诉人名称"),
        ),
        migrations.AddField(
            model_name="case",
            name="respondent_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="被投诉人地址"),
        ),
        migrations.AddField(
            model_name="case",
            name="complaint_request",
            field=models.CharField(blank=True, max_length=500, verbose_name="具体投诉请求"),
        ),
        migrations.AddField(
            model_name="case",
            name="appeal_unreasonable",
            field=models.BooleanField(default=False, verbose_name="认为平台的处理结果不合理"),
        ),
    ]
