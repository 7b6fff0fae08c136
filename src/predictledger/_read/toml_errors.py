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

from .._text import terminal_safe
from .toml_lex import STRINGS_AND_COMMENTS_PATTERN, key_end, unclosed_string

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
        message = message[: at.start()]
        source_line = text.split("\n")[line - 1] if line else ""
        mistake = _mistake(message, source_line, column)
        if mistake:
            # A mistake recognised is said in its own words, not in the parser's.
            return f"TOML syntax error: {mistake}", line, column
        message = _reword(message)
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
_IMMUTABLE = re.compile(r"Cannot mutate immutable namespace (\(.*\))")


def _key_name(tuple_text: str) -> str | None:
    # tomllib names a table by the repr of its key tuple: ('prediction', 'horizon').
    try:
        key = ast.literal_eval(tuple_text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(key, tuple):
        return None
    return terminal_safe(".".join(str(part) for part in key))


def _reword(message: str) -> str:
    twice = _DECLARED_TWICE.fullmatch(message)
    if twice:
        name = _key_name(twice.group(1))
        if name is not None:
            return f"the table [{name}] is declared twice; merge the two"
    immutable = _IMMUTABLE.fullmatch(message)
    if immutable:
        name = _key_name(immutable.group(1))
        if name is not None:
            return (
                f"'{name}' is already given whole above (as an inline table {{ ... }} or an "
                f"array), so no key can be added to it here; put every key of {name} in "
                "one place"
            )
    return message


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHORT_TIME = re.compile(r"\d{2}:\d{2}(?!:\d)")
_OTHER_DATE = re.compile(
    r"(?<![\w.])"
    r"(?:\d{4}[/.]\d{1,2}[/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})"
    r"(?![\w.])"
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_BOOLEANS = {"true", "false", "yes", "no", "on", "off"}
_NULLS = {"none", "null", "nil"}
_AFTER_STATEMENT = "Expected newline or end of document after a statement"


def _mistake(message: str, line: str, column: int) -> str:
    """The mistake people make most that explains `message` on `line`, in plain words, or
    an empty string. `column` (1-based) is where the parser stopped."""
    rest = line[max(column - 1, 0) :]
    date = _odd_date(message, line, column)
    if date:
        return date
    if message == _AFTER_STATEMENT:
        stripped = rest.lstrip()
        if stripped.startswith(",") and not stripped[1:].strip():
            return (
                "remove the comma at the end of the line; TOML puts one key = value on each "
                "line, without commas"
            )
        if stripped.startswith(";"):
            return "remove the ';'; TOML puts one key = value on each line, without ';'"
        if stripped.startswith(",") and line[: column - 1].rstrip()[-1:].isdigit():
            return "write decimals with a point: 0.7, not 0,7"
        if stripped.startswith("%"):
            return "write a probability as a number between 0 and 1: 0.7, not 70%"
    if message in ("Illegal character '\\n'", "Illegal character '\\r'"):
        return (
            "a string is not closed on this line: add the closing quote, or use triple "
            "quotes for text over several lines"
        )
    if message == "Invalid value":
        return _invalid_value(rest)
    if message == "Expected '=' after a key in a key/value pair" and rest.startswith(":"):
        return "write key = value; TOML uses '=', not ':'"
    if message == "Cannot overwrite a value":
        end = key_end(line)
        key = terminal_safe(line[:end].strip()) if end > 0 else ""
        if key:
            return (
                f"the key {key} is already set above in this table; keep one (a dotted key "
                "such as horizon.start and an inline table horizon = { ... } cannot both "
                "give the same key)"
            )
    return ""


def _odd_date(message: str, line: str, column: int) -> str:
    """Advice for a date the parser stopped at: written with slashes or dots, with one-digit
    parts, or not a day of the calendar (the one where it stopped, not the first on the line)."""
    if message not in (
        "Unclosed inline table",
        "Unclosed array",
        _AFTER_STATEMENT,
        "Invalid value",
        "Invalid date or datetime",
    ):
        return ""
    code = _masked(line)  # a date in a quoted claim is no mistake
    for found in _OTHER_DATE.finditer(code):
        if not found.start() <= column - 1 <= found.end() + 1:
            continue
        shown = line[found.start() : found.end()]
        if _DAY.fullmatch(shown):
            return f"{shown} is not a day of the calendar; write a real date"
        return (
            "write dates as 2024-01-01 (year-month-day: a four-digit year, two-digit month "
            f"and day, dashes, no quotes), not {terminal_safe(shown)}"
        )
    if message == "Invalid date or datetime":
        days = [day for day in _DAY.finditer(code) if day.start() < column]
        if days:
            return f"{days[-1].group()} is not a day of the calendar; write a real date"
    return ""


_STRINGS = re.compile(STRINGS_AND_COMMENTS_PATTERN, re.DOTALL)


def _masked(line: str) -> str:
    """`line` with the content of its strings and comments replaced by spaces, every
    character kept in its place."""
    return _STRINGS.sub(lambda found: " " * len(found.group()), line)


def _invalid_value(rest: str) -> str:
    word = _WORD.match(rest)
    if word:
        name = word.group()
        if name.lower() in _BOOLEANS:
            wanted = "true" if name.lower() in ("true", "yes", "on") else "false"
            return f"write {wanted}, in lower case, not {terminal_safe(name)}"
        if name.lower() in _NULLS:
            return f"TOML has no {terminal_safe(name)}: leave the key out instead"
        return (
            'put text in double quotes: key = "text"; a value without quotes is a number, '
            "a date, true or false"
        )
    if rest.startswith("."):
        return "write a leading zero: 0.7, not .7"
    if not rest.strip() or rest.lstrip().startswith("#"):
        return "give a value after the '='"
    if rest.startswith("="):
        return "write one '=' between a key and its value"
    return ""


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
            return f"; \\{terminal_safe(letter)} is not an escape: write \\\\ for a backslash"
    if message.startswith("Expected newline") and _SHORT_TIME.search(line):
        return (
            "; a time without seconds is TOML 1.1, and ledgers are TOML 1.0; ledger dates "
            "take no time at all: write 2025-01-15"
        )
    if message.startswith("Expected newline") and re.search(r"T\d{2}:\d{2}", line):
        return "; ledger dates take no time: write 2025-01-15"
    if message == "Invalid initial character for a key part":
        if re.search(r",\s*}", line):
            return "; TOML 1.0 allows no comma after the last entry of an inline table"
        if line.count("{") > line.count("}"):
            return (
                "; an inline table { ... } must stay on one line in TOML 1.0: write it on "
                "one line or as a [table]"
            )
    if message == "Unclosed inline table" and line.count("{") > line.count("}"):
        return (
            "; an inline table { ... } closes on the line it opens (TOML 1.0): add the '}' "
            "or write it as a [table]"
        )
    if message.startswith("Expected newline"):
        return (
            "; something follows the value on its line: one key = value a line, text in one "
            "pair of quotes"
        )
    return ""
