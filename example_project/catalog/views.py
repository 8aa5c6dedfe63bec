"""The catalog's LiveViews: a product list narrowed live, and a product page with reviews."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from djust import LiveView, event_handler
from djust.forms import FormMixin

from .forms import ReviewForm
from .models import Category, Product, Review

PAGE_SIZE = 10


class ProductListView(LiveView):
    """Products narrowed by a search box, a category and "in stock only".

    Each control has its own binding: the search box's ``dj-input``
    (debounced by djust's client), the select's and the checkbox's
    ``dj-change``. Enter in the search box submits the filter form. The
    category goes in the URL (``?category=lamps``) so a filtered list can
    be bookmarked. Each load is one query, categories and review counts
    included.
    """

    login_required = False
    template_name = "catalog/products.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.categories = [{"slug": c.slug, "name": c.name} for c in Category.objects.all()]
        self.query = ""
        self.category = ""
        self.in_stock = False
        self.limit = PAGE_SIZE

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        """Runs after mount and on back/forward: the URL says which category."""
        self.category = self._known_category(params.get("category", ""))
        self._load()

    @event_handler
    def search(self, value: str = "", **kwargs: Any) -> None:
        """The search box's dj-input: what the customer has typed so far."""
        self.query = value.strip()[:80]
        self.limit = PAGE_SIZE
        self._load()

    @event_handler
    def choose_category(self, value: str = "", **kwargs: Any) -> None:
        self.category = self._known_category(value)
        self.limit = PAGE_SIZE
        self.live_patch(params={"category": self.category} if self.category else {})
        self._load()

    @event_handler
    def toggle_in_stock(self, value: bool = False, **kwargs: Any) -> None:
        self.in_stock = value
        self.limit = PAGE_SIZE
        self._load()

    @event_handler
    def apply_filters(self, q: str = "", category: str = "", **kwargs: Any) -> None:
        """The filter form's dj-submit (Enter in the search box): all of it at once."""
        self.query = q.strip()[:80]
        self.category = self._known_category(category)
        self.in_stock = kwargs.get("in_stock") == "on"  # FormData sends a ticked box as "on"
        self.limit = PAGE_SIZE
        self._load()

    @event_handler
    def show_more(self, **kwargs: Any) -> None:
        self.limit += PAGE_SIZE
        self._load()

    def _known_category(self, slug: object) -> str:
        return next((c["slug"] for c in self.categories if c["slug"] == slug), "")

    def _load(self) -> None:
        products = Product.objects.select_related("category").annotate(
            review_count=Count("reviews")
        )
        if self.query:
            products = products.filter(
                Q(name__icontains=self.query) | Q(description__icontains=self.query)
            )
        if self.category:
            products = products.filter(category__slug=self.category)
        if self.in_stock:
            products = products.filter(stock__gt=0)
        rows = list(products[: self.limit + 1])
        self.more = len(rows) > self.limit
        self.products = [
            {
                "slug": product.slug,
                "name": product.name,
                "category": product.category.name,
                "price": f"{product.price:.2f}",
                "stock": product.stock,
                "reviews": product.review_count,
            }
            for product in rows[: self.limit]
        ]


class ProductDetailView(FormMixin, LiveView):
    """One product: add it to the cart, read and write reviews.

    ``FormMixin`` validates the review form live (``validate_field`` as
    each field changes) and on submit (``submit_form``, then
    ``form_valid``).
    """

    login_required = False
    template_name = "catalog/product.html"
    form_class = ReviewForm

    def mount(self, request: Any, slug: str = "", **kwargs: Any) -> None:
        super().mount(request, **kwargs)
        product = get_object_or_404(Product.objects.select_related("category"), slug=slug)
        self.product_id: int = product.pk
        self.product = {
            "name": product.name,
            "category": product.category.name,
            "category_slug": product.category.slug,
            "price": f"{product.price:.2f}",
            "stock": product.stock,
            "description": product.description,
        }
        self.ratings = [5, 4, 3, 2, 1]
        self.in_cart = 0
        self.notice = ""
        self._load_reviews()

    @event_handler
    def add_to_cart(self, quantity: int = 1, **kwargs: Any) -> None:
        left = self.product["stock"] - self.in_cart
        if not 1 <= quantity <= left:
            self.notice = f"You can add 1 to {left}." if left else "None left in stock."
            return
        self.in_cart += quantity
        self.notice = f"{self.in_cart} in your cart."

    def form_valid(self, form: ReviewForm) -> None:
        review: Review = form.save(commit=False)
        review.product_id = self.product_id
        review.save()
        self._load_reviews()
        self.reset_form()
        self.put_flash("success", "Thank you for your review.")

    def _load_reviews(self) -> None:
        self.reviews = [
            {"author": r.author, "rating": r.rating, "text": r.text}
            for r in Review.objects.filter(product_id=self.product_id)[:20]
        ]
