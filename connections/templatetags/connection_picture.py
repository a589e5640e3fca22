"""``{% connection_picture %}``: the SVG picture of the connection in the context (its page
includes it with one line, so the page's own view stays as it is)."""

from django import template

from connections.setup.picture import connection_picture as build_picture

register = template.Library()


@register.inclusion_tag("connections/setup/connection_picture.html", takes_context=True)
def connection_picture(context):
    return {"picture": build_picture(context["plan"], context["connection"])}
