"""Running generated Python source so that it reads like any other code in a traceback.

The fast structuring and the cache codec generate one function per record type. Like attrs'
`_linecache_and_compile` and cattrs' `gen/_lc.py`, the source is registered with `linecache`
under a unique file name, so that a traceback, `inspect.getsource` or a debugger shows the
generated lines instead of nothing.
"""

from __future__ import annotations

import linecache
from typing import Any

__all__ = ["compile_generated"]


def compile_generated(source: str, title: str, namespace: dict[str, Any]) -> dict[str, Any]:
    """Execute `source` in `namespace` and return the namespace, holding what it defined.

    `title` names the code in tracebacks, as `<generated TITLE>`; a second source under the
    same title gets a numbered name, so neither hides the other.
    """
    lines = source.splitlines(keepends=True)
    filename = f"<generated {title}>"
    number = 1
    while _taken(filename, lines):
        number += 1
        filename = f"<generated {title} #{number}>"
    # No modification time: `linecache.checkcache` keeps such entries, as it does for attrs'.
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def _taken(filename: str, lines: list[str]) -> bool:
    entry = linecache.cache.get(filename)
    # A 1-tuple is a lazy entry, still to be loaded: another code's, whatever its lines.
    return entry is not None and (len(entry) != 4 or entry[2] != lines)
