from django import template
from django.urls import reverse

from funds.navigation import SECTION_MENU

register = template.Library()


@register.simple_tag(takes_context=True)
def funds_menu(context: template.Context) -> list[tuple[str, str]]:
    """(label, url) of the fund pages the signed-in user's role may open."""
    role = getattr(context["request"].user, "role", None)
    return [(str(label), reverse(name)) for label, name, roles in SECTION_MENU if role in roles]
