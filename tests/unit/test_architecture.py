"""The package's shape, checked: small modules, no import cycles, sides that do not mix.

* No module over 600 lines.
* No import cycle between modules.
* ``_browser`` (what djust's JavaScript does) imports nothing from djust nor
  from djust's side; ``_live`` (djust's side) nothing from the browser's.
* No module reaches into another object's private members, except where
  listed below with the reason; djust's own privates are used only in
  ``_live/djust.py``, and each is listed in its ``PRIVATES``.
* docs/architecture.md's module map lists every module, and only those.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase

from djust_testing._live import djust as djust_privates

PACKAGE = Path(__file__).resolve().parents[2] / "djust_testing"
LIMIT = 600

#: (module, attribute): private members used outside their own object, and why that is right.
ALLOWED_REACH_INS = {
    ("djust_testing.client", "_proxy"): "a client built from its own class's proxy (_on)",
    ("djust_testing.client", "_on"): "the client's own constructor for a followed redirect",
    ("djust_testing._proxy", "_mounted"): "a proxy finishing the mount of the one it created",
    ("djust_testing._live.loop", "_set_running_loop"): "asyncio's, pinned in test_djust_seams",
    ("djust_testing.snapshots.files", "_testMethodName"): "unittest's name of the test method",
    ("djust_testing._browser.navigation", "_replace"): "a named tuple's public method",
    ("djust_testing._live.transport", "_default_manager"): "Django's documented model manager",
}
DJUST_MODULE = "djust_testing._live.djust"
ARCHITECTURE_DOC = PACKAGE.parent / "docs" / "architecture.md"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> set[str]:
    """The names ``name`` imports, absolute (``from .x import y`` as ``pkg.x`` or ``pkg.x.y``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            submodules = [
                f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES
            ]
            found.update(
                submodules if len(submodules) == len(node.names) else [target, *submodules]
            )
    return found


def module_graph() -> dict[str, set[str]]:
    """Import edges between the package's modules (a module's own parent packages left out)."""
    return {
        name: {
            other
            for other in imported(name, path)
            if other in MODULES and other != name and not name.startswith(other + ".")
        }
        for name, path in MODULES.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def private_uses(source: str) -> set[str]:
    """Private names ``source`` uses on objects other than ``self``/``cls``/``super()``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            if not _is_own(node.value):
                names.add(node.attr)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") in ("getattr", "hasattr")
            and len(node.args) > 1
            and not _is_own(node.args[0])
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _is_private(node.args[1].value)
        ):
            names.add(node.args[1].value)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("djust"):
            names.update(alias.name for alias in node.names if _is_private(alias.name))
    return names


def _is_own(owner: ast.expr) -> bool:
    """``self``, ``cls`` or ``super()``: an object reaching its own members."""
    if isinstance(owner, ast.Name):
        return owner.id in ("self", "cls")
    return isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def mapped_modules(doc: str) -> set[str]:
    """The modules the rows of ``doc``'s module map name, as paths inside the package.

    The map is the tables between ``## The module map`` and the next heading; a
    table's header names its package (``_live/``), or ``module`` for the top level.
    """
    section = doc.partition("\n## The module map\n")[2].partition("\n## ")[0]
    lines = section.splitlines()
    package = ""
    found: set[str] = set()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if not line.startswith("|") or line.startswith("|---"):
            continue
        first = line.strip("|").split("|")[0].strip().strip("`")
        if following.startswith("|---"):
            package = "" if first == "module" else first
        else:
            found.add(package + first)
    return found


def check_module_map(doc: str, modules: set[str]) -> None:
    """Fail naming each module the map lacks and each row naming no module."""
    listed = mapped_modules(doc)
    problems = [f"missing from the module map: {name}" for name in sorted(modules - listed)]
    problems += [
        f"in the module map, not in the package: {name}" for name in sorted(listed - modules)
    ]
    if problems:
        raise AssertionError(f"{ARCHITECTURE_DOC.name}: " + "; ".join(problems))


class ShapeTests(SimpleTestCase):
    def test_no_module_is_over_the_limit(self) -> None:
        sizes = {name: len(path.read_text("utf-8").splitlines()) for name, path in MODULES.items()}
        self.assertEqual({name: n for name, n in sizes.items() if n > LIMIT}, {})

    def test_no_import_cycle(self) -> None:
        self.assertEqual(cycles(module_graph()), [])

    def test_the_cycle_finder_finds_one(self) -> None:
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        self.assertEqual(cycles(graph), [["a", "b", "c"]])

    def test_the_browser_side_imports_nothing_of_djust(self) -> None:
        for name, path in MODULES.items():
            if not name.startswith("djust_testing._browser"):
                continue
            for target in imported(name, path):
                with self.subTest(module=name, imports=target):
                    self.assertFalse(target == "djust" or target.startswith("djust."))
                    self.assertFalse(target.startswith(("djust_testing._live", "django")))

    def test_djusts_side_imports_nothing_of_the_browser(self) -> None:
        for name, path in MODULES.items():
            if name.startswith("djust_testing._live"):
                for target in imported(name, path):
                    with self.subTest(module=name, imports=target):
                        self.assertFalse(target.startswith("djust_testing._browser"))


class PrivateMembersTests(SimpleTestCase):
    def test_no_module_reaches_into_private_members(self) -> None:
        for name, path in MODULES.items():
            if name == DJUST_MODULE:
                continue
            for private in private_uses(path.read_text("utf-8")):
                with self.subTest(module=name, name=private):
                    self.assertIn((name, private), ALLOWED_REACH_INS)

    def test_every_djust_private_used_is_listed(self) -> None:
        listed = {entry.rpartition(".")[2] for entry in djust_privates.PRIVATES}
        own = {"_async_gates", "_bridge"}  # TestViewRuntime's own attributes
        used = private_uses(MODULES[DJUST_MODULE].read_text("utf-8")) - own
        self.assertEqual(sorted(used - listed), [])

    def test_the_finder_sees_attributes_getattr_and_imports(self) -> None:
        source = (
            "from djust.x import _hidden\n"
            "def f(view, self):\n"
            "    view._a\n    self._b\n    getattr(view, '_c', None)\n    super()._d\n"
            "    hasattr(self, '_e')\n"
        )
        self.assertEqual(private_uses(source), {"_hidden", "_a", "_c"})


class ModuleMapTests(SimpleTestCase):
    def test_the_map_lists_every_module_and_only_those(self) -> None:
        modules = {path.relative_to(PACKAGE).as_posix() for path in MODULES.values()}
        check_module_map(ARCHITECTURE_DOC.read_text("utf-8"), modules)

    def test_a_missing_module_and_a_row_naming_none_fail(self) -> None:
        doc = (
            "# Architecture\n\n## The module map\n\n| module | lines | what it holds |\n"
            "|---|---:|---|\n"
            "| `case.py` | 75 | the case |\n\n| `_live/` | lines | what it holds |\n"
            "|---|---:|---|\n| `gone.py` | 9 | a module since removed |\n\n"
            "## Before and after\n\n| `dom.py` | 928 | `_browser/nodes.py` (274) |\n"
        )
        with self.assertRaises(AssertionError) as caught:
            check_module_map(doc, {"case.py", "_live/loop.py"})
        self.assertEqual(
            str(caught.exception),
            "architecture.md: missing from the module map: _live/loop.py; "
            "in the module map, not in the package: _live/gone.py",
        )
