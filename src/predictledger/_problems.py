"""Problems are values: each names a file, a line, a field and what to fix.

Reading and checking a ledger collects every problem it finds instead of stopping at the first,
the way `bean-check` reports a beancount ledger.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import frozen

from ._records import Location
from ._text import terminal_safe

__all__ = ["Problem", "sorted_problems"]


@frozen(kw_only=True)
class Problem:
    """One thing wrong with a ledger.

    `path` is relative to the ledger root when the file is inside it, `line` is 1-based (0 when
    the problem concerns a whole file), `field` is the dotted field the problem concerns, if any.
    """

    path: str
    line: int
    message: str
    field: str | None = None
    column: int | None = None

    @classmethod
    def at(cls, location: Location | None, message: str, *, field: str | None = None) -> Problem:
        if location is None:
            return cls(path="<memory>", line=0, message=message, field=field)
        return cls(
            path=location.path,
            line=location.line,
            column=location.column,
            message=message,
            field=field,
        )

    def __str__(self) -> str:
        """`path:line: message`, the form editors and CI logs know how to jump to.

        Always one line: control characters from a file's name or text are escaped, so a
        hostile ledger cannot split a problem or drive the terminal that shows it.
        """
        if self.line:
            return terminal_safe(f"{self.path}:{self.line}: {self.message}")
        return terminal_safe(f"{self.path}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file order, then line order, without exact repeats."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line, p.column or 0, p.message))
