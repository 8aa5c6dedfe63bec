"""Issue 9: faithful on apps nobody here wrote.

A small app written the way a djust user writes one (an ``app_name``
namespace with nested includes, models, forms, LiveComponents held as
attributes, templates of its own), and the failing tests that pin, item by
item, where djust_testing disagrees with production today.
"""
