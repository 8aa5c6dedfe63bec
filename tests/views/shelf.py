"""Views that read the database: a list loaded with an N+1, and the same list loaded well."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler

from ..models import Author, Book


class ShelfView(LiveView):
    login_required = False
    template = (
        """<div dj-root><ul>{% for book in books %}<li>{{ book }}</li>{% endfor %}</ul></div>"""
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.books: list[str] = []

    @event_handler
    def load_naively(self, **kwargs: Any) -> None:
        # One query for the books, then one per book for its author.
        self.books = [f"{book.title} by {book.author.name}" for book in Book.objects.order_by("id")]

    @event_handler
    def load(self, **kwargs: Any) -> None:
        books = Book.objects.select_related("author").order_by("id")
        self.books = [f"{book.title} by {book.author.name}" for book in books]

    @event_handler
    def add_author(self, name: str = "", **kwargs: Any) -> None:
        Author.objects.create(name=name)


class TodoListView(LiveView):
    """A list to find elements in: three todos, one done."""

    login_required = False
    template = """<div dj-root><h1>Todos</h1>
<ul id="todos">{% for todo in todos %}<li class="{{ todo.state }}">{{ todo.title }}</li>
{% endfor %}</ul>
<p class="muted">{{ left }} to do</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.todos = [
            {"title": "Buy milk", "state": "open"},
            {"title": "Call mom", "state": "done"},
            {"title": "Buy bread", "state": "open"},
        ]
        self.left = 2

    @event_handler
    def finish(self, index: int = 0, **kwargs: Any) -> None:
        self.todos[index]["state"] = "done"
        self.left = sum(todo["state"] == "open" for todo in self.todos)

    @event_handler
    def drop(self, index: int = 0, **kwargs: Any) -> None:
        del self.todos[index]


class StyledView(LiveView):
    """A page in a layout with stylesheets and scripts, for open_browser()."""

    login_required = False
    template_name = "tests/styled.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.q = ""
        self.found = "nothing yet"

    @event_handler
    def search(self, q: str = "", **kwargs: Any) -> None:
        self.found = f"results for {q}"
        self.page_title = f"Results for {q}"  # the <title>, outside the dj-root
