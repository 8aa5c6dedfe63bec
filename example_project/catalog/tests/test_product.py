"""A product's page: the cart form, and reviews validated live as they are written."""

from __future__ import annotations

from djust_testing import LiveViewTestCase

from catalog.models import Review
from catalog.tests.seeds import seed_catalog


class ProductPageTests(LiveViewTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        seed_catalog()

    def test_the_page_shows_the_product_and_its_reviews(self) -> None:
        live = self.live("/catalog/desk-lamp/")
        live.assert_has_element("h1", text="Desk lamp")
        live.assert_has_element("#reviews li", text="Bright and sturdy.")
        live.assert_max_queries(2)  # the product with its category, the reviews

    def test_enter_in_the_quantity_adds_to_the_cart(self) -> None:
        live = self.live("/catalog/desk-lamp/")
        live.form("#cart", {"quantity": "3"}).submit(enter="quantity")
        live.assert_state(in_cart=3)
        live.assert_has_element("#notice", text="3 in your cart.")
        live.assert_max_queries(0)

    def test_no_more_than_the_stock(self) -> None:
        live = self.live("/catalog/desk-lamp/")
        live.send_event("add_to_cart", quantity=9)
        live.assert_state(in_cart=0, notice="You can add 1 to 4.")

    def test_a_sold_out_product_has_no_cart_form(self) -> None:
        live = self.live("/catalog/floor-lamp/")
        live.refute_has_element("#cart")
        live.assert_has_element("p.muted", text="Sold out.")

    def test_a_review_is_checked_as_it_is_written_and_posted(self) -> None:
        live = self.live("/catalog/desk-lamp/")
        # Leaving the review for the rating sends the review's change: too long.
        live.form("#review").fill({"text": "x" * 2001, "rating": "4"})
        error = "Ensure this value has at most 2000 characters (it has 2001)."
        live.assert_state_contains(field_errors={"text": [error]})
        live.assert_has_element("#review ul.errors", text=error)
        # Clicking Post sends the name's change, then the submit.
        live.form("#review", {"text": "Bright enough.", "author": "Bo"}).submit(
            submitter="#review button[type=submit]"
        )
        review = Review.objects.get(author="Bo")
        self.assertEqual((review.rating, review.text), (4, "Bright enough."))
        live.assert_flash("success", "Thank you")
        live.assert_has_element("#reviews li", text="Bo 4/5: Bright enough.")
        live.assert_state(field_errors={})
