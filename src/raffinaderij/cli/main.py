"""`raff`: thin commands — parse, call a service, print (a table, or JSON with --json).

Identity: whoever can open the store file holds all of it, so the CLI does not ask for a
password; it acts as `--as USER` (or RAFF_USER), and that user's roles and level apply. Every
command goes through a service and leaves an audit row like any API call.

Exit codes: 0 done, 1 refused or failed (a `RaffError`, one line), 2 usage error, 130 interrupted.
With `--json` every outcome is one JSON document on stdout, usage errors included.
Start-up imports nothing heavy: the command registry (`cli/commands.py`) names each handler as
`module:function`, imported only when that command runs.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from raffinaderij import __version__
from raffinaderij.cli.commands import COMMANDS, DEFAULT_SUBCOMMAND, GROUPS, Command
from raffinaderij.errors import RaffError

__all__ = ["UsageError", "build_parser", "leaf_parsers", "main"]


class UsageError(Exception):
    """The command line itself is wrong: exit 2, with a hint."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where


class RaffParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, and suggests the nearest command or option."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.prog, message.removeprefix("argument COMMAND: "))

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(c) for c in choices]
        if isinstance(action, argparse._SubParsersAction):
            # the old hyphenated names and two-word paths are near misses too
            spaced = [" ".join(c.words) for c in COMMANDS]
            guess = difflib.get_close_matches(str(value).replace("-", " "), spaced, n=1)
            guess = guess or difflib.get_close_matches(str(value), names, n=1)
            what = "command"
        else:
            guess = difflib.get_close_matches(str(value), names, n=1)
            what = "choice"
        hint = f"; did you mean {guess[0]!r}?" if guess else f" (choose from {', '.join(names)})"
        raise argparse.ArgumentError(action, f"unknown {what} {value!r}{hint}")


def _load(ref: str) -> Callable[..., Any]:
    module, _, name = ref.partition(":")
    handler: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return handler


def _common() -> tuple[RaffParser, RaffParser]:
    common = RaffParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument(
        "--db", default=None, help="store file (default: RAFF_DB or RAFF_DATA_DIR/raff.duckdb)"
    )
    common.add_argument(
        "--data-dir",
        dest="data_dir",
        default=None,
        help="data folder: store, policy, indexes (default: RAFF_DATA_DIR, else var)",
    )
    common.add_argument(
        "--as", dest="as_user", default=None, help="act as this user (default: RAFF_USER)"
    )
    in_case = RaffParser(add_help=False)
    in_case.add_argument("--case", help="the case or theme you work in")
    in_case.add_argument("--purpose", help="the purpose of this session")
    return common, in_case


def build_parser() -> argparse.ArgumentParser:
    parser = RaffParser(
        prog="raff",
        description="Raffinaderij: police analysis with the law built in.",
        epilog="`raff COMMAND --help` for a command's options; --json on any command.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    common, in_case = _common()
    top = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=RaffParser)
    groups: dict[str, Any] = {}
    for command in COMMANDS:
        where = top
        if len(command.words) == 2:
            group = command.words[0]
            if group not in groups:
                gp = top.add_parser(group, help=GROUPS[group], description=GROUPS[group])
                gp.add_argument("--json", action="store_true", help="machine-readable output")
                gp.set_defaults(_group=gp)
                groups[group] = gp.add_subparsers(
                    dest="subcommand", metavar="COMMAND", parser_class=RaffParser
                )
            where = groups[group]
        parents = [common, in_case] if command.in_case else [common]
        leaf = where.add_parser(
            command.words[-1],
            help=command.help,
            description=command.help,
            parents=parents,
            prog=f"raff {command.path}",
        )
        for a in command.args:
            leaf.add_argument(*a.flags, **a.options)
        leaf.set_defaults(_command=command, _leaf=leaf)
    return parser


def leaf_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every command's own parser by its path ("resolve train"), for the tests."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                inner = leaf_parsers(sub)
                if inner:
                    found.update({f"{name} {k}": v for k, v in inner.items()})
                else:
                    found[name] = sub
    return found


def _rewrite(argv: list[str]) -> list[str]:
    """The old hyphenated names (`resolve-train`) and a group's default command (`compare --subjects
    F`, `ingest MAPPING`)."""
    if argv and "-" in argv[0] and not argv[0].startswith("-"):
        words = argv[0].split("-", 1)
        if any(c.words == tuple(words) for c in COMMANDS):
            argv = [*words, *argv[1:]]
    if argv and argv[0] in DEFAULT_SUBCOMMAND:
        rest = argv[1:]
        named = {c.words[1] for c in COMMANDS if len(c.words) == 2 and c.words[0] == argv[0]}
        if not rest or (rest[0] not in named and rest[0] not in ("-h", "--help")):
            argv = [argv[0], DEFAULT_SUBCOMMAND[argv[0]], *rest]
    return argv


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    args, extras = parser.parse_known_args(argv)
    leaf = getattr(args, "_leaf", None) or getattr(args, "_group", None) or parser
    if extras:
        unknown = extras[0]
        options = [o for o in leaf._option_string_actions if o.startswith("--")]
        guess = difflib.get_close_matches(unknown.split("=", 1)[0], options, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise UsageError(leaf.prog, f"unknown argument {unknown!r}{hint}")
    if getattr(args, "_command", None) is None:
        group = getattr(args, "_group", None)
        if group is None:
            raise UsageError("raff", "give a command; `raff --help` lists them")
        words = sorted(c.words[1] for c in COMMANDS if c.words[0] == group.prog.split()[-1])
        raise UsageError(group.prog, f"give a command: {', '.join(words)}")
    return args


def _emit_error(message: str, kind: str, *, as_json: bool, where: str = "raff") -> None:
    if as_json:
        print(json.dumps({"error": message, "kind": kind}, ensure_ascii=False))
    else:
        print(f"{where}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = _rewrite(list(sys.argv[1:] if argv is None else argv))
    as_json = "--json" in argv
    parser = build_parser()
    try:
        args = _parse(parser, argv)
    except UsageError as exc:
        _emit_error(str(exc), "UsageError", as_json=as_json, where=exc.where)
        if not as_json:
            print(f"(`{exc.where} --help` says more)", file=sys.stderr)
        return 2
    command: Command = args._command
    if args.data_dir:
        os.environ["RAFF_DATA_DIR"] = args.data_dir
    try:
        result = _load(command.handler)(args)
    except RaffError as exc:
        _emit_error(str(exc).splitlines()[0], type(exc).__name__, as_json=as_json)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        if as_json:
            from raffinaderij.jsonable import plain

            print(json.dumps(plain(result), ensure_ascii=False, default=str))
        elif result is not None:
            from raffinaderij.cli import render

            render.show(result, _load(command.render) if command.render else None)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
