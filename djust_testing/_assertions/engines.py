"""The render engines behind ``render()``: djust's Rust output, Django's, or both compared.

* ``rust``: the dj-root DOM the browser holds: djust's mount HTML with every
  patch djust sent since applied, checked against djust's own render after
  each action. No extra render happens, so reading it changes nothing
  (temporary assigns, the VDOM baseline).
* ``python``: Django's template engine over the context djust renders with.
* ``compare``: both, failing with a diff when their normalized HTML differs,
  which catches a template the Rust engine renders differently from Django.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import conf
from .._browser import markup
from .._diff import text_diff

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def assert_engines_agree(
    view_name: str, page_html: str, render_python: Callable[[], str], after: str = ""
) -> None:
    """Django's render of the page equals the page djust's engine made, normalized."""
    expected, actual = markup.normalize(render_python()), markup.normalize(page_html)
    if expected != actual:
        when = f"After the {after}, " if after else ""
        raise AssertionError(
            f"{when}djust's Rust engine renders {view_name} differently from Django's "
            "template engine (normalized HTML):\n"
            + text_diff(expected, actual, "django (python)", "djust (rust)")
        )


def render(
    view_name: str, page_html: str, render_python: Callable[[], str], engine: str | None, raw: bool
) -> str:
    """The page by ``engine``; ``page_html`` is what the browser holds (the rust engine's)."""
    name = (
        conf.render_engine()
        if engine is None
        else conf.validate_render_engine(engine, source="render(engine=...)")
    )
    if name == "compare":
        assert_engines_agree(view_name, page_html, render_python)
    html = render_python() if name == "python" else page_html
    return html if raw else markup.strip_bookkeeping(html)
