"""Former home of `refusals`, which now lives in `_common` with everything commands share."""

from ._common import refusals

__all__ = ["refusals"]
