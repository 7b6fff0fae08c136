"""The package's version, as installed: read from its metadata when this module is imported,
which happens only when someone asks (`predictledger --version`, `predictledger.__version__`)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("predictledger")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
