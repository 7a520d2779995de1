"""The notices' part of other apps' pages: a unit's group robots on the unit's page."""

from django import template

from gonghui.org.rules import can

from ..forms import WebhookForm

register = template.Library()


@register.inclusion_tag("notify/_unit_webhooks.html", takes_context=True)
def unit_webhooks(context, unit):
    manages = can(context["request"].user, "org.manage_units", unit)
    return {
        "unit": unit,
        "may_manage_units": manages,
        "webhooks": unit.webhooks.all() if manages else [],
        "webhook_form": WebhookForm() if manages else None,
        "csrf_token": context.get("csrf_token"),
    }
