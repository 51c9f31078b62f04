"""Mail the reminders that are due: a deadline the buyer gave the seller has passed, or the
platform has had its time to answer an appeal (cases/services/reminders.py).

Run every 10 minutes from a systemd timer or cron (docs/DEPLOY.md, "Reminder mail"), on one
box or on several at once: each reminder is claimed in the database before it is sent, so
it goes out at most once whichever box runs first, and a run killed mid-way never resends.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "发送到期的提醒邮件（给商家的期限已过、平台该答复申诉了）。每条提醒最多发一次。"

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            # The mail links to the buyer's page: without the site's address it would not.
            raise CommandError("DJANGO_SITE_URL is not set (e.g. https://example.com).")
        report = send_due_reminders()
        self.stdout.write(f"发出 {report.sent} 封提醒邮件，{report.failed} 封没有发出。")
        if report.failed:
            self.stderr.write(
                f"{report.failed} 封提醒没有发出（见日志）；邮件服务器出错的，下次运行会再试。"
            )
        if report.unconfirmed:
            self.stderr.write(
                f"{report.unconfirmed} 封提醒已认领但没有确认发出（上次运行中途被终止，"
                "或收件地址被拒）。它们不会重发：宁可少发一封，也不重复发。"
            )
