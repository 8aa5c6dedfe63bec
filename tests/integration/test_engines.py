from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from djust_testing import DjustTestingError, LiveViewTestCase
from djust_testing._browser.markup import normalize
from tests.views.basics import CounterView, FeedView, TupleView
from tests.views.templates import TemplateFileView


class RustEngineTests(LiveViewTestCase):
    def test_is_the_default(self) -> None:
        live = self.live(TupleView)
        self.assertEqual(live.render(), "<p>[1, 'a']</p>")

    def test_shows_the_html_djust_sent_at_mount(self) -> None:
        live = self.live(CounterView)
        mount_html = live.last_action.frames_of("mount")[0]["html"]
        self.assertEqual(live.render(raw=True), mount_html)
        self.assertEqual(
            live.render(),
            '<h1>Count: 0</h1><button dj-click="increment">+</button> '
            '<button dj-click="decrement">-</button>',
        )

    def test_follows_each_event(self) -> None:
        live = self.live(CounterView)
        live.send_event("increment")
        self.assertIn("<h1>Count: 1</h1>", live.render())

    def test_drops_djust_bookkeeping_unless_raw(self) -> None:
        live = self.live(TemplateFileView)
        raw = live.render(raw=True)
        self.assertIn('dj-id="', raw)
        self.assertIn("<!--dj-if", raw)
        shown = live.render()
        self.assertNotIn("dj-id", shown)
        self.assertNotIn("<!--", shown)
        self.assertIn('<p class="shown">shown for nobody</p>', shown)

    def test_reading_it_changes_nothing(self) -> None:
        live = self.live(FeedView)
        first = live.render()
        self.assertEqual(live.render(), first)
        live.assert_state(entries=[])  # emptied by djust's own render, not by ours
        live.send_event("publish", text="second")
        self.assertIn("<li>second</li>", live.render())
        self.assertEqual(live.last_action.frames_of("patch")[0]["type"], "patch")


class PythonEngineTests(LiveViewTestCase):
    def test_renders_with_djangos_engine(self) -> None:
        live = self.live(TupleView)
        self.assertEqual(live.render(engine="python"), "<p>(1, 'a')</p>")

    def test_uses_the_context_djust_renders_with(self) -> None:
        live = self.live(TemplateFileView)
        python_html = live.render(engine="python")
        # A context processor's value and the very csrf token djust rendered.
        self.assertIn("shown for nobody", python_html)
        token = live.view_instance._cached_csrf_token
        self.assertIn(f'value="{token}"', python_html)
        self.assertEqual(normalize(python_html), normalize(live.render(engine="rust")))

    def test_reduces_to_the_dj_root_content(self) -> None:
        html = self.live(TemplateFileView).render(engine="python")
        self.assertTrue(
            html.startswith('<h1 class="title main">Fish &amp; &lt;Chips&gt;</h1>'), html
        )
        self.assertNotIn("<title>", html)

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "python"})
    def test_is_chosen_by_settings(self) -> None:
        live = self.live(TupleView)
        self.assertEqual(live.render(), "<p>(1, 'a')</p>")
        self.assertEqual(live.render(engine="rust"), "<p>[1, 'a']</p>")

    @override_settings(
        TEMPLATES=[
            {"BACKEND": "djust.template_backend.DjustTemplateBackend", "DIRS": [], "APP_DIRS": True}
        ]
    )
    def test_needs_a_django_templates_backend(self) -> None:
        live = self.live(TupleView)
        with self.assertRaisesMessage(
            ImproperlyConfigured, "TEMPLATES has no django.template.backends.django.DjangoTemplates"
        ):
            live.render(engine="python")


class CompareEngineTests(LiveViewTestCase):
    def test_passes_when_both_engines_agree(self) -> None:
        live = self.live(TemplateFileView)
        self.assertEqual(live.render(engine="compare"), live.render(engine="rust"))
        live.send_event("toggle")
        self.assertNotIn("shown", live.render(engine="compare"))

    def test_fails_with_a_diff_when_they_differ(self) -> None:
        live = self.live(TupleView)
        with self.assertRaises(AssertionError) as caught:
            live.render(engine="compare")
        self.assertEqual(
            str(caught.exception),
            "djust's Rust engine renders TupleView differently from Django's template engine "
            "(normalized HTML):\n"
            "--- django (python)\n"
            "+++ djust (rust)\n"
            "@@ -1,3 +1,3 @@\n"
            " <p>\n"
            "-  (1, 'a')\n"
            "+  [1, 'a']\n"
            " </p>",
        )

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "compare"})
    def test_is_chosen_by_settings_and_checks_every_rendered_page(self) -> None:
        with self.assertRaisesMessage(
            AssertionError, "After the mount, djust's Rust engine renders TupleView differently"
        ):
            self.live(TupleView)

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "compare"})
    def test_an_action_that_renders_nothing_is_not_compared(self) -> None:
        live = self.live(CounterView)
        # The handler changes the count, then raises: djust renders nothing new.
        result = live.send_event("explode", raise_errors=False)
        self.assertFalse(result["success"])

    def test_a_view_with_temporary_assigns_cannot_be_compared(self) -> None:
        live = self.live(FeedView)
        with self.assertRaisesMessage(
            DjustTestingError,
            "Django's template engine cannot render the page djust rendered for FeedView: "
            "it declares temporary_assigns",
        ):
            live.render(engine="compare")


class EngineChoiceTests(LiveViewTestCase):
    def test_an_unknown_engine_lists_the_allowed_ones(self) -> None:
        live = self.live(CounterView)
        with self.assertRaisesMessage(
            ImproperlyConfigured,
            "render(engine=...) is 'jinja'; expected one of 'rust', 'python', 'compare'.",
        ):
            live.render(engine="jinja")

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "Rust"})
    def test_an_unknown_engine_in_settings_names_the_setting(self) -> None:
        # Every action reads it (the compare engine checks each page), so the mount fails.
        with self.assertRaisesMessage(
            ImproperlyConfigured,
            "settings.DJUST_TESTING[\"RENDER_ENGINE\"] is 'Rust'; expected one of",
        ):
            self.live(CounterView)
