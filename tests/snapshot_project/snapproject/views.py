from __future__ import annotations

import os
from typing import Any

from djust import LiveView


def greeting() -> str:
    """What the page says; tests/test_runner.py changes it to make a snapshot differ."""
    return os.environ.get("SNAPPROJ_GREETING", "Hello")


class GreetingView(LiveView):
    login_required = False
    template = """<div dj-root><h1 class="title main">{{ greeting }}</h1>
    <form>{% csrf_token %}<input name="q"></form></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.greeting = greeting()
