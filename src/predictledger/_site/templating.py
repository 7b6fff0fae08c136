"""The Jinja2 environment every page of the site, and the one-page scorecard, is rendered with.

Jinja2 is an optional dependency (`pip install 'predictledger[site]'`): it is imported only
here, when a page is first rendered, and its absence is a `RequestError` that says what to
install.

Every value a template prints is made terminal-safe (control and bidirectional characters
written as escapes, line breaks kept) by `finalize`, then escaped by Jinja2's autoescaping
(`&`, `<`, `>`, `"` and `'` all become entities), so it is safe in element content and in any
quoted attribute alike. Only values the code marks as markup on purpose (`Markup`: the JSON-LD
block, pre-rendered SVG, text escaped piece by piece) pass as they are.

The one-page scorecard's environment (`environment(report=True)`) escapes with
`html.escape(..., quote=True)` instead, the entities that page has always used; the site's
pages use Jinja2's own escaping, which is compiled and several times faster on a site of a
hundred thousand pages.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._text import terminal_safe
from ..errors import RequestError

if TYPE_CHECKING:
    import jinja2

__all__ = ["INSTALL", "environment", "escape", "json_script", "markup"]

INSTALL = "pip install 'predictledger[site]'"
NEEDS_JINJA = f"building HTML pages needs Jinja2, which is not installed: {INSTALL}"


def escape(value: object) -> str:
    """Ledger text as it may stand in HTML: terminal-safe, then entity-escaped."""
    return html.escape(terminal_safe(str(value), newlines=True), quote=True)


# The characters `terminal_safe` rewrites: one C-speed search spares the rewrite for the
# many values that hold none.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if type(value) is str and _UNSAFE.search(value):
        return terminal_safe(value, newlines=True)
    return value


def _finalize_report(value: object) -> Any:
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape(value))


def markup(text: str) -> Any:
    """`text`, already safe HTML built by this package, to be printed as it is."""
    from markupsafe import Markup

    return Markup(text)


def json_script(data: object) -> Any:
    """`data` as JSON that may stand inside `<script type="application/ld+json">`: `<`, `>`
    and `&` written as JSON escapes, so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Line and paragraph separators are valid in JSON, not in every script parser.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return markup(text)


@lru_cache(maxsize=2)
def environment(report: bool = False) -> jinja2.Environment:
    """The shared environment (the one-page scorecard's with `report`), built on first use;
    `RequestError` without Jinja2."""
    try:
        import jinja2
    except ImportError:
        raise RequestError(NEEDS_JINJA) from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("predictledger._site", "templates"),
        autoescape=True,
        finalize=_finalize_report if report else _finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a template is read once: no look at its file on every use
    )
    return env
