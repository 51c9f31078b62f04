"""How many answers one client address may send an hour (settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP).

The counter is keyed by an HMAC of the address and forgotten after its hour
(config/ratelimit.py); the answers themselves never hold the address.
"""

from django.conf import settings
from django.http import HttpRequest

from config.ratelimit import Limit, client_address, hit


def feedback_refusal(request: HttpRequest) -> str | None:
    """Count one answer or sentence; return why it may not be sent now, or None."""
    limit = Limit("feedback:ip", client_address(request), settings.QUOTA_FEEDBACK_PER_HOUR_PER_IP)
    refused = hit(limit)
    if refused is None:
        return None
    return (
        f"这个网络地址这一小时里提交的反馈太多了，请 {refused.minutes} 分钟后再试。"
        "谢谢你愿意告诉我们。"
    )
