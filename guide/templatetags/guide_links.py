from django import template

from guide import links

register = template.Library()


@register.simple_tag(takes_context=True)
def guide_url(context: template.Context, key: str) -> str:
    """Return the address of the guide chapter with this key: `{% guide_url 'refundable' %}`."""
    return links.guide_url(key, context.get("request"))
