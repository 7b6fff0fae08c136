"""The argument parser of every command: argparse, with usage errors that help.

A usage error is one line with exit status 2 (`UsageError`), and it says what was meant when a
word is close to a known one: a misspelt command (`chekc`), a misspelt option (`scorecard
--fromat`), a misspelt choice (`--format tabel`), or an option that belongs to another command
(`due --verdict`). Each message names the command and points at its `--help`. The one mechanism
is this parser class, which every command's parser is an instance of.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any, NoReturn

from .._text import suggest
from ._common import UsageError
from ._registry import COMMANDS

__all__ = ["Parser", "unknown_words"]


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line (exit status 2) that suggest the closest word."""

    def error(self, message: str) -> NoReturn:
        if message.startswith(("the following arguments are required", "unknown ", "unexpected")):
            message += f"; see `{self.prog} --help`"
        raise UsageError(f"{self.prog}: {message}")

    # argparse checks every value with choices (a command name, `--format`) here.
    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices if not str(choice).startswith("_")]
        if isinstance(action, argparse._SubParsersAction):
            raise argparse.ArgumentError(
                None,
                f"unknown command '{value}'{suggest(str(value), names)}",
            )
        shown = ", ".join(repr(name) for name in names)
        raise argparse.ArgumentError(
            action,
            f"invalid choice: '{value}'{suggest(str(value), names)} (choose from {shown})",
        )

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # An unknown option is named before argparse complains of a missing argument, which
        # the misspelt option may well be the cause of (`resolve x --verdcit true`).
        if args is not None:
            self._refuse_unknown_options(args)
        return super().parse_known_args(args, namespace)

    def _refuse_unknown_options(self, args: Sequence[str]) -> None:
        commands = any(isinstance(a, argparse._SubParsersAction) for a in self._actions)
        for word in args:
            if word == "--" or (commands and not word.startswith("-")):
                return  # the rest is the command's to read
            # argparse reads a word with a space as a value, never as an option.
            if not word.startswith("--") or " " in word:
                continue
            name = word.split("=", 1)[0]
            if not any(option.startswith(name) for option in self._option_string_actions):
                self.error(unknown_words(self, [word]))

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = self._command_parser(parsed)
            command.error(unknown_words(command, extras))
        return parsed

    def _command_parser(self, parsed: argparse.Namespace) -> Parser:
        """The parser of the command that was given, where the unknown words were met."""
        name = getattr(parsed, "command", None)
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction) and name in action.choices:
                found = action.choices[name]
                if isinstance(found, Parser):
                    return found
        return self


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--")
    ]


def _owners(option: str, here: str) -> list[str]:
    """The commands, other than `here`, that take `option`."""
    owners = []
    for command in COMMANDS:
        if command.name == here:
            continue
        module = importlib.import_module(command.module, __name__.rpartition(".")[0])
        probe = argparse.ArgumentParser(add_help=False)
        module.add_arguments(probe)
        if option in _options(probe):
            owners.append(command.name)
    return owners


def unknown_words(parser: argparse.ArgumentParser, words: Sequence[str]) -> str:
    """Why `words` are not understood by the command of `parser`, with the closest option or
    the commands that do take an option given to the wrong one."""
    word = words[0]
    if not word.startswith("-") or word == "-":
        rest = f" (and {len(words) - 1} more)" if len(words) > 1 else ""
        return f"unexpected argument '{word}'{rest}"
    option = word.split("=", 1)[0]
    known = _options(parser)
    command = parser.prog.split()[-1]
    message = f"unknown option '{option}'"
    owners = _owners(option, command) if option.startswith("--") else []
    if owners and " " not in parser.prog:
        return f"{message} before the command: it is an option of {' and '.join(owners)}"
    if owners:
        return f"{message}: it is an option of {' and '.join(owners)}, not of {command}"
    return message + suggest(option, known)
