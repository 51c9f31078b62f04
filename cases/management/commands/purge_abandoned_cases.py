"""Delete cases started without an account whose browser session no longer exists.

Such a case can never be opened again (only its session could), yet it would keep the
buyer's order details and evidence files forever. Run daily after `clearsessions`, e.g.
from cron: `python manage.py purge_abandoned_cases`; `--dry-run` only counts them.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.selectors.purge import abandoned_anonymous_cases
from cases.services.record import cases_delete

# A case younger than this is spared: its session may still be being created.
GRACE = timedelta(days=1)


class Command(BaseCommand):
    help = "删除没有账号、浏览器会话已经失效的案件（连同证据文件）：没有人能再打开它们。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除。")

    def handle(self, *args, dry_run: bool, **options):
        cases = abandoned_anonymous_cases(inactive_before=timezone.now() - GRACE)
        if dry_run:
            self.stdout.write(f"找到 {len(cases)} 个会话已失效的匿名案件（试运行，没有删除）。")
            return
        deleted = cases_delete(cases=cases)
        self.stdout.write(self.style.SUCCESS(f"删除了 {deleted} 个会话已失效的匿名案件。"))
