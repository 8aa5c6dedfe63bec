"""The examples of the API contract (testing-liveviews.txt), verbatim apart from imports.

Where the contract shows a test as a module-level function, its body runs as
a test method here.
"""

from django.test import TestCase

from djust_testing import LiveViewTestClient
from tests.support.seeds import (
    CounterView,
    InventoryView,
    LiveView,
    authenticate,
    build,
    event_handler,
)


class SaveView(LiveView):
    @event_handler
    def save(self, **kwargs):
        self.push_event("flash", {"type": "success", "message": "saved"})


class FilterView(LiveView):
    @event_handler
    def filter(self, **kwargs):
        self.live_patch(params={"page": 2, "category": "books"}, path="/items/")


class ReportView(LiveView):
    @event_handler
    def generate(self, **kwargs):
        self.generating = True
        self.start_async(self._build_report)

    def _build_report(self):
        try:
            self.report = build(...)
        except Exception as exc:
            # Always guard async callbacks — a crash that leaves `generating`
            # True will leave the client stuck in a loading state.
            self.error = str(exc)
        finally:
            self.generating = False


class LoginView(LiveView):
    @event_handler
    def submit(self, email="", password="", **kwargs):
        if authenticate(email, password):
            self.live_redirect("/dashboard/")


class ChatView(LiveView):
    def mount(self, request, **kwargs):
        self.stream("messages", [])

    @event_handler
    def post(self, text="", **kwargs):
        from uuid import uuid4

        self.stream_insert("messages", {"id": uuid4().hex, "text": text})


class OrdersView(LiveView):
    def mount(self, request, **kwargs):
        self.listen("orders")
        self.count = 0

    def handle_info(self, message):
        if message.get("type") == "db_notify":
            self.count += 1


class SeedExampleTests(TestCase):
    def test_counter_increments(self):
        client = LiveViewTestClient(CounterView).mount()
        client.send_event("increment")
        client.assert_state(count=1)

    def test_save_view(self):
        client = LiveViewTestClient(SaveView).mount()
        client.send_event("save")
        client.assert_push_event("flash", {"type": "success"})

    def test_filter_view(self):
        client = LiveViewTestClient(FilterView).mount()
        client.send_event("filter")
        client.assert_patch("/items/", {"page": 2})  # subset match on params

    def test_report_view(self):
        client = LiveViewTestClient(ReportView).mount()
        client.send_event("generate")
        client.assert_state(generating=True)  # pre-drain
        client.render_async()
        client.assert_state(generating=False)  # post-drain
        assert client.view_instance.report is not None

    def test_login_view(self):
        login_client = LiveViewTestClient(LoginView).mount()
        login_client.send_event("submit", email="a@b.com", password="x")
        dashboard_client = login_client.follow_redirect()
        dashboard_client.assert_state(user_email="a@b.com")

    def test_chat_view(self):
        client = LiveViewTestClient(ChatView).mount()
        client.send_event("post", text="hello")
        client.assert_stream_insert("messages", {"text": "hello"})

    def test_orders_view(self):
        client = LiveViewTestClient(OrdersView).mount()
        client.trigger_info(
            {"type": "db_notify", "channel": "orders", "payload": {"event": "save"}}
        )
        client.assert_state(count=1)

    def test_create_item_flow(self):
        client = LiveViewTestClient(InventoryView).mount()
        client.send_event("create", name="widget")
        client.assert_stream_insert("items", {"name": "widget"})
        client.assert_push_event("flash", {"type": "success"})
        client.assert_patch("/items/", {"highlight": "widget"})
