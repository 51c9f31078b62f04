# Reserved while helpers work in parallel; filled in (or removed) before landing.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_record"),
    ]

    operations = []
