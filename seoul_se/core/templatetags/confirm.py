"""``{% confirm_button label message url=… classes=… name=… value=… %}``: a submit button for an
irreversible step that asks first (modal with JavaScript, the confirmation page without).

Put it inside the step's own POST form (never a form with file inputs). ``url`` is where the
form posts (default: the current page, as ``action=""`` does); ``name``/``value`` are the
button's own (e.g. ``name="action" value="submit"``). See seoul_se/core/confirm.py.
"""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from seoul_se.core import confirm

register = template.Library()


@register.simple_tag(takes_context=True)
def confirm_button(
    context: template.Context,
    label: Any,
    message: Any,
    url: str = "",
    classes: str = "",
    name: str = "",
    value: Any = "",
    testid: str = "",
) -> SafeString:
    request = context.get("request") or getattr(context, "request", None)
    here = request.get_full_path() if request is not None else "/"
    token = confirm.sign(url or here, message, label, back=here, name=name, value=str(value))
    return format_html(
        '<button type="submit" formaction="{}" name="{}" value="{}"{}{} data-confirm="{}"'
        ' data-confirm-label="{}" data-confirm-name="{}" data-confirm-value="{}">{}</button>',
        reverse("core:confirm"),
        confirm.TOKEN_FIELD,
        token,
        format_html(' class="{}"', classes) if classes else "",
        format_html(' data-testid="{}"', testid) if testid else "",
        message,
        label,
        name,
        value,
        label,
    )
