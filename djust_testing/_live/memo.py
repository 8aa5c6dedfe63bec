"""Memos of what djust recomputes per mount and per event from a view's class.

djust derives some metadata afresh on every mount or event although it only
changes when a class, a function or a value changes. A test process mounts the
same views thousands of times, so these memos remember those answers, each one
only where it is provably the answer djust would compute now:

* the walk over ``dir()`` of a view's class behind the mount frame's handler
  metadata (``ViewRuntime._extract_cache_config`` and
  ``_extract_handler_config``, overridden in ``djust.py``): remembered per
  class with what it rests on, which ``ClassShape.holds()`` checks at every
  mount. What depends on the instance is still read per mount: an attribute
  the instance shadows, and every class attribute that is not a plain
  function (properties run each time, side effects and all);
* the change-detection fingerprint of a frozenset of ``str`` (djust
  fingerprints every view's ``_framework_attrs`` twice per event): such a
  frozenset cannot change, so equal ones have equal fingerprints;
* ``inspect.signature`` of a handler (djust's ``validate_handler_params``,
  once per event): a plain function's signature depends on its code object,
  its defaults and its annotations, which are compared on every call.

Not memoized, because djust's answer can change where a memo could not see
it: ``typing.get_type_hints`` on the handler (a string annotation names a
global, which ``mock.patch`` may rebind between events).

``handler_metadata()`` builds either, with djust's rule per member passed in
by ``djust.py`` (the one module that reads djust's private names);
``install()`` puts the other two where djust's modules look them up.
``suspended()`` turns every memo off for a block (djust computes everything
afresh), which the tests and the benchmark compare against.
"""

from __future__ import annotations

import contextlib
import inspect
import operator
import types
import weakref
from collections.abc import Callable, Iterator
from typing import Any, cast

_active = True


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Within the block, djust computes everything itself: no memo answers."""
    global _active
    previous, _active = _active, False
    try:
        yield
    finally:
        _active = previous


# ------------------------------------------------------- a class's public names


class ClassShape:
    """What ``dir()`` and attribute lookup give for a class, and how to tell it still holds.

    ``public`` pairs every public name ``dir(cls)`` lists, in its order, with
    the plain function the class's MRO resolves it to, or None for anything
    else (read from the instance each time, as djust reads it).

    ``holds()`` checks what those answers rest on: the MRO (compared by
    identity, then by its classes); each of its classes' attribute names
    (they make up ``dir()``, and a name added to a class can shadow one
    further up); and, for every name answered with a function, that the class
    it came from still holds that very function. Any other value may change
    freely: it is never taken from here.
    """

    def __init__(self, cls: type) -> None:
        self.mro = cls.__mro__
        self.namespaces = [klass.__dict__ for klass in self.mro]  # live views
        self.names = [frozenset(namespace) for namespace in self.namespaces]
        self.public: list[tuple[str, types.FunctionType | None]] = []
        functions: list[tuple[Any, str, types.FunctionType]] = []
        for name in dir(cls):
            if name.startswith("_"):
                continue
            owner = next((ns for ns in self.namespaces if name in ns), None)
            found = None if owner is None else owner[name]
            if type(found) is types.FunctionType:
                functions.append((owner, name, found))
                self.public.append((name, found))
            else:
                self.public.append((name, None))
        self.owners = [owner for owner, _name, _function in functions]
        self.function_names = [name for _owner, name, _function in functions]
        self.functions = [function for _owner, _name, function in functions]

    def holds(self, cls: type) -> bool:
        mro = cls.__mro__
        if mro is not self.mro and mro != self.mro:
            return False
        for namespace, names in zip(self.namespaces, self.names, strict=True):
            if namespace.keys() != names:
                return False
        # owner.get(name) is function, for each one, in C.
        found = map(types.MappingProxyType.get, self.owners, self.function_names)
        return all(map(operator.is_, found, self.functions))


# By class. A shape holds its classes' namespaces, so it keeps the class alive:
# bounded, for the classes tests define as they go.
_shapes: dict[type, ClassShape] = {}
_SHAPES_KEPT = 256


def _plain_lookup(cls: type) -> bool:
    """Whether ``dir()`` and instance attribute lookup are Python's own for ``cls``."""
    lookup: object = cls.__getattribute__
    return type(cls) is type and lookup is object.__getattribute__


def public_members(view: Any) -> Iterator[tuple[str, Any]] | None:
    """``(name, getattr(view, name, None))`` for each public name of ``dir(type(view))``.

    As djust's walk gives them, in its order, raising what a property raises;
    None when the memo cannot answer (suspended, or a class with its own
    attribute lookup), and djust should walk the class itself. For a plain
    function the instance does not shadow, the function stands in for the
    bound method ``getattr()`` would build: a bound method is true, and reads
    every other attribute from its function.
    """
    cls = type(view)
    if (
        not _active
        or not _plain_lookup(cls)
        or not isinstance(getattr(view, "__dict__", None), dict)
    ):
        return None
    shape = _shapes.get(cls)
    if shape is None or not shape.holds(cls):
        if shape is None and len(_shapes) >= _SHAPES_KEPT:
            _shapes.clear()
        shape = _shapes[cls] = ClassShape(cls)
    return _members(view, shape.public)


def _members(
    view: Any, public: list[tuple[str, types.FunctionType | None]]
) -> Iterator[tuple[str, Any]]:
    own = vars(view)
    for name, function in public:
        if function is not None and name not in own:
            yield name, function
        else:
            yield name, getattr(view, name, None)


#: What the mount frame carries as ``cache_config`` or ``handler_config``.
HandlerMetadata = dict[str, Any] | None


def handler_metadata(
    view: Any, djusts: Callable[[Any], Any], entry: Callable[[Any], Any]
) -> HandlerMetadata:
    """``{name: entry(member)}`` for the view's members whose entry is true, as djust builds it.

    ``djusts`` is djust's own method, called when the memo cannot answer.
    """
    members = public_members(view)
    if members is None:
        return cast(HandlerMetadata, djusts(view))
    try:
        found = {name: value for name, method in members if (value := entry(method))}
    except Exception:  # djust gives up on the whole metadata too
        return None
    return found or None


# --------------------------------------------------- change-detection fingerprints

# Bounds on what is remembered (a view's state may hold frozensets too).
_FINGERPRINTS_KEPT = 512


class FingerprintMemo:
    """djust's ``deep_fingerprint``, remembered for a frozenset of ``str`` given alone.

    Such a fingerprint depends on the strings alone (djust fingerprints a
    ``str`` by its value), so equal frozensets share one. Every other call
    goes to ``fingerprint``, djust's own function.
    """

    def __init__(self, fingerprint: Callable[..., Any]) -> None:
        self.fingerprint = fingerprint
        self.by_value: dict[frozenset[str], Any] = {}
        # The same by identity, for the frozensets seen last: a view's _framework_attrs
        # is fingerprinted twice per event; holding the frozenset keeps its id() its own.
        self.by_id: dict[int, tuple[frozenset[str], Any]] = {}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        value = args[0] if len(args) == 1 and not kwargs else None
        if not _active or type(value) is not frozenset:
            return self.fingerprint(*args, **kwargs)
        seen = self.by_id.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        if not all(type(item) is str for item in value):
            return self.fingerprint(value)
        found = self.by_value.get(value)
        if found is None:
            if len(self.by_value) >= _FINGERPRINTS_KEPT:
                self.by_value.clear()
            found = self.by_value[value] = self.fingerprint(value)
        if len(self.by_id) >= _FINGERPRINTS_KEPT:
            self.by_id.clear()
        self.by_id[id(value)] = (value, found)
        return found


# --------------------------------------------------------- handler signatures


class _Signature:
    """One function's signature, with what it was computed from."""

    def __init__(self, function: types.FunctionType, signature: inspect.Signature) -> None:
        self.code = function.__code__
        self.defaults = function.__defaults__
        self.kwdefaults = _items(function.__kwdefaults__)
        self.annotations = _items(function.__annotations__)
        self.signature = signature

    def holds(self, function: types.FunctionType) -> bool:
        return (
            function.__code__ is self.code
            and function.__defaults__ is self.defaults
            and _same_items(function.__kwdefaults__, self.kwdefaults)
            and _same_items(function.__annotations__, self.annotations)
        )


def _items(mapping: dict[str, Any] | None) -> tuple[tuple[str, Any], ...] | None:
    return None if mapping is None else tuple(mapping.items())


def _same_items(mapping: dict[str, Any] | None, items: tuple[tuple[str, Any], ...] | None) -> bool:
    if mapping is None or items is None:
        return mapping is None and items is None
    return len(mapping) == len(items) and all(
        name in mapping and mapping[name] is value for name, value in items
    )


# What, in a function's own attributes, inspect.signature follows instead of its code.
_SIGNATURE_OVERRIDES = ("__wrapped__", "__signature__", "_partialmethod")
_signatures: weakref.WeakKeyDictionary[types.FunctionType, _Signature] = weakref.WeakKeyDictionary()
_stdlib_signature = inspect.signature


def signature(obj: Any, *args: Any, **kwargs: Any) -> inspect.Signature:
    """``inspect.signature(obj)``, remembered for a method whose function is plain.

    A patched ``inspect.signature`` (``mock.patch``) is called instead, as djust would.
    """
    current = inspect.signature
    function = getattr(obj, "__func__", None) if type(obj) is types.MethodType else None
    if (
        not _active
        or args
        or kwargs
        or current is not _stdlib_signature
        or type(function) is not types.FunctionType
        or any(name in vars(function) for name in _SIGNATURE_OVERRIDES)
    ):
        return current(obj, *args, **kwargs)
    found = _signatures.get(function)
    if found is None or not found.holds(function):
        found = _Signature(function, current(obj))
        _signatures[function] = found
    return found.signature


class InspectWithSignatureMemo(types.ModuleType):
    """The ``inspect`` module as a module of djust's sees it: its own, ``signature`` memoized."""

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)

    @staticmethod
    def signature(obj: Any, *args: Any, **kwargs: Any) -> inspect.Signature:
        return signature(obj, *args, **kwargs)


def install() -> FingerprintMemo:
    """Put the memos where djust's modules look the functions up; return the fingerprint memo.

    ``djust.websocket._snapshot_assigns`` calls its module's ``deep_fingerprint``,
    ``djust.validation.validate_handler_params`` its module's ``inspect.signature``.
    """
    from djust import validation, websocket

    fingerprints = FingerprintMemo(websocket.deep_fingerprint)
    websocket.deep_fingerprint = fingerprints
    validation.inspect = InspectWithSignatureMemo("inspect")
    return fingerprints


#: The fingerprint memo djust's change detection calls, installed once on import.
FINGERPRINTS = install()
