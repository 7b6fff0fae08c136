"""Shared test set-up: hypothesis profiles.

`ci` (chosen when the CI variable is set) keeps the suite within a few minutes on two cores;
`dev` is the default for local runs; `long` is for deliberate, longer searches:
`HYPOTHESIS_PROFILE=long python -m pytest`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# The suite must not fill the user's cache folder: every test, and every process a test starts,
# caches parsed files in one temporary folder of this run (tests of the cache itself set their
# own).
_CACHE = tempfile.mkdtemp(prefix="predictledger-test-cache-")
os.environ["PREDICTLEDGER_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
# Tables fit the width COLUMNS gives; tests that want a width set it themselves.
os.environ.pop("COLUMNS", None)

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
