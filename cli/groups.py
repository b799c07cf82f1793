"""The command groups of the CLI: each refuses an option that takes one value given more than once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import typer
from typer.core import TyperGroup


def _takes_a_value(param: Any) -> bool:
    """Tell whether a parameter is an option given with a value (`--mode phone`), not a flag or an argument."""
    return bool(getattr(param, "opts", None)) and param.opts[0].startswith("-") and \
        not getattr(param, "is_flag", False) and not getattr(param, "count", False)


def repeated_option(command: Any, args: list[str]) -> tuple[str, int] | None:
    """The first option of `command` that takes one value and that `args` give more than once, with how often;
    None when there is none. A value (`--summary --key`) is never taken for an option."""
    names = {name: param for param in command.params if _takes_a_value(param)
             for name in (*param.opts, *param.secondary_opts)}
    seen: Counter[str] = Counter()
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            break
        name, given_inline = (token.split("=", 1)[0], True) if token.startswith("--") and "=" in token else \
            (token, False)
        param = names.get(name)
        if param is None:
            continue
        if not given_inline:
            next(tokens, None)  # its value
        if not param.multiple:
            seen[param.opts[0]] += 1
    repeated = [(option, times) for option, times in seen.items() if times > 1]
    return repeated[0] if repeated else None


HELP = ("--help", "-h")
"""Options that ask for a command's help, which comes first whatever else is given."""


class OneValueGroup(TyperGroup):
    """A command group whose commands refuse `--accused usa --accused UK` (click would keep the last value and
    drop the first without a word): an option that takes one value may be given once."""

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        """Find the sub-command, and refuse its arguments if they repeat a one-value option."""
        name, command, rest = super().resolve_command(ctx, args)
        options = rest[:rest.index("--")] if "--" in rest else rest
        asks_help = any(token in HELP for token in options)
        if command is not None and not isinstance(command, TyperGroup) and not asks_help:
            repeated = repeated_option(command, rest)
            if repeated is not None:
                option, times = repeated
                raise typer.BadParameter(f"given {times} times to '{ctx.command_path} {name}', but it takes one "
                                         "value: give it once", ctx=ctx, param_hint=f"'{option}'")
        return name, command, rest
