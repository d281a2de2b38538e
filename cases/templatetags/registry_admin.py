"""Template tags of the registry's admin pages."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from cases.admin.base import date_hierarchy

register = template.Library()


@register.tag(name="registry_date_hierarchy")
def date_hierarchy_tag(parser, token):
    """Django's `date_hierarchy` tag, with the hierarchy reused until the registry changes."""
    return InclusionAdminNode(
        parser, token, func=date_hierarchy, template_name="date_hierarchy.html", takes_context=False
    )
