"""Memory: ten thousand mounts leave it flat. Tagged slow: ``--exclude-tag slow`` skips it."""

from __future__ import annotations

import gc
import resource
import sys
from collections.abc import Callable

from django.test import Client, SimpleTestCase, override_settings, tag
from djust.state_backend import get_backend

from djust_testing import LiveViewTestClient
from djust_testing._live import djust as _djust
from tests.views.basics import CounterView


def backend_keys() -> int:
    return int(get_backend().get_stats()["total_sessions"])


def load_pages(count: int) -> None:
    for _ in range(count):
        Client().get("/plain/")
    gc.collect()


def growth(run: Callable[[], None]) -> int:
    """How many more memory blocks are in use after ``run()``."""
    gc.collect()
    before = sys.getallocatedblocks()
    run()
    return sys.getallocatedblocks() - before


@tag("slow")
@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
class MemoryTests(SimpleTestCase):
    def test_ten_thousand_mounts_leave_memory_flat(self) -> None:
        def mount_many(count: int) -> None:
            for _ in range(count):
                live = LiveViewTestClient(CounterView).mount()
                live.send_event("increment")
                live.close()
            _djust.reset_process_state()
            gc.collect()

        gc.collect()
        keys_before = backend_keys()
        mount_many(1000)  # warm caches and the allocator
        # Each mount loads its page through Django's test client, and every
        # request the test client makes keeps two signal finalizers for good
        # (Django's dispatcher, request_started/finished): Django's, not ours.
        django_growth = growth(lambda: load_pages(9000))
        blocks_before = sys.getallocatedblocks()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        mount_many(9000)
        block_growth = sys.getallocatedblocks() - blocks_before - django_growth
        rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        self.assertEqual(backend_keys(), keys_before)
        # One object leaked per mount would add 9,000 blocks. The bound is half
        # of that: the count moves by up to about 1,500 blocks between runs of
        # the whole suite (CPython's free lists and caches), with no leak.
        self.assertLess(block_growth, 4500, f"{block_growth} more memory blocks in use")
        # Peak RSS covers what Rust allocates, which Python cannot count.
        self.assertLess(rss_growth_kb, 20_000, f"peak RSS grew {rss_growth_kb} kB")
