"""The ``snapshot`` fixture, registered as a plugin of its own unless another plugin has one.

syrupy and pytest-snapshot call their fixture ``snapshot`` too; two plugins
with one fixture name would leave pytest to pick one, and break the other's
tests. Where another plugin has it, djust-testing's is ``djust_snapshot``
only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .activation import require_on

if TYPE_CHECKING:
    from .fixtures import Snapshot


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Snapshot:
    """``assert_html_snapshot(name, html_or_client)`` and ``assert_snapshot(name, text)``.

    Files are named after the test's node id, beside its module:
    ``__snapshots__/<module>/<test>.<name>.html``. ``djust_snapshot`` is the
    same fixture.
    """
    require_on(request, "the snapshot fixture")
    from .fixtures import Snapshot

    return Snapshot(request.node)
