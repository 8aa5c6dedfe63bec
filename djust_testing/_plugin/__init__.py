"""The pytest plugin's parts (``djust_testing.pytest_plugin`` is its entry point).

``activation`` (whether the plugin is on in a run; nothing of Django or
djust imported), ``report`` (snapshot files by node id, the unused ones; no
pytest import), ``fixtures`` (what the fixtures and the marker give a test),
``snapshot_fixture`` (the ``snapshot`` name, where no other plugin has it)
and ``session`` (isolation, modes and the report across a run).
"""
