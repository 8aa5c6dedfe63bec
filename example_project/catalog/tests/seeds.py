"""The catalog the tests (and the browser scenarios) start from."""

from __future__ import annotations

from decimal import Decimal

from catalog.models import Category, Product, Review


def seed_catalog() -> None:
    lamps = Category.objects.create(name="Lamps", slug="lamps")
    desks = Category.objects.create(name="Desks", slug="desks")
    desk_lamp = Product.objects.create(
        name="Desk lamp",
        slug="desk-lamp",
        category=lamps,
        price=Decimal("39.00"),
        stock=4,
        description="A lamp that bends where you need it.",
    )
    Product.objects.create(
        name="Floor lamp",
        slug="floor-lamp",
        category=lamps,
        price=Decimal("89.00"),
        stock=0,
        description="Tall, warm light for a reading corner.",
    )
    Product.objects.create(
        name="Standing desk",
        slug="standing-desk",
        category=desks,
        price=Decimal("420.00"),
        stock=2,
        description="Raise it, lower it.",
    )
    Review.objects.create(product=desk_lamp, author="Ann", rating=5, text="Bright and sturdy.")
