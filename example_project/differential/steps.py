"""Steps: one thing a user (or the world) does, as each side does it.

Each step has a production half (``production.Production``: jsdom running
djust's client JS against the real consumer) and a client half (``ClientSide``:
djust_testing's public API, as a test author writes it). Both halves return an
``Observation``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve
from djust import LiveView
from djust_testing import (
    ConnectionClosedError,
    EventRejectedError,
    LiveViewTestClient,
    MountDeniedError,
    MountRedirectedError,
    send_db_notification,
)

from .observe import Observation, control_line, normalize_frames, view_attrs
from .production import ORIGIN, REDIRECT_CODES, Production

# ------------------------------------------------------------ the client side


class _Controls(HTMLParser):
    """The form controls of the client's page, with a selector each."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str, str]] = []  # tag, name or id, type, selector

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("input", "select", "textarea"):
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            selector = f"#{values['id']}"
        elif values.get("name"):
            selector = f'{tag}[name="{values["name"]}"]'
        else:
            return
        self.found.append(
            (
                tag,
                values.get("name") or values.get("id", ""),
                values.get("type", "").lower(),
                selector,
            )
        )


class ClientSide:
    """djust_testing's client driven through its public API only."""

    def __init__(self, test: Any) -> None:
        self.test = test
        self.live: LiveViewTestClient | None = None
        #: Where the last action sent the browser (live_redirect / navigate), for Follow.
        self.pending_navigation: str | None = None

    def observe(
        self,
        label: str,
        before: Any,
        *,
        outcome: str | None = None,
        errors: list[str] | None = None,
    ) -> Observation:
        obs = Observation(label, outcome=outcome, errors=list(errors or []))
        live = self.live
        if live is None:
            return obs
        try:
            obs.state = live.get_state()
            obs.view_attrs = view_attrs(live.view_instance)
        except Exception as exc:
            obs.errors.append(f"get_state() raised {type(exc).__name__}: {exc}")
        try:
            html = live.render(raw=True)
        except Exception as exc:
            obs.errors.append(f"render() raised {type(exc).__name__}: {exc}")
        else:
            obs.page = html
            obs.controls = self._controls(live, html)
        try:
            obs.url = live.url
            obs.title = live.page_title
        except Exception as exc:
            obs.errors.append(f"url/page_title raised {type(exc).__name__}: {exc}")
        action = live.last_action
        if action is not before:
            obs.received = normalize_frames(list(action.frames))
            obs.sent = normalize_frames(action.sent_frames)
            for frame in action.frames:
                navigation = _navigation_target(frame)
                if navigation is not None:
                    self.pending_navigation = navigation
                    if obs.outcome is None:
                        obs.outcome = f"left for {navigation}"
        return obs

    @staticmethod
    def _controls(live: LiveViewTestClient, html: str) -> list[str]:
        parser = _Controls()
        parser.feed(html)
        lines = []
        for tag, name, kind, selector in parser.found:
            try:
                element = live.element(selector)
                if tag == "input" and kind in ("checkbox", "radio"):
                    value = "checked" if element.checked else "not checked"
                else:
                    value = element.value
            except Exception as exc:
                value = f"<{type(exc).__name__}>"
            lines.append(control_line(tag, name, value))
        return lines

    def run(self, label: str, action: Any) -> Observation:
        """Run ``action()`` on the client; a refusal djust sends is no exception here."""
        before = self.live.last_action if self.live is not None else None
        outcome, errors = None, []
        try:
            action()
        except (EventRejectedError, MountDeniedError):
            pass  # the error frame djust sent is in the frames compared
        except ConnectionClosedError as exc:
            outcome = f"socket closed {exc.code}"
        except MountRedirectedError as exc:
            outcome = f"left for {exc.url}"
            self.pending_navigation = exc.url
        except Exception as exc:
            errors.append(f"the client raised {type(exc).__name__}: {exc}")
        return self.observe(label, before, outcome=outcome, errors=errors)

    def open(self, label: str, path: str) -> Observation:
        """``self.live(path)``; where the page redirects, the browser loads where it went."""
        self.live = None
        outcome, errors = None, []
        try:
            self.live = self.test.live(path)
        except MountRedirectedError as exc:
            landed = self._http(label, _path(urljoin(ORIGIN + path, exc.url)))
            landed.outcome = f"left for {exc.url}"
            return landed
        except MountDeniedError as exc:
            outcome = f"refused: {exc}"
        except Exception as exc:
            errors.append(f"self.live({path!r}) raised {type(exc).__name__}: {exc}")
        obs = self.observe(label, None, outcome=outcome, errors=errors)
        if self.live is None:
            obs.url = path
        return obs

    def follow(self, label: str) -> Observation:
        """follow_redirect(), then what the browser does with the HTTP response."""
        live, target = self.live, self.pending_navigation
        self.pending_navigation = None
        if live is None:
            if target is None:
                return Observation(label, outcome="no navigation to follow")
            return self._http(label, target)
        try:
            followed = live.follow_redirect()
        except Exception as exc:
            return Observation(
                label, errors=[f"follow_redirect() raised {type(exc).__name__}: {exc}"]
            )
        if isinstance(followed, LiveViewTestClient):
            self.live = followed
            return self.observe(label, None)
        # Another page: the browser loads it, following its redirects.
        self.live = None
        response, url = followed, target or live.url
        for _ in range(10):
            if response.status_code not in REDIRECT_CODES:
                break
            url = _path(urljoin(ORIGIN + url, response["Location"]))
            response = self.test.client.get(url)
        return self._landed(label, url, response)

    def _http(self, label: str, url: str) -> Observation:
        response = self.test.client.get(url)
        for _ in range(10):
            if response.status_code not in REDIRECT_CODES:
                break
            url = _path(urljoin(ORIGIN + url, response["Location"]))
            response = self.test.client.get(url)
        return self._landed(label, url, response)

    def _landed(self, label: str, url: str, response: Any) -> Observation:
        if response.status_code == 200 and _is_live_view(url):
            return self.open(label, url)
        return Observation(label, url=url, outcome=f"HTTP {response.status_code} at {url}")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _is_live_view(url: str) -> bool:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, LiveView)


def _navigation_target(frame: dict[str, Any]) -> str | None:
    """Where a frame sends the browser to another page, as djust's JS computes it."""
    if frame.get("type") == "navigate":
        return str(frame.get("to"))
    if frame.get("type") == "navigation" and frame.get("action") == "live_redirect":
        path = str(frame.get("path") or "")
        params = frame.get("params") or {}
        if params:
            from urllib.parse import urlencode

            path += ("&" if "?" in path else "?") + urlencode(params)
        return path
    return None


# ------------------------------------------------------------------- steps


@dataclass
class Step:
    label: str

    async def production(self, p: Production) -> Observation:
        raise NotImplementedError

    def client(self, c: ClientSide) -> Observation:
        raise NotImplementedError

    def describe(self) -> str:
        return self.label


@dataclass
class Open(Step):
    path: str = "/"

    async def production(self, p: Production) -> Observation:
        return await p.open(self.label, self.path)

    def client(self, c: ClientSide) -> Observation:
        return c.open(self.label, self.path)


@dataclass
class Click(Step):
    selector: str = ""

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "click", selector=self.selector)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).element(self.selector).click())


@dataclass
class Change(Step):
    """The user types ``value`` into a field and leaves it (Tab): its dj-change fires.

    In the browser a text field's change event fires as the user commits the
    value by leaving the field, so the field is no longer focused afterwards
    (a select or checkbox fires it at once and keeps the focus). The client
    side is ``element(selector).change(value)``.
    """

    selector: str = ""
    value: str = ""

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "change", selector=self.selector, value=self.value)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).element(self.selector).change(self.value))


@dataclass
class Input(Step):
    """The user types ``value`` into a field and stays in it: its ``dj-model`` and ``dj-input``."""

    selector: str = ""
    value: str = ""

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "input", selector=self.selector, value=self.value)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).element(self.selector).input(self.value))


@dataclass
class Tick(Step):
    """The user clicks a checkbox or radio: it flips, then input and change fire."""

    selector: str = ""

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "tick", selector=self.selector)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).element(self.selector).change())


@dataclass
class HookPush(Step):
    """A click on the element of a ``dj-hook`` whose ``mounted()`` listens for it and calls
    ``this.pushEvent(event, payload)``; the client sends ``push_hook_event(event, payload)``."""

    selector: str = ""
    event: str = ""
    payload: dict[str, Any] = field(default_factory=dict)

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "click", selector=self.selector)

    def client(self, c: ClientSide) -> Observation:
        element = _live(c).element(self.selector)
        return c.run(self.label, lambda: element.push_hook_event(self.event, self.payload))


@dataclass
class Poll(Step):
    """The page becomes visible again: djust's client fires each ``dj-poll``; ``poll()``."""

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "show_page")

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).poll())


#: Input types a user does not type into (js/browser.mjs isTextField).
NOT_TYPED = ("checkbox", "radio", "button", "submit", "reset", "file", "image", "hidden")


@dataclass
class FillAndSubmit(Step):
    """The user types into the fields in turn, then presses Enter in the last one.

    In the browser each field's change event fires as the user leaves it (and
    Enter commits the last one) before the submit; the client side is
    ``form(selector, data).submit(enter=<the last field>)``. Where the last
    field is no text input (Enter in a select submits nothing), the form is
    submitted as ``requestSubmit()`` does: ``form(selector, data).submit()``.
    """

    form: str = "form"
    data: dict[str, str] = field(default_factory=dict)

    async def production(self, p: Production) -> Observation:
        fields = [[f'{self.form} [name="{name}"]', value] for name, value in self.data.items()]
        return await p.act(self.label, "fill_and_submit", form=self.form, fields=fields)

    def client(self, c: ClientSide) -> Observation:
        live = _live(c)
        last = list(self.data)[-1]
        field = live.element(f'{self.form} [name="{last}"]')
        typed = field.tag == "input" and field.attrs.get("type", "text") not in NOT_TYPED
        form = live.form(self.form, self.data)
        return c.run(self.label, lambda: form.submit(enter=last) if typed else form.submit())


@dataclass
class Submit(Step):
    form: str = "form"

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "submit", selector=self.form)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).form(self.form).submit())


@dataclass
class Event(Step):
    """An event with these params, as ``window.djust.handleEvent`` sends it / ``send_event``."""

    name: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "handle_event", name=self.name, params=self.params)

    def client(self, c: ClientSide) -> Observation:
        return c.run(
            self.label, lambda: _live(c).send_event(self.name, raise_errors=False, **self.params)
        )

    def describe(self) -> str:
        return f"{self.label}: {self.name}({json.dumps(self.params, ensure_ascii=False)})"


@dataclass
class Async(Step):
    """djust's start_async work finishes: the browser gets it; the client runs render_async()."""

    async def production(self, p: Production) -> Observation:
        return await p.background_work_done(self.label)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).render_async(raise_errors=False))


@dataclass
class History(Step):
    """Back (-1) or forward (+1) in the browser's history; the client patches to ``url``."""

    delta: int = -1
    url: str = "/"

    async def production(self, p: Production) -> Observation:
        return await p.act(self.label, "history", delta=self.delta)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: _live(c).patch(self.url))


@dataclass
class Notify(Step):
    """A database NOTIFY on ``channel`` (production: djust's listener; client:
    ``send_db_notification()``, which sends what the listener sends)."""

    channel: str = ""
    payload: dict[str, Any] = field(default_factory=dict)

    async def production(self, p: Production) -> Observation:
        return await p.notify(self.label, self.channel, self.payload)

    def client(self, c: ClientSide) -> Observation:
        return c.run(self.label, lambda: send_db_notification(self.channel, self.payload))


@dataclass
class Follow(Step):
    """The browser goes where djust sent it (production: the page; client: follow_redirect())."""

    async def production(self, p: Production) -> Observation:
        return await p.follow(self.label)

    def client(self, c: ClientSide) -> Observation:
        return c.follow(self.label)


@dataclass
class HttpPost(Step):
    """The same browser POSTs to ``path`` (a form of another tab: the page itself stays)."""

    path: str = "/"

    async def production(self, p: Production) -> Observation:
        return await p.http_post(self.label, self.path)

    def client(self, c: ClientSide) -> Observation:
        before = c.live.last_action if c.live is not None else None
        response = c.test.client.post(self.path)
        return c.observe(self.label, before, outcome=f"HTTP {response.status_code}")


def _live(c: ClientSide) -> LiveViewTestClient:
    if c.live is None:
        raise AssertionError("no page is mounted on the client side")
    return c.live
