"""What the keeper's commands share on the command line: one way to report a refusal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..errors import LedgerError, RequestError
from ._common import EXIT_PROBLEMS, EXIT_USAGE, fail, print_problems

Run = Callable[[argparse.Namespace], int]


def refusals(*, writes: bool = False) -> Callable[[Run], Run]:
    """Wrap a command's `run` so that a refused request is reported as one line (status 2)
    and ledger problems as `path:line: message` lines (status 1), never as a traceback.

    For a command that `writes`, the report says that nothing was written: a refusal always
    comes before the write.
    """
    tail = " (nothing was written)" if writes else ""

    def wrap(run: Run) -> Run:
        def guarded(args: argparse.Namespace) -> int:
            try:
                return run(args)
            except RequestError as error:
                return fail(f"{error}{tail}", EXIT_USAGE)
            except LedgerError as error:
                count = print_problems(error.problems)
                problems = f"{count} problem{'s' if count != 1 else ''}"
                print(f"predictledger: {problems}{tail}", file=sys.stderr)
                return EXIT_PROBLEMS

        return guarded

    return wrap
