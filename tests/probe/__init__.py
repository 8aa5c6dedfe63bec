"""A hostile probe of djust_testing's public API (issue 10).

Each test module holds a table of cases: a call through the public API and
what a careful user expects of it (an error that names the problem, an
assertion failure, or a pass). Every case runs as its own subTest, and is
tallied as handled, a raw error or a silent pass. Run with ``PROBE_REPORT=1``
to print the counts (and, with ``PROBE_REPORT=2``, every case that is not
handled) when the run ends.
"""
