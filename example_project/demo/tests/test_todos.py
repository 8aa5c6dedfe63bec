"""The todo list: a form validated live, errors next to the field, and a stream of rows."""

from __future__ import annotations

from djust_testing import EventRejectedError, LiveViewTestCase, SnapshotTestMixin

from demo.models import Todo
from demo.views import TodoView


class TodoTests(SnapshotTestMixin, LiveViewTestCase):
    def setUp(self) -> None:
        self.milk = Todo.objects.create(title="Buy milk")

    def test_mount_streams_the_saved_todos(self) -> None:
        live = self.live(TodoView)
        live.assert_stream_insert("todos", {"title": "Buy milk"})  # mount's own stream()
        live.assert_state(remaining=1)
        self.assertIn(f'<li id="todos-{self.milk.pk}">', live.render())
        # A reviewed file beside this module; row ids vary with the database.
        self.assert_html_snapshot(
            "list",
            live.element("#todos").render(),
            normalizers=[(r'(todos-|data-todo-id=")\d+', r"\1N")],
        )

    def test_a_valid_todo_is_saved_and_streamed_in(self) -> None:
        live = self.live("/todos/")
        # The form the page shows, filled in and submitted as a user does.
        live.form("form", {"title": "Water the plants"}).submit()
        todo = Todo.objects.get(title="Water the plants")
        live.assert_stream_insert("todos", {"id": todo.pk, "title": "Water the plants"})
        live.assert_flash("success", "Water the plants")
        live.assert_push_event("todo_added", {"id": todo.pk})
        # The form is reset for the next todo.
        live.assert_state(form_data={"title": ""}, field_errors={}, remaining=2)
        self.assertIn("Water the plants", live.render())

    def test_an_empty_title_shows_the_error_next_to_the_field(self) -> None:
        live = self.live(TodoView)
        live.send_event("submit_form", title="")
        live.assert_state(field_errors={"title": ["This field is required."]}, remaining=1)
        live.refute_flash()
        html = live.render()
        self.assertIn('aria-invalid="true"', html)
        self.assertIn('id="title-errors"><li>This field is required.</li></ul>', html)
        self.assertEqual(Todo.objects.count(), 1)

    def test_a_duplicate_is_refused_as_soon_as_the_field_changes(self) -> None:
        live = self.live(TodoView)
        # dj-change="validate_field" sends the field's name and value.
        live.send_event("validate_field", field="title", value="buy MILK")
        live.assert_state_contains(field_errors={"title": ["That is already on the list."]})
        live.send_event("validate_field", field="title", value="Buy bread")
        live.assert_state(field_errors={}, form_data={"title": "Buy bread"})

    def test_remove_deletes_the_row(self) -> None:
        live = self.live(TodoView)
        live.send_event("remove", todo_id=self.milk.pk)
        live.assert_stream_delete("todos", self.milk)  # the item, or its dom id "todos-<pk>"
        live.assert_stream_delete("todos", f"todos-{self.milk.pk}")
        live.assert_state(remaining=0)
        self.assertFalse(Todo.objects.exists())
        self.assertNotIn("Buy milk", live.render())

    def test_djust_refuses_a_todo_id_that_is_not_a_number(self) -> None:
        live = self.live(TodoView)
        with self.assertRaisesMessage(EventRejectedError, "todo_id: expected int"):
            live.send_event("remove", todo_id="all")
        self.assertTrue(Todo.objects.exists())

    def test_the_forms_hooks_are_not_events(self) -> None:
        # Only @event_handler methods are reachable from the browser.
        live = self.live(TodoView)
        with self.assertRaisesMessage(EventRejectedError, "not decorated with @event_handler"):
            live.send_event("form_valid")
