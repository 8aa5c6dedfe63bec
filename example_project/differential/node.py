"""The browser half of production: djust's client JS in jsdom, in a Node process.

``js/browser.mjs`` does the work; this module starts it (once per test
process) and sends it one JSON command per line. See that file for the
commands and what each reply holds.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

JS_DIR = Path(__file__).resolve().parent / "js"
SCRIPT = JS_DIR / "browser.mjs"
#: Seconds one command may take (a page load runs djust's 850 kB client.js).
COMMAND_TIMEOUT = 60.0


def missing() -> str | None:
    """Why the jsdom browser cannot run here, or ``None`` when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS_DIR / "node_modules" / "jsdom").is_dir():
        return f"jsdom is not installed: run `npm ci --prefix {JS_DIR}`"
    return None


class BrowserError(AssertionError):
    """The jsdom browser failed a command (a harness problem, not a disagreement)."""


class NodeBrowser:
    """One ``node browser.mjs`` process; ``call()`` sends a command, returns its reply."""

    def __init__(self, timezone: str) -> None:
        env = {**os.environ, "TZ": timezone}
        self._process = subprocess.Popen(
            ["node", str(SCRIPT)],
            cwd=JS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.timezone = timezone
        self._next_id = 0
        self._stderr: list[str] = []
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stderr(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self._stderr.append(line)

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def call(self, cmd: str, **args: Any) -> dict[str, Any]:
        if not self.alive:
            raise BrowserError("the jsdom browser exited:\n" + "".join(self._stderr[-40:]))
        self._next_id += 1
        message = {"id": self._next_id, "cmd": cmd, **args}
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(message) + "\n")
        self._process.stdin.flush()
        line = self._readline()
        reply = json.loads(line)
        if reply.get("id") != self._next_id:
            raise BrowserError(f"the jsdom browser answered {reply.get('id')!r} to {message['id']}")
        if not reply.get("ok"):
            raise BrowserError(f"the jsdom browser failed {cmd!r}:\n{reply.get('error')}")
        result: dict[str, Any] = reply["result"]
        return result

    def _readline(self) -> str:
        assert self._process.stdout is not None
        result: list[str] = []

        def read() -> None:
            result.append(self._process.stdout.readline())  # type: ignore[union-attr]

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(COMMAND_TIMEOUT)
        if reader.is_alive() or not result or not result[0]:
            self.close()
            raise BrowserError("the jsdom browser did not answer:\n" + "".join(self._stderr[-40:]))
        return result[0]

    def close(self) -> None:
        if self.alive:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


_browser: NodeBrowser | None = None


def browser(timezone: str) -> NodeBrowser:
    """The process's jsdom browser (started on first use, in ``timezone``)."""
    global _browser
    if _browser is None or not _browser.alive or _browser.timezone != timezone:
        if _browser is not None:
            _browser.close()
        _browser = NodeBrowser(timezone)
        atexit.register(_browser.close)
    return _browser
