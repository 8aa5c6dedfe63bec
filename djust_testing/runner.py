"""``TEST_RUNNER = "djust_testing.runner.LiveViewTestRunner"``: the runner's public home."""

from __future__ import annotations

from .snapshots.runner import LiveViewTestRunner

__all__ = ["LiveViewTestRunner"]
