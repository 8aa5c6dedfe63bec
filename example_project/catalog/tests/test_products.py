"""The product list: narrowed by search, category and stock, as the page's controls send it."""

from __future__ import annotations

from djust_testing import LiveViewTestCase

from catalog.models import Category, Product
from catalog.tests.seeds import seed_catalog


class ProductListTests(LiveViewTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        seed_catalog()

    def test_the_list_shows_every_product_with_its_category(self) -> None:
        live = self.live("/catalog/")
        self.assertEqual(len(live.elements("table.products tbody tr")), 3)
        cells = live.elements("#product-desk-lamp td")
        self.assertEqual([cell.text for cell in cells], ["Desk lamp", "Lamps", "39.00", "1"])
        live.assert_has_element("#product-floor-lamp", text="(sold out)")

    def test_the_filters_fire_as_the_customer_uses_them(self) -> None:
        live = self.live("/catalog/")
        # The select's and the checkbox's dj-change go at once; the search
        # box's dj-input with what was typed.
        live.form("#filters").fill({"category": "lamps", "in_stock": True, "q": "desk"})
        live.assert_state(category="lamps", in_stock=True, query="desk")
        live.assert_has_element("#product-desk-lamp")
        live.refute_has_element("#product-floor-lamp")
        live.refute_has_element("#product-standing-desk")

    def test_choosing_a_category_puts_it_in_the_url(self) -> None:
        live = self.live("/catalog/")
        live.element("#category").change("desks")
        live.assert_patch("/catalog/", {"category": "desks"})
        self.assertEqual(live.url, "/catalog/?category=desks")
        first = live.elements("tbody tr")[0]
        self.assertEqual(first.attrs["id"], "product-standing-desk")

    def test_a_bookmarked_category(self) -> None:
        live = self.live("/catalog/?category=lamps")
        self.assertEqual(len(live.elements("tbody tr")), 2)
        live.assert_has_element("select#category option[selected]", text="Lamps")

    def test_enter_in_the_search_box_applies_the_filters(self) -> None:
        live = self.live("/catalog/")
        live.form("#filters", {"q": "lamp", "in_stock": True}).submit(enter="q")
        live.assert_state(query="lamp", in_stock=True)
        self.assertEqual([row.text[:9] for row in live.elements("tbody tr")], ["Desk lamp"])

    def test_a_search_that_matches_nothing_says_so(self) -> None:
        live = self.live("/catalog/")
        live.element("#q").input("sofa")
        live.refute_has_element("table.products")
        live.assert_has_element("p.muted", text="No products match “sofa”.")

    def test_show_more_pages_through_a_long_list(self) -> None:
        desks = Category.objects.get(slug="desks")
        for number in range(12):
            Product.objects.create(
                name=f"Desk {number:02}", slug=f"desk-{number}", category=desks, price=1, stock=1
            )
        live = self.live("/catalog/?category=desks")
        self.assertEqual(len(live.elements("tbody tr")), 10)
        live.element("#more").click()
        self.assertEqual(len(live.elements("tbody tr")), 13)
        live.refute_has_element("#more")


class QueryBudgetTests(LiveViewTestCase):
    """One query per load, however many products and categories: no N+1."""

    @classmethod
    def setUpTestData(cls) -> None:
        seed_catalog()

    def test_the_mount_and_each_filter_run_a_fixed_number_of_queries(self) -> None:
        live = self.live("/catalog/")
        live.assert_max_queries(2)  # the categories, the products with their reviews counted
        live.element("#q").input("lamp")
        live.assert_max_queries(1)
        self.assertEqual(len(live.last_action.queries), 1)
        self.assertIn('FROM "catalog_product"', live.last_action.queries[0].sql)

    def test_more_products_take_no_more_queries(self) -> None:
        lamps = Category.objects.get(slug="lamps")
        for number in range(8):
            Product.objects.create(
                name=f"Lamp {number}", slug=f"lamp-{number}", category=lamps, price=1, stock=1
            )
        live = self.live("/catalog/")
        live.assert_max_queries(2)
