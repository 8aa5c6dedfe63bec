"""What one action sent the browser, besides the render, and assertions over it.

Each assertion reads the frames of the newest action only. When it fails it
lists everything that action did send, so the failure explains itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from .._browser.navigation import DEFAULT_ORIGIN, leaves_site
from .._diff import short_json
from .._live.action import Action, Frame, StreamOperation
from .matching import containment_mismatch, mismatch


def _subset_mismatch(expected: Mapping[str, Any], actual: Any) -> str | None:
    """A payload, params or item subset: its keys with equal values, never a substring."""
    return containment_mismatch(expected, actual, top=False)


# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def _short(value: Any) -> str:
    return short_json(value, 200, sort_keys=True)


def describe(action: Action) -> str:
    """Everything ``action`` sent, one line per frame or stream operation."""
    label = action.kind + (f" {action.name!r}" if action.name else "")
    lines: list[str] = []
    for frame in action.frames:
        kind = frame.get("type")
        if kind in ("patch", "html_update", "mount", "noop"):
            detail = ""
            if kind == "patch":
                detail = f" ({len(frame.get('patches') or [])} DOM patches)"
            lines.append(f"{kind}{detail}")
        elif kind == "push_event":
            lines.append(f"push_event {frame.get('event')!r} {_short(frame.get('payload'))}")
        elif kind == "navigation":
            lines.append(f"navigation {navigation_summary(frame)}")
        elif kind == "flash":
            words = [str(frame.get("action"))]
            words += [
                repr(frame[key]) for key in ("level", "message") if frame.get(key) is not None
            ]
            lines.append("flash " + " ".join(words))
        else:
            lines.append(f"{kind} {_short({k: v for k, v in frame.items() if k != 'type'})}")
    for navigation in action.browser_navigations:
        lines.append(f"browser navigation {navigation_summary(navigation)}")
    for operation in action.stream_operations:
        line = f"{operation.type} {operation.stream!r} dom_id={operation.dom_id!r}"
        if operation.type == "stream_insert":
            line += f" item={_short(operation.item)}"
        lines.append(line)
    body = "\n".join("  " + line for line in lines) or "  (nothing)"
    return f"The last action ({label}) sent:\n{body}"


def failure(message: str, action: Action) -> AssertionError:
    return AssertionError(f"{message}\n{describe(action)}")


# ------------------------------------------------------------------ push events


def push_events(action: Action) -> list[tuple[str, Any]]:
    return [(str(f.get("event")), f.get("payload")) for f in action.frames_of("push_event")]


def _push_matches(name: str, params: Mapping[str, Any] | None, event: tuple[str, Any]) -> bool:
    sent_name, payload = event
    return sent_name == name and (params is None or _subset_mismatch(params, payload) is None)


def _wanted_push(name: str, params: Mapping[str, Any] | None) -> str:
    return f"push event {name!r}" + (f" with payload containing {_short(params)}" if params else "")


def assert_push_event(action: Action, name: str, params: Mapping[str, Any] | None) -> None:
    if not any(_push_matches(name, params, event) for event in push_events(action)):
        raise failure(f"Expected the last action to send a {_wanted_push(name, params)}.", action)


def refute_push_event(action: Action, name: str, params: Mapping[str, Any] | None) -> None:
    if any(_push_matches(name, params, event) for event in push_events(action)):
        raise failure(
            f"Expected the last action not to send a {_wanted_push(name, params)}.", action
        )


# ------------------------------------------------------------------- navigation


def navigation_summary(frame: Frame) -> str:
    parts = [str(frame.get("action"))]
    for key in ("path", "params", "replace"):
        if key in frame:
            parts.append(f"{key}={frame[key]!r}")
    return " ".join(parts)


def navigations(action: Action, kind: str) -> list[Frame]:
    """The ``kind`` navigations of the action: djust's frames, then the browser's own."""
    frames = action.frames_of("navigation") + action.browser_navigations
    return [frame for frame in frames if frame.get("action") == kind]


def assert_navigation(
    action: Action,
    kind: str,
    url_for: Any,
    path: str | None,
    params: Mapping[str, Any] | None,
) -> str:
    """The URL of the ``kind`` navigation matching ``path`` and ``params``, or fail.

    ``path`` alone (``/dashboard/``) matches this site only; an absolute URL
    (``https://other.example/x/``, ``//other.example/x/``) matches that
    site's path.
    """
    frames = navigations(action, kind)
    urls = [str(url_for(frame)) for frame in frames]
    for frame, url in zip(frames, urls, strict=True):
        if path is not None and not _same_place(url, path):
            continue
        if params is not None and _subset_mismatch(params, frame.get("params") or {}):
            continue
        return url
    wanted = kind + (f" to {path!r}" if path is not None else "")
    if params is not None:
        wanted += f" with params containing {_short(params)}"
    message = f"Expected the last action to send a {wanted}."
    if urls:
        message += "\nThe browser goes to: " + ", ".join(_full(url) for url in urls)
    raise failure(message, action)


def _full(url: str) -> str:
    return urljoin(DEFAULT_ORIGIN + "/", url)


def _same_place(url: str, path: str) -> bool:
    """Whether the browser at ``url`` is where ``path`` says: its site, then its path."""
    wanted = urlsplit(path)
    if not (wanted.scheme or wanted.netloc):
        return not leaves_site(url) and urlsplit(url).path == wanted.path
    here, there = urlsplit(_full(url)), urlsplit(_full(path))
    return (here.scheme, here.netloc, here.path) == (there.scheme, there.netloc, there.path)


def refute_navigation(action: Action, kind: str) -> None:
    if navigations(action, kind):
        raise failure(f"Expected the last action not to send a {kind}.", action)


# ----------------------------------------------------------------------- flash


def flashes(action: Action) -> list[tuple[str, str]]:
    """The flash messages the last action left on screen, as (level, message)."""
    shown: list[tuple[str, str]] = []
    for frame in action.frames_of("flash"):
        level = str(frame.get("level", ""))
        if frame.get("action") == "put":
            shown.append((level, str(frame.get("message", ""))))
        elif frame.get("action") == "clear":
            shown = [entry for entry in shown if frame.get("level") not in (None, entry[0])]
    return shown


def assert_flash(
    action: Action, kind: str, message_substring: str, *, view_name: str, shown: bool
) -> None:
    """``action`` left a ``kind`` flash containing ``message_substring``, on a page that shows it.

    ``shown``: the view's page has the flash container djust's client needs.
    """
    if not any(level == kind and message_substring in text for level, text in flashes(action)):
        wanted = f"a {kind!r} flash containing {message_substring!r}"
        raise failure(f"Expected the last action to show {wanted}.", action)
    if not shown:
        raise failure(
            f"djust sent the {kind!r} flash, but {view_name}'s page has no flash container "
            "({% dj_flash %}), so the browser drops it.",
            action,
        )


def refute_flash(action: Action, kind: str | None) -> None:
    if any(kind in (None, level) for level, _text in flashes(action)):
        which = f"{kind!r} flash" if kind else "flash"
        raise failure(f"Expected the last action to show no {which}.", action)


# --------------------------------------------------------------------- streams


def stream_operations(action: Action, kind: str, stream: str) -> list[StreamOperation]:
    return [op for op in action.stream_operations if op.type == kind and op.stream == stream]


def item_mismatch(expected: Any, item: Any) -> str | None:
    """A dict of expected fields against a stream item (mapping or object); else equality."""
    if isinstance(expected, Mapping):
        if isinstance(item, Mapping):
            return _subset_mismatch(expected, item)
        for key, value in expected.items():
            if not hasattr(item, str(key)):
                return f"item has no {key!r}"
            found = containment_mismatch(value, getattr(item, str(key)), f"[{key!r}]", top=False)
            if found:
                return found
        return None
    return mismatch(expected, item)


def assert_stream_insert(action: Action, stream: str, item: Any) -> None:
    inserts = stream_operations(action, "stream_insert", stream)
    if not any(item is None or item_mismatch(item, op.item) is None for op in inserts):
        wanted = f"an insert into stream {stream!r}"
        if item is not None:
            wanted += f" of an item matching {item!r}"
        raise failure(f"Expected the last action to send {wanted}.", action)


def assert_stream_delete(
    action: Action, stream: str, item_or_dom_id: Any, dom_id: str | None
) -> None:
    """``action`` deleted the item (``dom_id`` is djust's id for it) from ``stream``."""
    deleted = {op.dom_id for op in stream_operations(action, "stream_delete", stream)}
    given = item_or_dom_id if isinstance(item_or_dom_id, str) else None
    if given not in deleted and dom_id not in deleted:
        raise failure(
            f"Expected the last action to delete {item_or_dom_id!r} from stream {stream!r}.",
            action,
        )
