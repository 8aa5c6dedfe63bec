"""A package that re-exports its view: its page names the view by the package's path."""

from .impl import ReexportedView

__all__ = ["ReexportedView"]
