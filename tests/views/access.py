"""Views djust refuses to mount: login, permissions, a crashing mount()."""

from __future__ import annotations

from typing import Any

from djust import LiveView


class LoginRequiredView(LiveView):
    login_required = True
    template = "<div dj-root><p>secret</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.secret = "s3cret"


class PermissionView(LiveView):
    permission_required = "tests.change_widget"
    template = "<div dj-root><p>admin</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.ok = True


class BrokenMountView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        raise KeyError("missing-config")
