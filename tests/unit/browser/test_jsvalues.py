"""JavaScript's value rules: what reaches the server after the browser's JSON."""

from __future__ import annotations

import math

from django.test import SimpleTestCase

from djust_testing._browser.jsvalues import through_json


class ThroughJsonTests(SimpleTestCase):
    def test_numbers_are_doubles(self) -> None:
        self.assertEqual(through_json(3.0), 3)
        self.assertIs(type(through_json(3.0)), int)
        self.assertEqual(repr(through_json(-0.0)), "0")
        self.assertEqual(through_json(2**53 + 1), 2**53)
        self.assertEqual(through_json(-(2**53) - 1), -(2**53))
        self.assertEqual(through_json(2**53), 2**53)
        self.assertEqual(through_json(1e21), 1e21)
        self.assertIs(type(through_json(1e21)), float)
        self.assertEqual(through_json(2.5), 2.5)

    def test_what_json_cannot_write_is_null(self) -> None:
        self.assertIsNone(through_json(math.nan))
        self.assertIsNone(through_json(math.inf))
        self.assertIsNone(through_json(-math.inf))
        self.assertIsNone(through_json(10**400))

    def test_containers_keys_and_scalars(self) -> None:
        self.assertEqual(
            through_json({"a": (1, 2.0), 1: True, None: "x", 2.5: [None, "s"]}),
            {"a": [1, 2], "1": True, "null": "x", "2.5": [None, "s"]},
        )
        self.assertEqual(through_json({True: 1}), {"true": 1})

    def test_what_no_browser_can_send_is_refused(self) -> None:
        for value in (object(), {1, 2}, b"x", {(1, 2): 3}):
            with self.subTest(value=value), self.assertRaises(TypeError):
                through_json(value)
