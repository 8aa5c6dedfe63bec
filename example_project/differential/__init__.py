"""A differential check: djust_testing against production, step by step.

Production is djust's real ``LiveViewConsumer`` behind the example project's
ASGI stack, reached by a page Django served over HTTP and run by djust's real
browser client in jsdom (``production.py``, ``node.py``, ``js/browser.mjs``).
djust_testing is its public API: ``self.live()``, ``LiveViewTestClient``,
``get_state()``, ``render()``, ``last_action``, ``element()`` / ``form()``.
``steps.py`` says what each step does on each side, ``run.py`` runs them and
``compare.py`` compares what each side showed after every step.
"""
