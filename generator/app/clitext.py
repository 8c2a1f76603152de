"""The command line's own words in Dutch: what Typer and click print around our help texts.

Our commands and options carry Dutch help; Typer and the click it ships add English: "Usage:",
"Options", "Show this message and exit.", "[default: …]", "<str>", "Missing argument …". Here they
become Dutch, in one place: a command class (`Command`, `Group`) whose help option, usage line and
value types speak Dutch, and the titles and error texts of Typer's help panels. `cli.py` uses the
classes for every command; `tests/test_cli_text.py` checks every command's help for English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer
from typer import rich_utils
from typer._click.core import Context as ClickContext
from typer._click.exceptions import ClickException
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

HELP_OPTION = "Toon deze hulp en stop."
USAGE = "Gebruik: "

# the value types Typer shows after an option ("<str>"): Dutch, and nothing for a switch
TYPES = {
    "<str>": "<tekst>",
    "<int>": "<getal>",
    "<float>": "<getal>",
    "<path>": "<pad>",
    "<bool>": "",
    "<list[str]>": "<tekst>…",
    "<list[int]>": "<getal>…",
}

# Typer's panels and notes (module constants it reads when it prints)
PANELS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Commando's",
    "ERRORS_PANEL_TITLE": "Fout",
    "ABORTED_TEXT": "Afgebroken.",
    "DEFAULT_STRING": "[standaard: {}]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "DEPRECATED_STRING": "(verouderd) ",
    "RICH_HELP": "Hulp: [blue]'{command_path} {help_option}'[/].",
}

# click's error messages (it has no translations of its own), most specific first
ERRORS = [
    (r"Missing argument '([^']*)'\.", r"Het argument '\1' ontbreekt."),
    (r"Missing option '([^']*)'\.", r"De optie '\1' ontbreekt."),
    (r"Missing command\.", "Er ontbreekt een commando."),
    (r"No such command '([^']*)'\.", r"Onbekend commando '\1'."),
    (r"No such option: (\S+)", r"Onbekende optie: \1"),
    (r"\(Possible options: ([^)]*)\)", r"(bedoelde u: \1?)"),
    (r"Did you mean ([^?]*)\?", r"Bedoelde u \1?"),
    (r"Option '([^']*)' requires an argument\.", r"De optie '\1' heeft een waarde nodig."),
    (r"Got unexpected extra arguments? \(([^)]*)\)", r"Onverwacht extra argument: \1"),
    (r"Invalid value for '([^']*)': ", r"Ongeldige waarde voor '\1': "),
    (r"'([^']*)' is not a valid integer(?: range)?\.", r"'\1' is geen geheel getal."),
    (r"Input should be a valid integer[^\n]*", "geef een geheel getal."),
    (r"Input should be a valid number[^\n]*", "geef een getal."),
    (r"'([^']*)' is not a valid float(?: range)?\.", r"'\1' is geen getal."),
    (r"'([^']*)' is not one of (.*)\.", r"'\1' is niet een van \2."),
    (r"Path '([^']*)' does not exist\.", r"Het pad '\1' bestaat niet."),
]


def dutch_error(message: str) -> str:
    for pattern, replacement in ERRORS:
        message = re.sub(pattern, replacement, message)
    return message


class Formatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE if prefix is None else prefix)


class Context(typer.Context):
    formatter_class = Formatter


def _dutch_type(shown):
    return TYPES.get(shown, shown) if isinstance(shown, str) else shown


if TYPE_CHECKING:  # the mixin is used on Typer's command classes: the type checker sees it as one
    _Command = TyperCommand
else:
    _Command = object


class _Dutch(_Command):
    """The help option, usage line and value types of a command, in Dutch."""

    context_class: type[ClickContext] = Context

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_metavar = "[OPTIES]"
        if hasattr(self, "subcommand_metavar"):
            self.subcommand_metavar = "COMMANDO [ARGUMENTEN]..."

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:  # the type shown in the help, once per parameter
            if not getattr(param, "_dutch_type", False) and hasattr(param, "display_type_rich"):
                shown = param.display_type_rich
                param.display_type_rich = lambda ctx, shown=shown: _dutch_type(shown(ctx))
                setattr(param, "_dutch_type", True)  # translated once
        return params


class Command(_Dutch, TyperCommand):
    pass


class Group(_Dutch, TyperGroup):
    pass


def _dutch_error_panel(original: Callable[[ClickException], None]) -> Callable[[ClickException], None]:
    def show(self: ClickException) -> None:
        message = dutch_error(self.format_message())
        self.format_message = lambda: message  # type: ignore[method-assign]  # this one exception, as the panel reads it
        original(self)

    return show


def install() -> None:
    """Typer's panel titles, notes and error texts in Dutch (once, before any help is printed)."""
    for name, text in PANELS.items():
        setattr(rich_utils, name, text)
    if not getattr(rich_utils.rich_format_error, "_dutch", False):
        setattr(rich_utils, "rich_format_error", _dutch_error_panel(rich_utils.rich_format_error))  # like the panels above
        setattr(rich_utils.rich_format_error, "_dutch", True)  # wrapped once
