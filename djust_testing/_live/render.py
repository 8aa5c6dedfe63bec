"""Renders of a mounted view besides the page: djust's newest render, and Django's.

``latest_render`` is the dj-root HTML djust last rendered (what it would
send a page that asks to recover). ``render_python`` renders the view's
template with Django's template engine over the context djust renders
with (the view's context, context processors, the same csrf token), then
takes the same steps djust applies to its own output, down to the same
dj-root content.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.template.backends.django import DjangoTemplates

from . import djust
from .transport import RecordingTransport


def latest_render(view: Any, transport: RecordingTransport) -> str:
    """The dj-root HTML of djust's newest render, as djust sends it to a recovering page."""
    html = transport.latest_html
    if html is None:
        raise AssertionError("djust has not rendered this view yet")
    return html if transport.latest_html_is_fragment else djust.page_html(view, html)


def django_engine() -> DjangoTemplates:
    for backend in engines.all():
        if isinstance(backend, DjangoTemplates):
            return backend
    raise ImproperlyConfigured(
        'The "python" render engine renders with Django\'s template engine, but TEMPLATES '
        "has no django.template.backends.django.DjangoTemplates backend."
    )


def render_python(view: Any) -> str:
    return djust.page_html(view, render_document(view))


def render_document(view: Any) -> str:
    """The whole page (the layout around the dj-root too) as Django's engine renders it now."""
    backend = django_engine()
    inline = getattr(view, "template", None)
    template = (
        backend.from_string(inline)
        if isinstance(inline, str) and inline
        else backend.get_template(view.template_name)
    )
    # A plain context (request=None): a RequestContext would run the context
    # processors again over the view's values, which djust never lets them do.
    return str(template.render(djust.template_context(view), request=None))
