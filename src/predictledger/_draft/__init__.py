"""Drafting: proposing the forward-looking claims of an article as candidate records.

`draft(text, language=..., published=...)` returns `Candidate` records; `render` turns them into
JSON or TOML. See docs/drafting.md for how it works, its cues and its limits.
"""

from __future__ import annotations

from .candidate import CLAIM_PLACEHOLDER, RESOLUTION_PLACEHOLDER, Candidate, is_placeholder
from .engine import draft
from .french import INSTALL, MissingDependency
from .language import SUPPORTED, UnsupportedLanguage, detect_language
from .render import render

__all__ = [
    "CLAIM_PLACEHOLDER",
    "INSTALL",
    "RESOLUTION_PLACEHOLDER",
    "SUPPORTED",
    "Candidate",
    "MissingDependency",
    "UnsupportedLanguage",
    "detect_language",
    "draft",
    "is_placeholder",
    "render",
]
