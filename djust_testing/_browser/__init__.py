"""The browser's side: what djust's JavaScript client does with a page, in Python.

Nothing here imports djust. The page's node tree and HTML parsing
(``nodes``, ``markup``), the one model of a form control's state
(``controls``), JavaScript's value rules (``jsvalues``), the frames a user's
action sends (``frames``, ``events``, ``forms``), where links lead
(``navigation``), VDOM patches and morphs (``patches``, ``morph``), CSS
queries (``query``), and the ``Page`` that applies djust's frames.
"""
