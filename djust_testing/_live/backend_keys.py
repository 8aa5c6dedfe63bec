"""The state-backend keys a page's HTTP render writes, and their release with the page.

djust keeps each rendered view's VDOM in its state backend (``djust.state_backend``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def state_keys_written() -> Iterator[list[str]]:
    """The keys djust writes to its state backend meanwhile (the page load's VDOM cache).

    A page's HTTP render stores its RustLiveView under a key of the browser's
    session; releasing the page deletes them, as the cache's TTL would.
    """
    from djust.state_backend import get_backend

    backend = get_backend()
    written: list[str] = []
    store = backend.set

    def recording(key: str, *args: Any, **kwargs: Any) -> Any:
        written.append(key)
        return store(key, *args, **kwargs)

    backend.set = recording
    try:
        yield written
    finally:
        del backend.set  # the instance attribute goes; the class's method shows again


def forget_state(keys: list[str]) -> None:
    from djust.state_backend import get_backend

    backend = get_backend()
    for key in keys:
        backend.delete(key)
