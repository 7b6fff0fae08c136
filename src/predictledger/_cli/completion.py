"""`predictledger completion bash|zsh|fish`: a shell completion script on standard output.

The script is written from the commands' own parsers, so it offers exactly the commands and
options this version takes, and the choices of options that have them (`--format`,
`--verdict`...). Prediction ids, for `show` and `resolve`, change as the ledger grows: the script
asks `predictledger __complete ids` for them at each press of Tab.

    bash:  eval "$(predictledger completion bash)"       (in ~/.bashrc)
    zsh:   eval "$(predictledger completion zsh)"        (in ~/.zshrc, after compinit)
    fish:  predictledger completion fish > ~/.config/fish/completions/predictledger.fish
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from attrs import frozen

from ._common import EXIT_OK
from ._registry import COMMANDS

SHELLS = ("bash", "zsh", "fish")
_ID_COMMANDS = ("show", "resolve")
"""The commands whose first positional argument is a prediction id."""
_FILE_VALUES = {"output", "path", "ledger"}
"""Options whose value is a file or a folder."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run(args: argparse.Namespace) -> int:
    print(SCRIPTS[args.shell](command_specs()), end="")
    return EXIT_OK


@frozen
class Option:
    names: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...] = ()
    files: bool = False
    repeatable: bool = False


@frozen
class Spec:
    name: str
    help: str
    options: tuple[Option, ...]


def command_specs() -> list[Spec]:
    """Every command with its options, read from its parser."""
    specs = []
    for command in COMMANDS:
        module = importlib.import_module(command.module, __name__.rpartition(".")[0])
        parser = argparse.ArgumentParser(prog=command.name)
        module.add_arguments(parser)
        options = []
        for action in parser._actions:
            if not action.option_strings:
                continue
            takes_value = action.nargs != 0
            options.append(
                Option(
                    names=tuple(action.option_strings),
                    help=" ".join((action.help or "").split()).replace("%%", "%"),
                    takes_value=takes_value,
                    choices=tuple(str(c) for c in action.choices or ()),
                    files=takes_value and action.dest in _FILE_VALUES,
                    repeatable=isinstance(action, argparse._AppendAction),
                )
            )
        specs.append(Spec(command.name, command.help, tuple(options)))
    return specs


def _words(specs: list[Spec]) -> str:
    return " ".join(spec.name for spec in specs)


def bash(specs: list[Spec]) -> str:
    """The bash script: `complete -F` with a function reading COMP_WORDS."""
    option_cases = []
    value_cases = []
    for spec in specs:
        names = " ".join(name for option in spec.options for name in option.names)
        option_cases.append(f'        {spec.name}) options="{names}" ;;')
        for option in spec.options:
            if not option.takes_value:
                continue
            pattern = "|".join(f"{spec.name}:{name}" for name in option.names)
            if option.choices:
                action = f'COMPREPLY=($(compgen -W "{" ".join(option.choices)}" -- "$cur"))'
            elif option.files:
                action = 'COMPREPLY=($(compgen -f -- "$cur"))'
            else:
                action = "COMPREPLY=()"
            value_cases.append(f"        {pattern}) {action}; return ;;")
    takes_value = " ".join(
        f"{spec.name}:{name}"
        for spec in specs
        for option in spec.options
        if option.takes_value
        for name in option.names
    )
    return f"""\
# bash completion for predictledger; load it with: eval "$(predictledger completion bash)"
_predictledger() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}"
    local prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local command="" ledger="" positionals=0 i word skip=""
    local valued=" {takes_value} "
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        if [[ -n "$skip" ]]; then
            [[ "$skip" == "--path" || "$skip" == "--ledger" || "$skip" == "-f" ]] && ledger="$word"
            skip=""
            continue
        fi
        if [[ -z "$command" ]]; then
            [[ "$word" != -* ]] && command="$word"
            continue
        fi
        if [[ "$word" == -* ]]; then
            [[ "$word" != *=* && "$valued" == *" $command:$word "* ]] && skip="$word"
        else
            positionals=$((positionals + 1))
        fi
    done
    if [[ -z "$command" ]]; then
        COMPREPLY=($(compgen -W "{_words(specs)} --help --version" -- "$cur"))
        return
    fi
    case "$command:$prev" in
{chr(10).join(value_cases)}
    esac
    local options=""
    case "$command" in
{chr(10).join(option_cases)}
        *) return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ ( "$command" == show || "$command" == resolve ) && $positionals -eq 0 ]]; then
        local ids
        ids="$(predictledger __complete ids ${{ledger:+--path "$ledger"}} 2>/dev/null)"
        COMPREPLY=($(compgen -W "$ids" -- "$cur"))
    elif [[ "$command" == completion ]]; then
        COMPREPLY=($(compgen -W "{" ".join(SHELLS)}" -- "$cur"))
    else
        COMPREPLY=($(compgen -d -- "$cur"))
    fi
}}
complete -F _predictledger predictledger
"""


def _zsh_quote(text: str) -> str:
    """`text` inside a zsh single-quoted `_arguments` spec: quotes doubled up, and the
    characters `_arguments` gives a meaning to escaped."""
    for char in "\\[]:":
        text = text.replace(char, "\\" + char)
    return text.replace("'", "'\\''")


def zsh(specs: list[Spec]) -> str:
    """The zsh script: `_arguments` specs for each command, under `compdef`."""
    described = "\n".join(f"        '{spec.name}:{_zsh_quote(spec.help)}'" for spec in specs)
    cases = []
    for spec in specs:
        lines = []
        for option in spec.options:
            help_text = _zsh_quote(option.help)
            value = ""
            if option.takes_value:
                if option.choices:
                    value = f":value:({' '.join(option.choices)})"
                elif option.files:
                    value = ":file:_files"
                else:
                    value = ":value: "
            names = option.names
            many = "*" if option.repeatable else ""
            if len(names) > 1:
                exclusive = "(" + " ".join(names) + ")"
                lines.append(f"'{many}{exclusive}'{{{','.join(names)}}}'[{help_text}]{value}'")
            else:
                lines.append(f"'{many}{names[0]}[{help_text}]{value}'")
        if spec.name in _ID_COMMANDS:
            lines.append("'1:prediction id:_predictledger_ids'")
        elif spec.name == "completion":
            lines.append(f"'1:shell:({' '.join(SHELLS)})'")
        if spec.name not in ("resolve", "add", "completion"):
            lines.append("'*:ledger root:_files -/'")
        joined = " \\\n                ".join(lines)
        cases.append(
            f"            {spec.name})\n                _arguments {joined}\n                ;;"
        )
    return f"""\
#compdef predictledger
# zsh completion for predictledger; load it with: eval "$(predictledger completion zsh)"
_predictledger_ids() {{
    local -a ids
    local ledger=${{opt_args[--path]:-${{opt_args[--ledger]:-${{opt_args[-f]}}}}}}
    ids=(${{(f)"$(predictledger __complete ids ${{ledger:+--path "$ledger"}} 2>/dev/null)"}})
    compadd -a ids
}}

_predictledger() {{
    local -a commands
    commands=(
{described}
    )
    local curcontext="$curcontext" state line
    typeset -A opt_args
    _arguments -C '(- *)--version[print the version]' '(- *)'{{-h,--help}}'[show help]' \\
        '1:command:->command' '*::argument:->argument'
    case $state in
        command)
            _describe -t commands 'predictledger command' commands
            ;;
        argument)
            case $words[1] in
{chr(10).join(cases)}
            esac
            ;;
    esac
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _predictledger "$@"
else
    compdef _predictledger predictledger
fi
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(specs: list[Spec]) -> str:
    """The fish script: one `complete` line per command and option."""
    lines = [
        "# fish completion for predictledger; install it with:",
        "#   predictledger completion fish > ~/.config/fish/completions/predictledger.fish",
        "complete -c predictledger -f",
        "complete -c predictledger -n __fish_use_subcommand -l version -d 'print the version'",
    ]
    for spec in specs:
        lines.append(
            f"complete -c predictledger -n __fish_use_subcommand -a {spec.name} "
            f"-d {_fish_quote(spec.help)}"
        )
    for spec in specs:
        when = f"-n '__fish_seen_subcommand_from {spec.name}'"
        for option in spec.options:
            flags = " ".join(
                f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}"
                for name in option.names
            )
            value = ""
            if option.takes_value:
                if option.choices:
                    value = f" -x -a {_fish_quote(' '.join(option.choices))}"
                elif option.files:
                    value = " -r -F"
                else:
                    value = " -x"
            help_text = _fish_quote(option.help)
            lines.append(f"complete -c predictledger {when} {flags}{value} -d {help_text}")
    ids = " ".join(_ID_COMMANDS)
    lines.append(
        f"complete -c predictledger -n '__fish_seen_subcommand_from {ids}' "
        "-a '(predictledger __complete ids 2>/dev/null)' -d 'prediction id'"
    )
    lines.append(
        "complete -c predictledger -n '__fish_seen_subcommand_from completion' "
        f"-a {_fish_quote(' '.join(SHELLS))}"
    )
    return "\n".join(lines) + "\n"


SCRIPTS: dict[str, Callable[[list[Spec]], str]] = {"bash": bash, "zsh": zsh, "fish": fish}
