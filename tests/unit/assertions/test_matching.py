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
            "value: keys differ (missing 'a' (str); unexpected 'b' (str))",
        )
        self.assertEqual(mismatch([1, 2], [1]), "value: expected 2 items, got 1")

    def test_dict_keys_are_type_exact(self) -> None:
        # Python looks {True: "a"}[1] up as one key; a page's state does not.
        self.assertEqual(
            mismatch({1: "a"}, {True: "a"}),
            "value: keys differ (missing 1 (int); unexpected True (bool)): 1 (int) and True "
            "(bool) are equal in Python, but not of the same type",
        )
        self.assertIn("missing True (bool)", mismatch({True: "a"}, {1.0: "a"}) or "")
        self.assertIsNone(mismatch({True: "a", 2: "b"}, {2: "b", True: "a"}))

    def test_set_elements_are_type_exact(self) -> None:
        self.assertEqual(
            mismatch({1}, {True}),
            "value: elements differ (missing 1 (int); unexpected True (bool)): 1 (int) and "
            "True (bool) are equal in Python, but not of the same type",
        )
        self.assertIsNotNone(mismatch({1.0}, {1}))
        self.assertIsNotNone(mismatch({(1, 1)}, {(1, True)}))
        self.assertIsNotNone(mismatch({"a": {1}}, {"a": {True}}))
        self.assertEqual(mismatch({1, 2}, {1, 2, 3}), "value: elements differ (unexpected 3 (int))")
        self.assertIsNone(mismatch({(1, True), "x"}, {"x", (1, True)}))

    def test_a_set_is_not_a_frozenset(self) -> None:
        self.assertEqual(
            mismatch({1}, frozenset({1})),
            "value: expected {1} (set), got frozenset({1}) (frozenset)",
        )

    def test_a_nan_matches_a_nan(self) -> None:
        nan = float("nan")
        for expected, actual in (
            (nan, float("nan")),
            ([nan, 1.0], [float("nan"), 1.0]),
            ({"x": nan}, {"x": float("nan")}),
            ({nan}, {float("nan")}),
        ):
            with self.subTest(expected=expected):
                self.assertIsNone(mismatch(expected, actual))
        self.assertEqual(mismatch(nan, 1.0), "value: expected nan (float), got 1.0 (float)")
        self.assertEqual(mismatch(1.0, nan), "value: expected 1.0 (float), got nan (float)")
        self.assertIsNotNone(mismatch(nan, float("inf")))


class ContainmentTests(SimpleTestCase):
    def test_matches_each_expected_element_to_its_own_actual_element(self) -> None:
        # Greedy matching would give {"a": 1} the first element and then fail.
        expected = [{"a": 1}, {"a": 1, "b": 2}]
        actual = [{"a": 1, "b": 2}, {"a": 1}]
        self.assertIsNone(containment_mismatch(expected, actual))
        self.assertIsNotNone(containment_mismatch([{"a": 1}] * 3, actual))

    def test_elements_inside_collections_match_by_containment(self) -> None:
        self.assertIsNone(containment_mismatch([{"tags": ["x"]}], [{"tags": ["x", "y"], "id": 1}]))

    def test_a_string_matches_by_substring_only_at_the_top(self) -> None:
        self.assertIsNone(containment_mismatch("shop", "shopping list"))
        self.assertEqual(
            containment_mismatch(["admin"], ["not-admin", "user"]),
            "value: ['not-admin', 'user'] has no element matching 'admin' (str)",
        )
        self.assertEqual(
            containment_mismatch({"owner": "an"}, {"owner": "ann"}),
            "['owner']: expected 'an' (str), got 'ann' (str)",
        )
        self.assertIsNotNone(containment_mismatch([["admin"]], [["not-admin"], ["user"]]))
        self.assertIsNotNone(containment_mismatch([{"name": "adm"}], [{"name": "admin"}]))
        self.assertIsNone(containment_mismatch([["user"]], [["not-admin"], ["user"]]))
        self.assertIsNone(containment_mismatch({"roles": ["user"]}, {"roles": ["x", "user"]}))

    def test_a_substring_is_never_a_subset_inside_a_payload(self) -> None:
        self.assertEqual(
            containment_mismatch({"type": "succ"}, {"type": "success"}, top=False),
            "['type']: expected 'succ' (str), got 'success' (str)",
        )
        self.assertIsNone(containment_mismatch({"type": "success"}, {"type": "success"}, top=False))

    def test_each_expected_element_needs_its_own(self) -> None:
        self.assertEqual(
            containment_mismatch(["milk", "milk"], ["milk", "bread"]),
            "value: ['milk', 'bread'] has no element left matching 'milk' (str): each expected "
            "element needs an actual element of its own",
        )

    def test_elements_and_keys_are_type_exact(self) -> None:
        self.assertEqual(
            containment_mismatch({1: "a"}, {True: "a"}),
            "value: key 1 (int) is missing; the actual dict has key True (bool), equal in Python "
            "but not of the same type",
        )
        self.assertIsNotNone(containment_mismatch([{1: 1}], [{True: 1}]))
        self.assertIsNotNone(containment_mismatch([True], [1, 0]))
        self.assertIsNotNone(containment_mismatch((1.0,), (1, 2, 3)))
        self.assertIsNone(containment_mismatch({True}, {True}))
        self.assertIsNone(containment_mismatch([{True: 1}], [{True: 1}]))

    def test_a_nan_contains_a_nan(self) -> None:
        nan = float("nan")
        self.assertIsNone(containment_mismatch(nan, float("nan")))
        self.assertIsNone(containment_mismatch([nan], [float("nan"), 1.0]))
        self.assertIsNone(containment_mismatch({"x": nan}, {"x": float("nan"), "y": 1}))
        self.assertIsNotNone(containment_mismatch([nan], [1.0]))

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
