"""Where the client's address is when the site runs behind reverse proxies.

Behind nginx or a load balancer every request comes from the nearest proxy's address, so
login throttling keyed on username+IP would lock a username for everyone. Each proxy
appends the address it received from to X-Forwarded-For and the nearest one is
REMOTE_ADDR, so with N proxies the client is the N-th entry from the right; entries
further left are whatever the client chose to send and are not trusted. django-axes asks
django-ipware for that position.
"""


def client_ip_settings(proxy_count: int) -> dict[str, object]:
    """Return the axes/ipware settings for a site behind proxy_count proxies ({} for none)."""
    if proxy_count <= 0:
        return {}  # axes' default: REMOTE_ADDR, the peer itself
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        # ipware counts only the proxies listed in the header; the nearest is REMOTE_ADDR.
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,
        # Not strict: a longer chain forged by the client still yields the trusted entry.
        "IPWARE_STRICT": False,
    }
