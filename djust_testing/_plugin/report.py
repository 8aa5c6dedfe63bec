"""Snapshot files named by pytest node id, and the unused ones a pytest run finds.

A test's snapshot files are
``__snapshots__/<module>/<owner>.<name><suffix>``, where ``<owner>`` is the
test's node id inside its module, ``::`` written ``.``:
``test_cart.py::test_empty`` owns ``test_empty.<name>.html``,
``test_cart.py::TestCart::test_total[eur]`` owns
``TestCart.test_total[eur].<name>.txt``, and a ``unittest.TestCase`` method
``CartTests::test_page`` owns ``CartTests.test_page.<name>.html``, the name
``SnapshotTestMixin`` gives it. Nothing here imports pytest: the plugin
hands over what it collected and what ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import DjustTestingError
from ..snapshots.files import DIRECTORY, NAME, SUFFIXES, is_snapshot_file
from ..snapshots.report import Record, SnapshotReport, Unused

# A refused name ends its traceback at the test's line (pytest).
__tracebackhide__ = True

#: What a parametrized test's id may hold to be part of a file name.
_PARAMETERS = re.compile(r"\[[A-Za-z0-9_.+=,@-]*\]")


def module_folder(module_file: Path) -> Path:
    """The folder of the snapshots of the tests in ``module_file``."""
    return module_file.resolve().parent / DIRECTORY / module_file.stem


def owner_name(node_id: str, module_node_id: str) -> str:
    """The part of ``node_id`` inside its module, as its snapshot files begin with it."""
    inner = node_id[len(module_node_id) :].removeprefix("::")
    return inner.replace("::", ".")


def check_owner(owner: str, node_id: str) -> str:
    """``owner`` if it can begin a file name; else say which part of the node id cannot."""
    base, bracket, rest = owner.partition("[")
    for part in base.split("."):
        if not part.isidentifier():
            raise DjustTestingError(
                f"snapshot files are named after the test's node id, and {part!r} in "
                f"{node_id!r} cannot be part of a file name: use Python identifiers"
            )
    if bracket and not _PARAMETERS.fullmatch(bracket + rest):
        raise DjustTestingError(
            f"snapshot files are named after the test's node id, and the parameter id "
            f"[{rest[:-1] if rest.endswith(']') else rest}] of {node_id!r} cannot be part of a "
            "file name: give the case an id of letters, digits and _ . - + = , @ "
            "(pytest.param(..., id='...') or parametrize(..., ids=[...]))"
        )
    return owner


@dataclass(frozen=True)
class ModuleRun:
    """One test module of the run: what it has, and what of it ran."""

    #: The module's file.
    path: Path
    #: The owner name of every test the module has, or None when the run did not collect all.
    tests: frozenset[str] | None
    #: The owner names of its tests that ran, each with whether it passed.
    ran: dict[str, bool] = field(default_factory=dict)

    @property
    def ran_completely(self) -> bool:
        return self.tests is not None and all(test in self.ran for test in self.tests)


def build_report(
    records: list[Record],
    modules: list[ModuleRun],
    is_test_name: Callable[[str], bool],
) -> SnapshotReport:
    """Count the outcomes, and find the unused snapshots of the modules that ran.

    As under Django's runner (``snapshots.report.build_report``): a snapshot
    file is unused when no test asserted it and either its test no longer
    exists or it ran and passed; a test that failed, was skipped or did not
    run may still own its files, which are left alone. A file of a test the
    module no longer has is recognised by its name: a test function's name
    (``is_test_name``), or a test class the module has followed by a test
    method's. One named like a test of a class the module does not have is
    listed and never deleted; anything else in the folder is not a snapshot.
    """
    report = SnapshotReport.of(records)
    used = {record.path for record in records}
    for module in sorted(modules, key=lambda module: str(module.path)):
        if not module.ran:
            continue
        directory = module_folder(module.path)
        if not directory.is_dir():
            continue
        known = module.tests if module.tests is not None else frozenset(module.ran)
        classes = {owner.split(".")[0] for owner in known if "." in owner.partition("[")[0]}
        for path in sorted(directory.iterdir()):
            if path in used or not is_snapshot_file(path):
                continue
            owner = _known_owner(path.name, known)
            if owner is not None:
                if module.ran.get(owner, False):
                    report.unused.append(Unused(path, module.ran_completely))
                continue
            if module.tests is None:  # it may be a test's that was not collected
                continue
            kind = _unknown_owner(path.name, classes, is_test_name)
            if kind == "gone":
                report.unused.append(Unused(path, module.ran_completely))
            elif kind == "stray":
                report.strays.append(path)
    return report


def _stem(file_name: str) -> str | None:
    suffix = next((s for s in SUFFIXES if file_name.endswith(s)), None)
    return file_name[: -len(suffix)] if suffix else None


def _known_owner(file_name: str, owners: frozenset[str]) -> str | None:
    """The test of the module that owns ``file_name``, the longest name that fits."""
    stem = _stem(file_name)
    if stem is None:
        return None
    fitting = [
        owner
        for owner in owners
        if stem.startswith(owner + ".") and NAME.fullmatch(stem[len(owner) + 1 :])
    ]
    return max(fitting, key=len) if fitting else None


#: One part of a file name's owner: a name, and a parametrized test's id.
_SEGMENT = re.compile(r"([^\W\d]\w*)(\[[^\]]*\])?")


def _unknown_owner(file_name: str, classes: set[str], is_test_name: Callable[[str], bool]) -> str:
    """``gone`` (a test the module no longer has), ``stray`` (of a class it lacks), or ``other``.

    The name is read as ``[<Class>.]...<test>[<id>].<name><suffix>``: classes
    up to the first part that is a test's name.
    """
    stem = _stem(file_name)
    if stem is None:
        return "other"
    class_parts: list[str] = []
    position = 0
    while True:
        match = _SEGMENT.match(stem, position)
        if match is None or stem[match.end() : match.end() + 1] != ".":
            return "other"
        name, parameters = match.groups()
        if is_test_name(name):
            if not NAME.fullmatch(stem[match.end() + 1 :]):
                return "other"
            break
        if parameters:  # only a test has parameters
            return "other"
        class_parts.append(name)
        position = match.end() + 1
    if not class_parts or class_parts[0] in classes:
        return "gone"
    return "stray"
