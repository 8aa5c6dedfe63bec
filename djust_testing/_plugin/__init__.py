"""The pytest plugin's parts (``djust_testing.pytest_plugin`` is its entry point).

``report`` (snapshot files by node id, the unused ones; no pytest import),
``fixtures`` (what the fixtures and the marker give a test) and ``session``
(isolation, modes and the report across a run).
"""
