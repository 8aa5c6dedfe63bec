from __future__ import annotations

from django.test import SimpleTestCase

from djust_testing._assertions.matching import containment_mismatch, mismatch
from djust_testing._diff import value_diff as diff


class MismatchTests(SimpleTestCase):
    def test_equal_values_match(self) -> None:
        for value in (1, "a", None, [1, {"a": (1, 2)}], {"k": {1, 2}}, 1.5):
            with self.subTest(value=value):
                self.assertIsNone(mismatch(value, value))

    def test_reports_the_path_of_the_first_difference(self) -> None:
        self.assertEqual(
            mismatch({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}),
            "['a'][1]['b']: expected 2 (int), got 3 (int)",
        )

    def test_is_type_sensitive(self) -> None:
        self.assertEqual(mismatch(1, True), "value: expected 1 (int), got True (bool)")
        self.assertEqual(mismatch(1, 1.0), "value: expected 1 (int), got 1.0 (float)")
        self.assertEqual(mismatch([1], (1,)), "value: expected [1] (list), got (1,) (tuple)")

    def test_accepts_subclasses_of_the_expected_type(self) -> None:
        from collections import OrderedDict

        from django.utils.safestring import mark_safe

        self.assertIsNone(mismatch({"a": 1}, OrderedDict(a=1)))
        self.assertIsNone(mismatch("x", mark_safe("x")))

    def test_reports_differing_keys_and_lengths(self) -> None:
        self.assertEqual(
            mismatch({"a": 1}, {"b": 1}),
            "value: keys differ (missing ['a'], unexpected ['b'])",
        )
        self.assertEqual(mismatch([1, 2], [1]), "value: expected 2 items, got 1")


class ContainmentTests(SimpleTestCase):
    def test_matches_each_expected_element_to_its_own_actual_element(self) -> None:
        # Greedy matching would give {"a": 1} the first element and then fail.
        expected = [{"a": 1}, {"a": 1, "b": 2}]
        actual = [{"a": 1, "b": 2}, {"a": 1}]
        self.assertIsNone(containment_mismatch(expected, actual))
        self.assertIsNotNone(containment_mismatch([{"a": 1}] * 3, actual))

    def test_elements_inside_collections_match_by_containment(self) -> None:
        self.assertIsNone(containment_mismatch([{"tags": ["x"]}], [{"tags": ["x", "y"], "id": 1}]))
        self.assertIsNone(containment_mismatch(["ap"], ["apple"]))

    def test_strings_are_not_collections_of_characters(self) -> None:
        self.assertEqual(
            containment_mismatch(["a"], "abc"),
            "value: expected a collection containing list ['a'], got 'abc' (str)",
        )

    def test_anything_else_compares_exactly(self) -> None:
        self.assertIsNone(containment_mismatch(3, 3))
        self.assertEqual(containment_mismatch(3, 4), "value: expected 3 (int), got 4 (int)")


class DiffTests(SimpleTestCase):
    def test_is_empty_for_scalars(self) -> None:
        self.assertEqual(diff(1, 2), "")

    def test_marks_removed_and_added_lines(self) -> None:
        self.assertEqual(diff([1, 2], [1, 3]), "- [1, 2]\n+ [1, 3]")
