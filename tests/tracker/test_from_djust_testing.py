"""Issue 9, item 14: what a test written for ``djust.testing`` needs to move by changing the import.

Measured on djust 1.2.6's own client tests (djust/tests/*.py, the 107 tests
that construct ``djust.testing.LiveViewTestClient``; see
/work/research/tracker.md): 10 pass with ``from djust_testing import
LiveViewTestClient``, 29 once their views are valid for production. These
tests pin the compatibility that has a faithful meaning:

* ``NotMountedError`` is also a ``RuntimeError`` (djust.testing
  ``_require_mounted`` raises ``RuntimeError("View not mounted. ...")``);
* ``get_event_history()``: one record per action, in order, params as sent;
* ``render_with_patches()``: ``(html, patches, version)`` of the last action,
  from the patches djust really sent (djust.testing calls
  ``render_with_diff`` again, which advances the VDOM baseline and is not
  what the browser got);
* keyword arguments: ``send_event(raise_on_missing=...)`` means
  ``raise_errors`` for a missing handler, ``mount(via_websocket=True)`` is how
  this client always mounts, ``render(engine="django")`` is the ``python``
  engine. None of them may travel to the view as an event or mount parameter.
"""

from __future__ import annotations

from djust_testing import (
    DjustTestingError,
    LiveViewTestCase,
    LiveViewTestClient,
    NotMountedError,
)

from . import views

URL = "/tracker/tally/"


class CompatibilityTests(LiveViewTestCase):
    def client_for(self) -> LiveViewTestClient:
        live = LiveViewTestClient(views.TallyView, client=self.client, url=URL)
        self.addCleanup(live.close)
        return live

    def test_not_mounted_error_is_a_runtime_error(self) -> None:
        self.assertTrue(issubclass(NotMountedError, RuntimeError))
        with self.assertRaises(RuntimeError):
            self.client_for().send_event("increment")

    def test_get_event_history_records_each_action_in_order(self) -> None:
        live = self.client_for().mount()
        live.send_event("increment", by=2)
        live.send_event("nothing")
        history = live.get_event_history()
        self.assertEqual([entry["type"] for entry in history], ["mount", "event", "event"])
        self.assertEqual(history[1]["name"], "increment")
        self.assertEqual(history[1]["params"], {"by": 2})
        self.assertIsNone(history[1]["error"])
        self.assertEqual(history[2]["name"], "nothing")

    def test_get_event_history_records_a_refusal_with_its_error(self) -> None:
        live = self.client_for().mount()
        live.send_event("increment", by="two", raise_errors=False)
        entry = live.get_event_history()[-1]
        self.assertEqual(entry["name"], "increment")
        self.assertIn("expected int", str(entry["error"]))

    def test_render_with_patches_returns_the_last_actions_real_patches(self) -> None:
        live = self.client_for().mount()
        live.send_event("increment")
        sent = live.last_action.frames_of("patch")
        html, patches, version = live.render_with_patches()
        self.assertEqual(patches, [p for frame in sent for p in frame["patches"]])
        self.assertEqual(version, sent[-1]["version"])
        self.assertIn('<p class="count">1</p>', html)
        # Reading it again changes nothing: it is what was sent, not a new diff.
        self.assertEqual(live.render_with_patches()[1], patches)

    def test_render_with_patches_after_a_noop_is_empty(self) -> None:
        live = self.client_for().mount()
        live.send_event("nothing")
        _html, patches, _version = live.render_with_patches()
        self.assertEqual(patches, [])

    def test_raise_on_missing_false_returns_the_envelope(self) -> None:
        live = self.client_for().mount()
        result = live.send_event("incremnt", raise_on_missing=False)
        self.assertFalse(result["success"])
        self.assertIn("incremnt", str(result["error"]))
        assert live.last_action.sent is not None
        self.assertEqual(live.last_action.sent["params"], {})

    def test_via_websocket_true_is_how_this_client_mounts(self) -> None:
        live = self.client_for().mount(via_websocket=True)
        self.assertEqual(live.url, URL)
        live.assert_state(mount_kwargs=[])

    def test_via_websocket_false_is_refused_with_the_reason(self) -> None:
        with self.assertRaises(DjustTestingError) as caught:
            self.client_for().mount(via_websocket=False)
        self.assertIn("via_websocket", str(caught.exception))

    def test_the_django_engine_is_the_python_engine(self) -> None:
        live = self.client_for().mount()
        self.assertEqual(live.render(engine="django"), live.render(engine="python"))

    def test_request_factory_is_refused_with_the_reason(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "LiveViewTestClient(request_factory=...) has no meaning here: the request is the "
            "one a browser's page load makes.",
        ):
            LiveViewTestClient(views.TallyView, request_factory=object())

    def test_the_history_keeps_a_url_change(self) -> None:
        live = self.client_for().mount()
        live.patch(URL + "?tab=b")
        entry = live.get_event_history()[-1]
        self.assertEqual((entry["type"], entry["params"]), ("url_change", {"tab": "b"}))
        self.assertIsNone(entry["error"])
