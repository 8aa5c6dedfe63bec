"""``LiveComponentTestClient``: a LiveComponent alone on a page, mounted as djust mounts it.

A component has no page of its own: djust renders it inside a LiveView,
routes its events by ``component_id`` and answers with the view's frames.
So the component is mounted inside a host LiveView made for it, the way an
app holds one: a component with a ``State`` class as a class-level
attribute (its ``component_id`` is then ``"component"``), any other created
in ``mount()`` with the props (``Component(**props)``, which runs its
``mount(**props)``), its ``component_id`` then djust's random one unless
the props give one. The host is mounted by a ``LiveViewTestClient``, so
the component's events, renders and patches are djust's own.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from django.test import Client
from djust import LiveView
from djust.components.base import LiveComponent

from ._live.action import EventResult, HistoryEntry
from .client import LiveViewTestClient
from .exceptions import DjustTestingError, NotMountedError
from .handles import ComponentHandle

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

#: The host view's attribute holding the component.
ATTRIBUTE = "component"


class LiveComponentTestClient:
    """Mount a LiveComponent inside a LiveView of its own and drive it as a browser would.

    ``user`` and ``client`` are ``LiveViewTestClient``'s. The host view is
    defined in the component's module, or in ``host_module`` when given: djust
    mounts only views its ``LIVEVIEW_ALLOWED_MODULES`` allows.
    ``mount(**props)`` returns the client, so
    ``LiveComponentTestClient(Counter).mount(count=3)`` reads as one step.
    """

    def __init__(
        self,
        component_class: type[LiveComponent],
        user: Any = None,
        *,
        client: Client | None = None,
        host_module: str | None = None,
    ) -> None:
        if not (isinstance(component_class, type) and issubclass(component_class, LiveComponent)):
            raise DjustTestingError(
                "LiveComponentTestClient needs a djust LiveComponent subclass, got "
                f"{component_class!r}"
            )
        if host_module is not None and not isinstance(host_module, str):
            raise DjustTestingError(
                f"host_module= takes a module's dotted path, such as 'myapp.views', got "
                f"{host_module!r}"
            )
        self.component_class = component_class
        self.host_module = host_module or component_class.__module__
        self._user = user
        self._client = client
        self._live: LiveViewTestClient | None = None

    def __repr__(self) -> str:
        state = "mounted" if self._live is not None else "not mounted"
        return f"<LiveComponentTestClient {self.component_class.__qualname__} {state}>"

    def mount(self, **props: Any) -> LiveComponentTestClient:
        """Mount the component with ``props`` inside its host view; return this client."""
        if self._live is not None:
            raise DjustTestingError(f"{self!r} is already mounted; create a new client")
        host = host_view(self.component_class, props, self.host_module)
        _check_allowed(host)
        self._live = LiveViewTestClient(host, self._user, client=self._client).mount()
        return self

    @property
    def live(self) -> LiveViewTestClient:
        """The client of the host page: its elements, ``last_action``, side-effect assertions."""
        if self._live is None:
            raise NotMountedError(f"{self!r} is not mounted: call mount(**props) first")
        return self._live

    @property
    def handle(self) -> ComponentHandle:
        """The component as ``LiveViewTestClient.component()`` gives it."""
        live = self.live
        view = live.view_instance
        held = getattr(view, ATTRIBUTE)
        return live.component(str(held.component_id))

    @property
    def component(self) -> Any:
        """The component object djust holds (a ``BoundComponent`` for a class-level one)."""
        return self.handle.instance

    @property
    def component_id(self) -> str:
        return self.handle.component_id

    def send_event(self, name: str, /, raise_errors: bool = True, **params: Any) -> EventResult:
        """Send the event a browser sends from inside the component (with its ``component_id``)."""
        return self.handle.send_event(name, raise_errors, **params)

    def get_state(self) -> dict[str, Any]:
        """A copy of the component's public state."""
        return self.handle.get_state()

    def assert_state(self, **expected: Any) -> None:
        """Each named attribute of the component equals the expected value, types included."""
        self.handle.assert_state(**expected)

    def assert_state_contains(self, **expected: Any) -> None:
        """Each named attribute of the component contains the expected value."""
        self.handle.assert_state_contains(**expected)

    def render(self) -> str:
        """The component as the page shows it: the element carrying its ``data-component-id``."""
        return self.handle.render()

    def get_event_history(self) -> list[HistoryEntry]:
        """Every action on the host page, the mount first."""
        return self.live.get_event_history()

    def close(self) -> None:
        if self._live is not None:
            self._live.close()

    def __enter__(self) -> LiveComponentTestClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def host_view(
    component_class: type[LiveComponent], props: dict[str, Any], module: str
) -> type[LiveView]:
    """A LiveView holding one ``component_class`` made with ``props``, as an app holds one.

    The class says it lives in ``module``, which djust's mount allowlist checks.
    """
    namespace: dict[str, Any] = {
        "__module__": module,
        "__qualname__": f"{component_class.__qualname__}Host",
        "login_required": False,
        "template": "<div dj-root>{{ " + ATTRIBUTE + " }}</div>",
    }
    if hasattr(component_class, "State"):
        # A class-level component: djust binds it per view (ADR-031); __set_name__ runs here.
        namespace[ATTRIBUTE] = component_class(**props)
    else:
        namespace["mount"] = _mounting(component_class, props)
    return type(f"{component_class.__name__}Host", (LiveView,), namespace)


def _check_allowed(host: type[LiveView]) -> None:
    """Refuse a host djust would not mount, saying why (security/mount.py)."""
    from django.conf import settings
    from djust.security.mount import is_view_path_allowed

    if is_view_path_allowed(f"{host.__module__}.{host.__name__}"):
        return
    allowed = getattr(settings, "LIVEVIEW_ALLOWED_MODULES", None)
    raise DjustTestingError(
        f"LiveComponentTestClient mounts the component inside a LiveView defined in the module "
        f"{host.__module__!r}, and djust mounts no view from there (LIVEVIEW_ALLOWED_MODULES = "
        f"{allowed!r}). Pass host_module= a module djust allows, such as your views' module."
    )


def _mounting(component_class: type[LiveComponent], props: dict[str, Any]) -> Callable[..., None]:
    def mount(self: LiveView, request: Any, **kwargs: Any) -> None:
        setattr(self, ATTRIBUTE, component_class(**props))

    return mount
