"""djust's side: its runtime driven from a synchronous test, knowing nothing of the DOM.

``djust`` holds every use of djust beyond its public API (each pinned by
tests/unit/live/test_djust_seams.py); ``transport`` records what the runtime sends;
``action`` is that record; ``loop`` bridges sync tests to djust's async
runtime; ``request`` and ``routing`` build what a browser's connection
carries; ``connection`` ties them into one live connection.
"""
