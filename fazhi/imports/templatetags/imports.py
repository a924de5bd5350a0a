from django import template

from fazhi.imports.views import links

register = template.Library()


@register.inclusion_tag("imports/partials/links.html", takes_context=True)
def import_export_links(context, spec):
    request = context["request"]
    return {"links": links(spec, request.user, request.GET.urlencode()), "spec": spec}
