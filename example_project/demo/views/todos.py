"""The todo list: a Django form validated live, and a stream of rows."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler
from djust.forms import FormMixin

from demo.forms import TodoForm
from demo.models import Todo


class TodoView(FormMixin, LiveView):
    """Add and remove todos.

    ``FormMixin`` brings the ``validate_field`` and ``submit_form`` handlers:
    the form's errors land in ``field_errors`` when the field changes and on
    submit. The rows are a stream (``streams.todos`` in the template):
    handlers insert and delete single rows instead of re-reading the list.
    """

    login_required = False
    template_name = "demo/todos.html"
    form_class = TodoForm

    def mount(self, request: Any, **kwargs: Any) -> None:
        super().mount(request, **kwargs)  # FormMixin sets up form_data and field_errors
        self.stream("todos", Todo.objects.all())
        self.remaining: int = Todo.objects.count()

    def form_valid(self, form: TodoForm) -> None:
        todo = form.save()
        self.stream_insert("todos", todo)
        self.remaining += 1
        self.put_flash("success", f"Added “{todo.title}”.")
        self.reset_form()
        self.push_event("todo_added", {"id": todo.pk})  # the page scrolls the new row into view

    @event_handler
    def remove(self, todo_id: int, **kwargs: Any) -> None:
        deleted, _ = Todo.objects.filter(pk=todo_id).delete()
        if deleted:
            self.stream_delete("todos", todo_id)
            self.remaining -= 1
