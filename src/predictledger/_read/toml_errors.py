"""What to say of a text `tomllib` could not parse, and where: path:line advice.

`tomllib`'s messages name a line and column in a form of their own and know nothing of the
ledger format; they are reworded here, with hints for the mistakes people make most (notably
TOML 1.1 syntax: ledgers are TOML 1.0, the version `tomllib` reads).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import lru_cache

from .._text import one_line
from .toml_lex import unclosed_string

__all__ = ["parse_failure"]

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def parse_failure(
    error: ValueError | RecursionError, text: str, max_depth: int
) -> tuple[str, int, int | None]:
    """What to say of a text the parser refused with `error`, the line, and the column."""
    if isinstance(error, tomllib.TOMLDecodeError):
        return _syntax_error(str(error), text)
    if isinstance(error, RecursionError):
        return f"is nested too deeply to read (more than {max_depth} levels)", 0, None
    # tomllib lets Python's guard against very long integers through as a bare ValueError.
    digits = _long_number(sys.get_int_max_str_digits()).search(text)
    line = text.count("\n", 0, digits.start()) + 1 if digits else 0
    return "holds an integer too long to read; no field of a ledger needs one", line, None


@lru_cache(maxsize=2)
def _long_number(digits: int) -> re.Pattern[str]:
    return re.compile(rf"[0-9_]{{{max(digits, 1)},}}")


def _syntax_error(message: str, text: str) -> tuple[str, int, int | None]:
    """tomllib's message, where it stands, and what to do about it."""
    at = _AT.search(message)
    at_end = _AT_END.search(message)
    if at:
        line, column = int(at.group(1)), int(at.group(2))
        message = _reword(message[: at.start()])
        source_line = text.split("\n")[line - 1] if line else ""
        return f"TOML syntax error: {message}{_hint(message, source_line, column)}", line, column
    if at_end:
        message = message[: at_end.start()]
        # tomllib reports a multi-line string left open where the file ends, not where it opens.
        opened = unclosed_string(text) if message == "Unterminated string" else 0
        if opened:
            return (
                "TOML syntax error: the multi-line string opened on this line is never "
                "closed; add the closing \"\"\" or '''",
                opened,
                None,
            )
        return f"TOML syntax error at the end of the file: {message}", text.count("\n") + 1, None
    return f"TOML syntax error: {message}", 0, None


_DECLARED_TWICE = re.compile(r"Cannot declare (\(.*\)) twice")


def _reword(message: str) -> str:
    # tomllib names a table by the repr of its key tuple: ('prediction', 'horizon').
    twice = _DECLARED_TWICE.fullmatch(message)
    if twice:
        try:
            key = ast.literal_eval(twice.group(1))
        except (ValueError, SyntaxError):
            return message
        name = ".".join(str(part) for part in key)
        return f"the table [{one_line(name)}] is declared twice; merge the two"
    return message


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHORT_TIME = re.compile(r"\d{2}:\d{2}(?!:\d)")


def _hint(message: str, line: str, column: int) -> str:
    """Advice for the syntax errors people make most, notably TOML 1.1 syntax."""
    if message.startswith("Unescaped"):
        # tomllib's column stands just after the letter of the bad escape.
        backslash = column - 3
        if 0 <= backslash < len(line) - 1 and line[backslash] == "\\":
            letter = line[backslash + 1]
            if letter == "e":
                return "; \\e is TOML 1.1, and ledgers are TOML 1.0: write \\u001b"
            digits = line[backslash + 2 : backslash + 4]
            if letter == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", digits):
                return f"; \\x{digits} is TOML 1.1, and ledgers are TOML 1.0: write \\u00{digits}"
            return f"; \\{one_line(letter)} is not an escape: write \\\\ for a backslash"
    if message in ("Illegal character '\\n'", "Illegal character '\\r'"):
        return (
            "; a string is not closed on this line: add the closing quote, or use triple "
            "quotes for text over several lines"
        )
    day = _DAY.search(line)
    if message == "Invalid date or datetime" and day:
        return f"; {day.group()} is not a day of the calendar"
    if message.startswith("Expected newline") and _SHORT_TIME.search(line):
        return (
            "; a time without seconds is TOML 1.1, and ledgers are TOML 1.0; ledger dates "
            "take no time at all: write 2025-01-15"
        )
    if message == "Invalid initial character for a key part":
        if re.search(r",\s*}", line):
            return "; TOML 1.0 allows no comma after the last entry of an inline table"
        if line.count("{") > line.count("}"):
            return (
                "; an inline table { ... } must stay on one line in TOML 1.0: write it on "
                "one line or as a [table]"
            )
    if message == "Cannot overwrite a value":
        return "; this key or table is already defined above: keep one"
    return ""
