"""The Jinja2 environment every page of the site, and the one-page scorecard, is rendered with.

Jinja2 is an optional dependency (`pip install 'predictledger[site]'`): it is imported only
here, when a page is first rendered, and its absence is a `RequestError` that says what to
install.

Every value a template prints goes through `finalize`: made terminal-safe (control and
bidirectional characters written as escapes, line breaks kept) and escaped with
`html.escape(..., quote=True)`, so it is safe in element content and in any quoted attribute
alike. Autoescaping is on as well, and leaves the already escaped value alone. Only values the
code marks as markup on purpose (`Markup`: the JSON-LD block, pre-rendered SVG) pass as they are.
"""

from __future__ import annotations

import html
import json
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


def _finalize(value: object) -> Any:
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
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Line and paragraph separators are valid in JSON, not in every script parser.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return markup(text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment, built on first use; `RequestError` without Jinja2."""
    try:
        import jinja2
    except ImportError:
        raise RequestError(NEEDS_JINJA) from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("predictledger._site", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
