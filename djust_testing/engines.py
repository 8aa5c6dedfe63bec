"""The render engines behind ``render()``: djust's Rust output, Django's, or both compared.

* ``rust``: the dj-root DOM the browser holds: djust's mount HTML with every
  patch djust sent since applied, which the client checks against djust's own
  render after each action. No extra render happens, so reading it changes
  nothing (temporary assigns, the VDOM baseline).
* ``python``: Django's template engine over the context djust renders with
  (the view's context, context processors, the same csrf token), then the
  steps djust applies to its own output, down to the same dj-root content.
* ``compare``: both, failing with a diff when their normalized HTML differs,
  which catches a template the Rust engine renders differently from Django.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.template.backends.django import DjangoTemplates

from . import _djust, conf, markup
from .matching import text_diff
from .transport import RecordingTransport


def render(view: Any, page_html: str, engine: str | None, raw: bool) -> str:
    """``page_html`` is what the browser holds (the rust engine's output)."""
    name = (
        conf.render_engine()
        if engine is None
        else conf.validate_render_engine(engine, source="render(engine=...)")
    )
    if name == "compare":
        expected, actual = markup.normalize(render_python(view)), markup.normalize(page_html)
        if expected != actual:
            raise AssertionError(
                f"djust's Rust engine renders {type(view).__name__} differently from Django's "
                "template engine (normalized HTML):\n"
                + text_diff(expected, actual, "django (python)", "djust (rust)")
            )
    html = render_python(view) if name == "python" else page_html
    return html if raw else markup.strip_bookkeeping(html)


def latest_render(view: Any, transport: RecordingTransport) -> str:
    """The dj-root HTML of djust's newest render, as djust sends it to a recovering page."""
    html = transport.latest_html
    if html is None:
        raise AssertionError("djust has not rendered this view yet")
    return html if transport.latest_html_is_fragment else _djust.page_html(view, html)


def django_engine() -> DjangoTemplates:
    for backend in engines.all():
        if isinstance(backend, DjangoTemplates):
            return backend
    raise ImproperlyConfigured(
        'The "python" render engine renders with Django\'s template engine, but TEMPLATES '
        "has no django.template.backends.django.DjangoTemplates backend."
    )


def render_python(view: Any) -> str:
    backend = django_engine()
    inline = getattr(view, "template", None)
    template = (
        backend.from_string(inline)
        if isinstance(inline, str) and inline
        else backend.get_template(view.template_name)
    )
    # A plain context (request=None): a RequestContext would run the context
    # processors again over the view's values, which djust never lets them do.
    html = template.render(_djust.template_context(view), request=None)
    return _djust.page_html(view, html)
