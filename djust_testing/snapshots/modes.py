"""What a missing or different snapshot does, decided when the assertion runs.

* update mode (``DJUST_TESTING_UPDATE_SNAPSHOTS`` true, or the runner's
  ``--update-snapshots``): missing snapshots are written and different ones
  rewritten;
* in CI (``CI`` set to anything but empty, 0, false, no or off): a missing
  snapshot fails, as a test that writes its own expectation proves nothing;
* otherwise a missing snapshot is written, and the test passes saying so.

A different snapshot fails outside update mode.
"""

from __future__ import annotations

import os

from ..exceptions import DjustTestingError

UPDATE_VARIABLE = "DJUST_TESTING_UPDATE_SNAPSHOTS"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def update_mode() -> bool:
    """True when ``DJUST_TESTING_UPDATE_SNAPSHOTS`` asks to rewrite snapshots."""
    raw = os.environ.get(UPDATE_VARIABLE, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise DjustTestingError(
        f"{UPDATE_VARIABLE} is {raw!r}; set it to 1, true, yes or on to update snapshots, "
        "or to 0, false, no, off or nothing not to."
    )


def in_ci() -> bool:
    """True when the ``CI`` variable is set to anything but empty, 0, false, no or off.

    CI services set it to ``true`` or ``1``, some to their own name; any of
    those means CI, so a missing snapshot fails rather than being written.
    """
    return os.environ.get("CI", "").strip().lower() not in _FALSE
