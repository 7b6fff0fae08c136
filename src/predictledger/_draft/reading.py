"""Reading an article file for drafting: bytes to text, or one clear reason why not.

Accepted: UTF-8 text (with or without a byte-order mark), UTF-16 with its mark, and a saved web
page, whose paragraphs, headings, list items and quotations are kept (one per line) and whose
scripts, styles, navigation, headers, footers and forms are dropped. Refused, each with one
line: an empty file, a binary file, text in another encoding, a web page with no article text.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from ..errors import PredictLedgerError

__all__ = ["UnreadableArticle", "decode_article"]

_MIN_ARTICLE_WORDS = 30
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UnreadableArticle(PredictLedgerError):
    """An article file that cannot be drafted, with the reason in one line."""


def decode_article(data: bytes, name: str) -> str:
    """The text of an article file's bytes; raises `UnreadableArticle`."""
    if not data.strip():
        raise UnreadableArticle(f"{name} is empty: there is nothing to draft")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableArticle(f"{name} is not valid UTF-16 text") from None
    else:
        if b"\x00" in data[:8192]:
            raise UnreadableArticle(
                f"{name} is a binary file, not a text: give a .txt, .md or .html"
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableArticle(
                f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                f"{error.start}): convert it to UTF-8 first"
            ) from None
    if len(_CONTROL.findall(text[:8192])) > max(2, len(text[:8192]) // 100):
        raise UnreadableArticle(f"{name} is a binary file, not a text: give a .txt, .md or .html")
    if _HTML_START.match(text):
        text = html_text(text)
        if len(text.split()) < _MIN_ARTICLE_WORDS:
            raise UnreadableArticle(
                f"{name} is a web page with no article text in it (no paragraphs to draft)"
            )
    if not text.strip():
        raise UnreadableArticle(f"{name} is empty: there is nothing to draft")
    return text


class _Article(HTMLParser):
    _SKIP = frozenset(
        {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
         "template", "button", "select", "iframe"}
    )  # fmt: skip
    _BLOCKS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dd", "dt"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.depth = 0
        self.current: list[str] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self._flush()
            self.depth += 1
        elif tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self._flush()
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if not self.skipping and self.depth:
            self.current.append(data)

    def _flush(self) -> None:
        block = " ".join("".join(self.current).split())
        if block:
            self.blocks.append(block)
        self.current = []


def html_text(page: str) -> str:
    """The article text of a web page: one line per paragraph, heading or list item."""
    parser = _Article()
    parser.feed(page)
    parser.close()
    parser._flush()
    return "\n".join(parser.blocks) + ("\n" if parser.blocks else "")
