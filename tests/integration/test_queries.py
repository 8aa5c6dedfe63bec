"""Query budgets: last_action.queries, assert_max_queries(), and max_queries for a whole test."""

from __future__ import annotations

import unittest

from django.db import connection
from django.test import TestCase

from djust_testing import DjustTestingError, LiveViewTestCase, max_queries
from tests.models import Author, Book
from tests.views.shelf import ShelfView

AUTHOR_QUERY = (
    'SELECT "tests_author"."id", "tests_author"."name" FROM "tests_author" '
    'WHERE "tests_author"."id" = {} LIMIT 21'
)


class ShelfCase(LiveViewTestCase):
    authors: list[Author]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.authors = [Author.objects.create(name=name) for name in ("Ann", "Bob", "Cy")]
        for author in cls.authors:
            Book.objects.create(title=f"{author.name}'s book", author=author)


class RecordedQueriesTests(ShelfCase):
    def test_each_action_records_its_queries_with_their_sql(self) -> None:
        live = self.live(ShelfView)
        self.assertEqual(live.last_action.kind, "mount")
        self.assertEqual(live.last_action.queries, [])  # the mount reads nothing
        live.send_event("load_naively")
        queries = live.last_action.queries
        self.assertEqual(len(queries), 4)
        self.assertTrue(queries[0].sql.startswith('SELECT "tests_book"."id"'))
        # The SQL as the database got it, and as Django wrote it.
        self.assertEqual(queries[1].sql, AUTHOR_QUERY.format(self.authors[0].pk))
        self.assertEqual(queries[1].template, AUTHOR_QUERY.format("%s"))
        self.assertEqual(str(queries[1]), queries[1].sql)
        self.assertEqual({query.using for query in queries}, {"default"})
        live.send_event("load")
        self.assertEqual(len(live.last_action.queries), 1)

    def test_writes_count_too(self) -> None:
        live = self.live(ShelfView)
        live.send_event("add_author", name="Di")
        self.assertTrue(
            any(q.sql.startswith('INSERT INTO "tests_author"') for q in live.last_action.queries)
        )

    def test_the_tests_own_queries_are_not_the_actions(self) -> None:
        live = self.live(ShelfView)
        live.send_event("load")
        Author.objects.count()
        self.assertEqual(len(live.last_action.queries), 1)


class AssertMaxQueriesTests(ShelfCase):
    def test_within_the_budget(self) -> None:
        live = self.live(ShelfView)
        live.assert_max_queries(0)
        live.send_event("load")
        live.assert_max_queries(1)
        live.send_event("load_naively")
        live.assert_max_queries(4)

    def test_over_the_budget_lists_the_queries_and_the_repeated_one(self) -> None:
        live = self.live(ShelfView)
        live.send_event("load_naively")
        books = live.last_action.queries[0].sql
        ann, bob, cy = (author.pk for author in self.authors)
        expected = (
            "The last action (event 'load_naively') ran 4 database queries, more than the 2 "
            "allowed.\n"
            "Repeated with other parameters (an N+1: one query per row?):\n"
            f"  3 times: {AUTHOR_QUERY.format('%s')}\n"
            "Queries, in order:\n"
            f"  1. {books}\n"
            f"  2. {AUTHOR_QUERY.format(ann)}\n"
            f"  3. {AUTHOR_QUERY.format(bob)}\n"
            f"  4. {AUTHOR_QUERY.format(cy)}"
        )
        with self.assertRaisesMessage(AssertionError, expected) as caught:
            live.assert_max_queries(2)
        self.assertEqual(str(caught.exception), expected)

    def test_no_repeat_no_n_plus_one_line(self) -> None:
        live = self.live(ShelfView)
        live.send_event("load")
        with self.assertRaises(AssertionError) as caught:
            live.assert_max_queries(0)
        message = str(caught.exception)
        self.assertTrue(
            message.startswith(
                "The last action (event 'load') ran 1 database query, more than the 0 allowed.\n"
                "Queries, in order:\n  1. SELECT"
            ),
            message,
        )
        self.assertNotIn("Repeated", message)

    def test_the_budget_must_be_a_count(self) -> None:
        live = self.live(ShelfView)
        for budget in (-1, 1.5, True, "3"):
            with (
                self.subTest(budget=budget),
                self.assertRaisesMessage(
                    DjustTestingError,
                    f"assert_max_queries() takes a number of queries (0 or more), got {budget!r}",
                ),
            ):
                live.assert_max_queries(budget)  # type: ignore[arg-type]


class MaxQueriesDecoratorTests(ShelfCase):
    def test_a_test_within_its_budget_passes(self) -> None:
        @max_queries(2)
        def budgeted(test: ShelfCase) -> str:
            live = test.live(ShelfView)
            live.send_event("load")
            return "done"

        self.assertEqual(budgeted(self), "done")
        self.assertEqual(budgeted.__name__, "budgeted")

    def test_a_test_over_its_budget_fails_listing_every_query(self) -> None:
        @max_queries(3)
        def test_the_shelf(test: ShelfCase) -> None:
            test.live(ShelfView).send_event("load_naively")

        with self.assertRaises(AssertionError) as caught:
            test_the_shelf(self)
        message = str(caught.exception)
        self.assertTrue(
            message.startswith(
                "The test 'test_the_shelf' ran 4 database queries, more than the 3 allowed.\n"
                "Repeated with other parameters (an N+1: one query per row?):\n  3 times: SELECT"
            ),
            message,
        )
        self.assertIn("\n  4. " + AUTHOR_QUERY.format(self.authors[2].pk), message)

    def test_the_tests_own_queries_count(self) -> None:
        message = "The block ran 2 database queries, more"
        with self.assertRaisesMessage(AssertionError, message), max_queries(1):
            Author.objects.count()
            Book.objects.count()

    def test_the_block_gives_the_queries(self) -> None:
        with max_queries(5) as recorded:
            Author.objects.count()
        self.assertEqual(len(recorded), 1)
        self.assertIn('FROM "tests_author"', recorded[0].sql)

    def test_an_error_in_the_test_is_not_hidden_by_the_budget(self) -> None:
        with self.assertRaisesMessage(ValueError, "the test's own"), max_queries(0):
            Author.objects.count()
            raise ValueError("the test's own")

    def test_as_a_test_method_decorator(self) -> None:
        class Inner(TestCase):
            @max_queries(0)
            def test_over(self) -> None:
                Author.objects.count()

            @max_queries(1)
            def test_within(self) -> None:
                Author.objects.count()

        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(Inner).run(result)
        self.assertEqual(result.testsRun, 2)
        self.assertEqual(len(result.failures), 1)
        failed, traceback = result.failures[0]
        self.assertIn("test_over", str(failed))
        self.assertIn(
            "The test 'test_over' ran 1 database query, more than the 0 allowed.", traceback
        )

    def test_misuse(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "max_queries() takes a number of queries (0 or more), got -2"
        ):
            max_queries(-2)
        with self.assertRaisesMessage(DjustTestingError, "max_queries() takes a number of queries"):
            max_queries(lambda: None)  # type: ignore[arg-type]  # @max_queries without a budget
        with self.assertRaisesMessage(TypeError, "max_queries(1) decorates a test function"):
            max_queries(1)("not a function")  # type: ignore[type-var]

    def test_recording_leaves_no_wrapper_behind(self) -> None:
        before = list(connection.execute_wrappers)
        live = self.live(ShelfView)
        live.send_event("load")
        with max_queries(5):
            Author.objects.count()
        self.assertEqual(connection.execute_wrappers, before)
