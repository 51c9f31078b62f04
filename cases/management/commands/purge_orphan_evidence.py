"""Remove evidence files that no evidence row points to.

A worker killed mid-request (or a crash between a committed delete and the file's
removal) can leave a file behind. Run daily, e.g. from cron:
`python manage.py purge_orphan_evidence`; `--dry-run` only lists them.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.selectors.purge import orphan_evidence_files
from cases.services.record import evidence_files_delete


class Command(BaseCommand):
    help = "删除证据存储里没有任何证据记录指向的文件（孤儿文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出这些文件，不删除。")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24.0,
            help="只处理超过这么多小时没有改动的文件（默认 24），正在上传的文件不会被误删。",
        )

    def handle(self, *args, dry_run: bool, min_age_hours: float, **options):
        if not 0 <= min_age_hours < 24 * 365 * 10:
            raise CommandError("--min-age-hours 要在 0 到 87600 之间。")
        cutoff = timezone.now() - timedelta(hours=min_age_hours)
        names = orphan_evidence_files(storage=default_storage, modified_before=cutoff)
        for name in names:
            self.stdout.write(name)
        if dry_run:
            self.stdout.write(f"找到 {len(names)} 个孤儿文件（试运行，没有删除）。")
            return
        deleted = evidence_files_delete(storage=default_storage, names=names)
        self.stdout.write(self.style.SUCCESS(f"删除了 {deleted} 个孤儿文件。"))
