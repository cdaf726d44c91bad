"""``{% state_actions machine obj url %}``: the buttons of the workflow actions the signed-in user
may take on ``obj`` now, asked of the machine (templates never re-encode a workflow). One form
posts ``action`` (and ``comment`` when an action asks for one) to ``url``."""

from typing import Any, cast

from django import template
from django.db.models import Field, Model

from seoul_se.core.workflow import StateMachine

register = template.Library()


@register.inclusion_tag("partials/state_actions.html", takes_context=True)
def state_actions(
    context: template.Context, machine: StateMachine, obj: Model, url: str
) -> dict[str, Any]:
    request = context.get("request")
    actions = machine.allowed_actions(obj, getattr(request, "user", None))
    return {
        "actions": actions,
        "url": url,
        "prefix": f"{obj._meta.model_name}-{obj.pk}",
        "comment_box": any(action.comment_box for action in actions),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def status_label(code: str, obj: Model) -> str:
    """``{{ t.to_status|status_label:loan }}``: the label of a status code kept raw (transitions,
    proposals) among ``obj``'s status choices, as ``get_status_display`` would show it."""
    if not code:
        return ""
    status = cast(Field, obj._meta.get_field("status"))
    return str(dict(status.flatchoices).get(code, code))
