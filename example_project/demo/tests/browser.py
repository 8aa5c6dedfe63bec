"""Drive the example in a real Chromium and compare it with the test client, step by step.

Used by ``test_browser.py``:

* ``ExampleServer``: the example project served by daphne (HTTP and
  WebSockets) in a process of its own, on a fresh SQLite database that a
  scenario's seed function fills. ``python -m demo.tests.browser --database
  PATH`` is that process; it prints ``listening on <port>`` once daphne
  accepts connections.
* ``Chromium`` and ``BrowserPage``: ``/usr/bin/chromium`` headless through
  Playwright, on a thread of its own. An init script hooks djust's client so
  that each frame it receives is logged with the dj-root HTML, the form
  controls' values, the URL and the title as they are once djust has handled
  it. A step waits for djust's reply to its own event (matched by ``ref``)
  and for as many frames as the test client got for the same step, then reads
  the page as that last frame left it: no sleeping, no guessing when the DOM
  has settled.
* ``canonical`` and ``client_controls``: the forms both sides are compared in.

Nothing here imports Django or Playwright at module level, so the server
process and a machine without Playwright can import it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

T = TypeVar("T")

CHROMIUM = Path("/usr/bin/chromium")
# Chromium runs as root on CI machines (no sandbox then) and must not reach for
# the network: background networking, component updates and sync are off.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = (1000, 700)  # width, height: screenshots are the viewport

EXAMPLE_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = EXAMPLE_DIR.parent
FIDELITY_DOC = REPO_DIR / "docs" / "fidelity.md"
SCREENSHOT_DIR = REPO_DIR / "docs" / "_static" / "fidelity"

# Hashing a password with Django's default hasher takes a good part of a second.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SERVER_START_TIMEOUT = 30.0
# How long a step waits for djust's reply (milliseconds).
REPLY_TIMEOUT_MS = 10_000
# A step whose frames differ in number from the test client's ends after this
# much silence (and the comparison of the frames' types reports it).
QUIET_MS = 1000


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[browser]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"there is no {CHROMIUM} (on Debian: apt-get install chromium)"
    return None


# ---------------------------------------------------------------- the server


class ExampleServer:
    """The example project under daphne in a subprocess, on its own fresh database.

    ``seed`` is the dotted path of a function that fills the database before
    the first request. The browser's side of a scenario runs against this
    database, the test client's side against the test database, each seeded
    the same way, so each side sees exactly what its own steps did.
    """

    def __init__(self, seed: str | None = None, *, debug: bool = False) -> None:
        self.seed = seed
        self.debug = debug
        self.port: int | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="djust-fidelity-"))
        self._log = (self._dir / "server.log").open("w+", encoding="utf-8")
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ExampleServer:
        command = [sys.executable, "-m", "demo.tests.browser", "--database"]
        command.append(str(self._dir / "db.sqlite3"))
        if self.seed:
            command += ["--seed", self.seed]
        if self.debug:
            command.append("--debug")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example.settings", "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen(
            command,
            cwd=EXAMPLE_DIR,
            env=env,
            # The server exits when this pipe closes: with the test process, however it ends.
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        stdout = self._process.stdout
        assert stdout is not None

        def read() -> None:  # all of it: a full pipe would block the server
            for line in stdout:
                lines.put(line)
            lines.put("")  # the server exited

        self._reader = threading.Thread(target=read, name="example-server-stdout", daemon=True)
        self._reader.start()
        try:
            line = lines.get(timeout=SERVER_START_TIMEOUT)
        except queue.Empty:
            line = ""
        if not line.startswith("listening on "):
            log = self.log()
            self.stop()
            raise RuntimeError(f"the example server did not start:\n{line}{log}")
        self.port = int(line.split()[-1])
        return self

    def log(self) -> str:
        """What the server wrote to stderr: Django's and daphne's logs, tracebacks."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read()

    def stop(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.close()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._reader is not None:
            self._reader.join(timeout=10)
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        self._log.close()
        shutil.rmtree(self._dir, ignore_errors=True)


def serve(argv: Sequence[str]) -> None:
    """The server process: migrate a fresh database, seed it, serve the example with daphne."""
    parser = argparse.ArgumentParser(prog="python -m demo.tests.browser")
    parser.add_argument("--database", required=True, help="SQLite file to create")
    parser.add_argument("--seed", help="dotted path of a function that fills the database")
    parser.add_argument("--debug", action="store_true", help="DEBUG = True")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = args.database
    # As the test client's side runs (Django's test runner sets DEBUG = False).
    settings.DEBUG = args.debug
    settings.PASSWORD_HASHERS = FAST_HASHERS

    import django

    django.setup()

    from django.core.management import call_command
    from django.utils.module_loading import import_string

    call_command("migrate", verbosity=0, interactive=False)
    if args.seed:
        import_string(args.seed)()

    from channels.routing import get_default_application
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from twisted.internet import reactor

    server = Server(
        application=ASGIStaticFilesHandler(get_default_application()),
        endpoints=["tcp:port=0:interface=127.0.0.1"],
    )

    def announce() -> None:
        if server.listening_addresses:
            print(f"listening on {server.listening_addresses[0][1]}", flush=True)
        else:
            reactor.callLater(0.01, announce)

    def exit_with_parent() -> None:
        sys.stdin.read()  # until the test process closes the pipe, or dies
        os._exit(0)

    threading.Thread(target=exit_with_parent, daemon=True).start()
    reactor.callLater(0, announce)
    server.run()


# --------------------------------------------------------------- the browser

# Runs in every document before the page's own scripts. djust's client
# publishes its WebSocket class as window.djust.LiveViewWebSocket before it
# creates the connection; the hook wraps two methods of that class:
# handleMessage(), which returns the promise of the frame's handling (djust
# handles frames one after another), and sendMessage(). After each frame is
# handled, the dj-root HTML, its form controls' values, the URL and the title
# are logged with the frame's type, ref and source.
HOOK_SCRIPT = """
(() => {
  if (window.__djustFidelity) return;
  const log = { frames: [], sent: [], hooked: false, lastFrameAt: 0 };
  Object.defineProperty(window, '__djustFidelity', { value: log });
  const root = () => document.querySelector('[dj-root]');
  // Form controls' current values (properties, which innerHTML leaves out).
  const controls = (container) => Array.from(
    container.querySelectorAll('input, select, textarea'),
    (el) => {
      const tag = el.tagName.toLowerCase();
      const type = (el.getAttribute('type') || '').toLowerCase();
      let value = el.value;
      if (tag === 'input' && (type === 'checkbox' || type === 'radio')) {
        value = el.checked ? 'checked' : 'not checked';
      } else if (tag === 'select' && el.multiple) {
        value = Array.from(el.selectedOptions, (option) => option.value).join(', ');
      }
      return `${tag} ${el.getAttribute('name') || el.id}: ${JSON.stringify(value)}`;
    },
  );
  const instrument = (cls) => {
    if (typeof cls !== 'function' || log.hooked) return;
    const proto = cls.prototype;
    const handle = proto.handleMessage;
    const send = proto.sendMessage;
    if (typeof handle !== 'function' || typeof send !== 'function') return;
    log.hooked = true;
    proto.handleMessage = function (data) {
      const frame = {
        type: data && data.type,
        ref: data && data.ref != null ? data.ref : null,
        source: (data && data.source) || null,
        action: (data && data.action) || null,
      };
      const done = handle.call(this, data);
      Promise.resolve(done).then(() => {
        const container = root();
        frame.html = container ? container.innerHTML : null;
        frame.controls = container ? controls(container) : [];
        frame.url = location.pathname + location.search;
        frame.title = document.title;
        log.frames.push(frame);
        log.lastFrameAt = performance.now();
      });
      return done;
    };
    proto.sendMessage = function (data) {
      log.sent.push(JSON.parse(JSON.stringify(data)));
      return send.call(this, data);
    };
  };
  const watch = (namespace) => {
    if (!namespace || typeof namespace !== 'object') return;
    let cls = namespace.LiveViewWebSocket;
    instrument(cls);
    Object.defineProperty(namespace, 'LiveViewWebSocket', {
      configurable: true,
      enumerable: true,
      get() { return cls; },
      set(value) { cls = value; instrument(value); },
    });
  };
  let djust = window.djust;
  watch(djust);
  Object.defineProperty(window, 'djust', {
    configurable: true,
    enumerable: true,
    get() { return djust; },
    set(value) { if (value !== djust) { djust = value; watch(value); } },
  });
})();
"""

# Frames that start what djust sends for one thing: a mount, a render (patch
# or full HTML: the reply to an event, which carries the event's ref, to a
# url_change, or an update djust started itself), any reply to an event. The
# frames after one (navigation, flash, push_event, page_metadata) belong to it.
_STARTS_GROUP = """
const startsGroup = (f) => f.ref !== null
  || ['mount', 'patch', 'html_update'].includes(f.type);
"""


@dataclass(frozen=True)
class BrowserState:
    """The page as djust left it after handling what one step caused."""

    html: str
    controls: tuple[str, ...]
    url: str
    title: str
    frames: tuple[str, ...]


class _Worker:
    """A thread of its own for Playwright.

    Playwright's sync API keeps an asyncio loop running on the thread that
    uses it, and Django then refuses ORM calls there as from async code. The
    test thread keeps Django (and the test client); Playwright runs here.
    """

    def __init__(self) -> None:
        self._calls: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="playwright", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            function, future = call
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(function())
                except BaseException as exc:
                    future.set_exception(exc)

    def run(self, function: Callable[[], T]) -> T:
        future: Future[T] = Future()
        self._calls.put((function, future))
        return future.result()

    def stop(self) -> None:
        self._calls.put(None)
        self._thread.join()


class Chromium:
    """One headless Chromium (Debian's), driven through Playwright, for a test class."""

    def __init__(self) -> None:
        self._worker = _Worker()
        try:
            self._playwright, self._browser = self._worker.run(self._launch)
        except BaseException:
            self._worker.stop()
            raise

    @staticmethod
    def _launch() -> tuple[Playwright, Browser]:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            return playwright, playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
            )
        except BaseException:
            playwright.stop()
            raise

    @property
    def version(self) -> str:
        return str(self._worker.run(lambda: self._browser.version))

    def open(self, base_url: str) -> BrowserPage:
        """A new page in a fresh context (no cookies, no storage) on ``base_url``."""

        def open_page() -> Page:
            context = self._browser.new_context(
                base_url=base_url,
                viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]},
                locale="en-US",
                timezone_id="UTC",  # djust gets it in the mount frame
            )
            context.add_init_script(HOOK_SCRIPT)
            return context.new_page()

        return BrowserPage(self._worker, self._worker.run(open_page))

    def close(self) -> None:
        try:
            self._worker.run(self._browser.close)
            self._worker.run(self._playwright.stop)
        finally:
            self._worker.stop()


class BrowserPage:
    """A page of the example, and what djust's client received and sent on it."""

    def __init__(self, worker: _Worker, page: Page) -> None:
        self._worker = worker
        self.page = page
        self.errors: list[str] = []
        # Every frame the page sent, across full page loads (the in-page log
        # starts again with each document).
        self.sent: list[dict[str, Any]] = []
        # The binary frames it sent (djust's client uploads files in them), in order.
        self.sent_binary: list[bytes] = []
        self._cursor = 0  # frames of this document already read by a step

        def listen() -> None:
            page.on("pageerror", lambda error: self.errors.append(str(error)))
            page.on("websocket", self._watch_socket)

        worker.run(listen)

    def _watch_socket(self, socket: Any) -> None:
        def sent(payload: str | bytes) -> None:
            if isinstance(payload, str):
                self.sent.append(json.loads(payload))
            else:
                self.sent_binary.append(bytes(payload))

        socket.on("framesent", sent)

    def close(self) -> None:
        self._worker.run(self.page.context.close)

    # -- steps (each runs on Playwright's thread)
    #
    # ``frames`` is how many frames the test client got from djust for the same
    # step: the browser's step is complete once it has handled that many (or a
    # later update has begun, or nothing has come for QUIET_MS).

    def load(self, path: str, frames: int) -> BrowserState:
        """Open ``path`` and wait until djust has mounted the view."""

        def load() -> BrowserState:
            self.page.goto(path)
            return self._wait_for_mount(frames)

        return self._worker.run(load)

    def act(
        self, action: Callable[[Page], object], frames: list[int], events: int = 1
    ) -> BrowserState:
        """Do ``action``; wait for djust's reply to each of the ``events`` it sends.

        ``frames`` is how many frames each reply is expected to hold (the test
        client's count for each event, in order); the state returned holds the
        frames of every reply, and the page after the last.
        """
        return self._worker.run(lambda: self._act(action, frames, events))

    def act_without_ref(self, action: Callable[[Page], object], frames: int) -> BrowserState:
        """Do ``action``, which sends an event with no ``ref`` (a hook's ``pushEvent``, which
        writes to the socket itself); wait for djust's answer, which has no ref either."""

        def act() -> BrowserState:
            action(self.page)
            return self._wait_for_group(
                "f.ref === null && f.source === 'event'",
                frames,
                "djust's answer to an event sent without a ref",
            )

        return self._worker.run(act)

    def navigate(self, action: Callable[[Page], object], path: str, frames: int) -> BrowserState:
        """Do ``action``, which makes the browser load ``path``; wait for its mount."""

        def navigate() -> BrowserState:
            action(self.page)
            self.page.wait_for_url(f"**{path}")
            return self._wait_for_mount(frames)

        return self._worker.run(navigate)

    def history(self, action: Callable[[Page], object], frames: int) -> BrowserState:
        """Do ``action`` (back, forward), which makes djust's client send a url_change."""

        def history() -> BrowserState:
            action(self.page)
            return self._wait_for_group("f.ref === null", frames, "djust's reply to a url_change")

        return self._worker.run(history)

    def upload(
        self, selector: str, files: list[tuple[str, bytes, str]], frames: int
    ) -> BrowserState:
        """Choose ``files`` (name, content, type) in the file input; wait for ``frames`` answers."""

        def upload() -> BrowserState:
            chosen = [{"name": n, "mimeType": t, "buffer": c} for n, c, t in files]
            self.page.set_input_files(selector, files=chosen)
            return self._wait_for_frames(frames, "djust's answers to the upload")

        return self._worker.run(upload)

    def wait_for_update(self, frames: int, source: str = "async") -> BrowserState:
        """Wait for the next update djust starts itself (``source``: async, tick, broadcast)."""
        condition = f"f.source === {json.dumps(source)}"
        return self._worker.run(
            lambda: self._wait_for_group(condition, frames, f"an update with source {source!r}")
        )

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._worker.run(lambda: self.page.screenshot(path=str(path)))

    # -- on Playwright's thread

    def _wait_for_mount(self, frames: int) -> BrowserState:
        self._cursor = 0  # a new document, a new log
        self.page.wait_for_function("() => document.readyState !== 'loading'")
        if not self.page.evaluate("window.__djustFidelity.hooked"):
            raise AssertionError(
                "djust's client on this page was not hooked: window.djust.LiveViewWebSocket "
                "never appeared with handleMessage() and sendMessage() (did djust's client change?)"
            )
        return self._wait_for_group("f.type === 'mount'", frames, "djust's mount frame")

    def _act(
        self, action: Callable[[Page], object], frames: list[int], events: int
    ) -> BrowserState:
        before = int(self.page.evaluate("window.__djustFidelity.sent.length"))
        action(self.page)
        try:
            handle = self.page.wait_for_function(
                """([before, count]) => {
                  const log = window.__djustFidelity;
                  const events = log.sent.slice(before).filter((m) => m.type === 'event');
                  const answered = events.length >= count
                    && events.every((m) => log.frames.some((f) => f.ref === m.ref));
                  return answered ? events.map((m) => m.ref) : null;
                }""",
                arg=[before, events],
                timeout=REPLY_TIMEOUT_MS,
            )
        except Exception as exc:
            sent = self.page.evaluate("(n) => window.__djustFidelity.sent.slice(n)", before)
            raise AssertionError(
                f"the browser did not get djust's reply to {events} event(s); it sent {sent}"
            ) from exc
        refs = [int(ref) for ref in handle.json_value()]
        states = [
            self._wait_for_group(
                f"f.ref === {ref}",
                frames[i] if i < len(frames) else 1,
                f"djust's reply to event {ref}",
            )
            for i, ref in enumerate(refs)
        ]
        return dataclasses.replace(
            states[-1], frames=tuple(kind for state in states for kind in state.frames)
        )

    def _wait_for_frames(self, frames: int, what: str) -> BrowserState:
        """The page once ``frames`` more frames have come (or after QUIET_MS without any)."""
        script = """([cursor, expected, quiet]) => {
          const log = window.__djustFidelity;
          const done = log.frames.length >= cursor + expected
            || (log.frames.length > cursor && performance.now() - log.lastFrameAt >= quiet);
          return done ? log.frames.length : null;
        }"""
        try:
            handle = self.page.wait_for_function(
                script, arg=[self._cursor, frames, QUIET_MS], timeout=REPLY_TIMEOUT_MS, polling=20
            )
        except Exception as exc:
            raise AssertionError(f"the browser never handled {what}") from exc
        end = int(handle.json_value())
        group = self.page.evaluate(
            "([start, end]) => window.__djustFidelity.frames.slice(start, end)", [self._cursor, end]
        )
        self._cursor = end
        last = group[-1]
        return BrowserState(
            html=last["html"],
            controls=tuple(last["controls"]),
            url=last["url"],
            title=last["title"],
            frames=tuple(frame["type"] for frame in group),
        )

    def _wait_for_group(self, condition: str, frames: int, what: str) -> BrowserState:
        """The page after the first group past the cursor that ``condition`` matches.

        A group is complete once a later group has begun, once it has
        ``frames`` frames, or after QUIET_MS without any frame.
        """
        script = f"""([cursor, expected, quiet]) => {{
          {_STARTS_GROUP}
          const log = window.__djustFidelity;
          const start = log.frames.findIndex((f, i) => i >= cursor && startsGroup(f)
            && ({condition}));
          if (start < 0) return null;
          let end = start + 1;
          while (end < log.frames.length && !startsGroup(log.frames[end])) end++;
          const complete = end < log.frames.length || end - start >= expected
            || performance.now() - log.lastFrameAt >= quiet;
          return complete ? {{ start, end }} : null;
        }}"""
        try:
            handle = self.page.wait_for_function(
                script, arg=[self._cursor, frames, QUIET_MS], timeout=REPLY_TIMEOUT_MS, polling=20
            )
        except Exception as exc:
            raise AssertionError(f"the browser never handled {what}") from exc
        span = handle.json_value()
        group = self.page.evaluate(
            "([start, end]) => window.__djustFidelity.frames.slice(start, end)",
            [span["start"], span["end"]],
        )
        self._cursor = span["end"]
        last = group[-1]
        if last["html"] is None:
            raise AssertionError(f"the page has no [dj-root] after {what}")
        return BrowserState(
            html=last["html"],
            controls=tuple(last["controls"]),
            url=last["url"],
            title=last["title"],
            frames=tuple(frame["type"] for frame in group),
        )


# ------------------------------------------------------------- the comparison

# Classes djust's browser client puts on the element that triggered an event
# while the reply is pending (10-loading-states.js). The test client does not
# model loading states.
LOADING_CLASSES = frozenset({"djust-loading"})


def canonical(html: str, removed: list[str] | None = None) -> str:
    """``html`` in the form both DOMs are compared in.

    ``markup.normalize`` (djust's bookkeeping dropped, attributes and classes
    sorted, whitespace collapsed), after removing the loading classes and the
    empty ``class=""`` that adding and removing a class leaves behind. What
    was removed is described in ``removed``.
    """
    from djust_testing._browser import markup

    root = markup.parse_fragment(html)
    for node in root.traverse(include_text=False):
        if node is root or not node.is_element_node or "class" not in node.attrs:
            continue
        names = (node.attrs["class"] or "").split()
        kept = [name for name in names if name not in LOADING_CLASSES]
        if removed is not None:
            removed += [f"{name} on <{node.tag}>" for name in names if name in LOADING_CLASSES]
        if kept:
            node.attrs["class"] = " ".join(kept)
            continue
        del node.attrs["class"]
        if removed is not None and not names:
            removed.append(f'class="" on <{node.tag}>')
    return markup.normalize(str(root.inner_html or ""))


def client_controls(live: Any) -> tuple[str, ...]:
    """The test client's form controls and their current values, as the hook lists the browser's."""
    lines = []
    for control in live.elements("input, select, textarea"):
        attrs = control.attrs
        value: str = control.value
        if control.tag == "input" and attrs.get("type", "").lower() in ("checkbox", "radio"):
            value = "checked" if control.checked else "not checked"
        elif control.tag == "select" and "multiple" in attrs:
            value = ", ".join(control.selected)
        name = attrs.get("name") or attrs.get("id", "")
        lines.append(f"{control.tag} {name}: {json.dumps(value, ensure_ascii=False)}")
    return tuple(lines)


if __name__ == "__main__":
    serve(sys.argv[1:])
