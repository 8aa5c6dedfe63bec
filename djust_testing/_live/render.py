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
from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates

from ..exceptions import DjustTestingError
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
    """The view's page by Django's template engine, over the view's state now."""
    if getattr(view, "temporary_assigns", None):
        raise DjustTestingError(
            f"Django's template engine cannot render the page djust rendered for "
            f"{type(view).__name__}: it declares temporary_assigns, which djust resets "
            "right after each render. Use the rust engine for this view (render(), or "
            'DJUST_TESTING["RENDER_ENGINE"] for its tests).'
        )
    try:
        return djust.page_html(view, render_document(view))
    except TemplateSyntaxError as error:
        if "{% live_render %}" not in str(error):
            raise
        raise DjustTestingError(
            f"Django's template engine cannot render the page of {type(view).__name__} as djust "
            "did: it embeds a view with {% live_render %}, which mounts that view again on each "
            "render, and a render made for the test must not change what the page's view "
            "holds. Use the rust engine for this view (render(), or "
            'DJUST_TESTING["RENDER_ENGINE"] for its tests).'
        ) from error


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
    return str(template.render(django_context(view), request=None))


def django_context(view: Any) -> dict[str, Any]:
    """The context the view's template gets from Django: djust's, with the view's own values.

    djust serializes model instances and querysets for its Rust engine (a
    model becomes a dict); Django's engine renders the objects themselves,
    so each of the view's public attributes and declared fields goes in as
    it is. djust's additions (``<name>_count``, context processors, the csrf
    token) stay.
    """
    context = djust.template_context(view)
    own = [k for k in vars(view) if not k.startswith("_")] + djust.declared_fields(type(view))
    for name in own:
        if name in context:
            try:
                context[name] = getattr(view, name)
            except Exception:  # a field whose getter fails keeps djust's value
                continue
    return context
