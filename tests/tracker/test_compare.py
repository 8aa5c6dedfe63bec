"""Issue 9, item 13: ``RENDER_ENGINE = "compare"`` checks every page the test reads.

Two defects today:

* Only ``render()`` compares. ``element()``, ``has_element()``, element
  snapshots and the page after each action read djust's (Rust) DOM unchecked,
  so a template the two engines render differently passes. ``DimensionsView``
  and ``TaskBoardView.measure`` put a tuple on the page: Django renders
  ``(3, 4)``, djust's Rust engine ``[3, 4]`` (a real divergence of djust 1.2.6).
* The Django side renders ``_djust.template_context(view)``, i.e. djust's
  ``get_context_data()``, whose model instances are djust's serialized dicts
  (``{'id': 1, 'pk': 1, '__str__': 'Launch', '__model__': 'Task'}``), so
  ``{{ task }}`` fails falsely. Django must get what the view's template gets
  in Django: the view's own attribute values (a model renders its
  ``__str__``), plus the context processors and csrf token djust adds.

After the fix, with ``compare`` every action (mount included) compares the two
engines' normalized HTML and fails with the diff.
"""

from __future__ import annotations

from django.test import override_settings

from djust_testing import LiveViewTestCase

from .models import Project, Task

COMPARE = {"RENDER_ENGINE": "compare"}


@override_settings(DJUST_TESTING=COMPARE)
class CompareEngineTests(LiveViewTestCase):
    def setUp(self) -> None:
        Task.objects.create(project=Project.objects.create(name="Apollo"), title="Launch")

    def test_django_gets_the_model_instances_the_template_gets(self) -> None:
        live = self.live("/tracker/task-board/")
        html = live.render()
        self.assertIn("<h1>Launch</h1>", html)
        self.assertIn('<li class="task">Launch</li>', html)

    def test_an_event_whose_page_the_engines_render_differently_fails(self) -> None:
        live = self.live("/tracker/task-board/")
        with self.assertRaises(AssertionError) as caught:
            live.send_event("measure")
        message = str(caught.exception)
        self.assertIn("(3, 4)", message)
        self.assertIn("[3, 4]", message)

    def test_a_mount_whose_page_the_engines_render_differently_fails(self) -> None:
        """Today the mount passes and ``element("p.size").text`` reads ``[3, 4]`` unchecked."""
        with self.assertRaises(AssertionError) as caught:
            self.live("/tracker/dimensions/")
        self.assertIn("(3, 4)", str(caught.exception))
