"""Danish for every text typer prints itself: help pages, usage errors and their hints.

typer (0.26 and later) carries its own copy of click, and that copy has no gettext calls: its
texts ("Usage: ", "No such option: --ud", "Try 'referat -h' for help.") are English f-strings.
Only typer's own strings go through gettext, and gettext picks the language from LANGUAGE and
LANG, so it would speak English on an English CI machine unless referat changed the
environment its child processes (git, pandoc) inherit. So the catalogue below is a mapping
from each English text, placeholders and all, to Danish, and install() puts it where typer's
text passes on its way to the user:

- typer.core's `_` (its gettext): the headings, "[required]", "[default: …]", "Aborted!";
- the help formatter (Context.formatter_class, click's hook for it): the usage line, the
  metavars typer invents and the help option's own help;
- ClickException.show and UsageError.show, which write "Error: " with the message and the
  hint; the message, built by click from English pieces, is matched against the catalogue's
  templates as a whole, so a value the user typed is never translated.

Nothing is compiled until a usage error is shown: a command that prints none of typer's text
pays only for a dict and a few attribute assignments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import IO, Any

from typer._click import core, exceptions, formatting
from typer._click._compat import get_text_stderr
from typer._click.utils import echo

# English as typer 0.28 writes it (placeholders named here, in the order of the source) ->
# Danish. Messages that wrap another message come first: the first template that matches a
# whole message wins, and "{message}" in it is translated in turn.
CATALOGUE: dict[str, str] = {
    # errors: the frame and the messages that wrap others
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.\n": "Se '{command} {option}' for hjælp.\n",
    "Invalid value for {hint}: {message}": "Ugyldig værdi for {hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "{message} (Possible options: {options})": "{message} (Mulige tilvalg: {options})",
    "{message}. Did you mean {suggestions}?": "{message}. Mente du {suggestions}?",
    # errors from the parser and the commands
    "No such option: {name}": "Ukendt tilvalg: {name}",
    "No such command {name!r}.": "Ukendt kommando {name!r}.",
    "Missing command.": "Mangler en kommando.",
    "Got unexpected extra argument(s) ({args})": "For mange argumenter: {args}",
    "Missing argument {hint}. {message}": "Mangler argumentet {hint}. {message}",
    "Missing argument {hint}.": "Mangler argumentet {hint}.",
    "Missing option {hint}. {message}": "Mangler tilvalget {hint}. {message}",
    "Missing option {hint}.": "Mangler tilvalget {hint}.",
    "Missing parameter {hint}.": "Mangler parameteren {hint}.",
    "Missing parameter: {name}": "Mangler parameteren {name}",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
    "Option {name} does not take a value.": "Tilvalget {name} tager ingen værdi.",
    "Option {name} requires an argument.": "Tilvalget {name} skal have en værdi.",
    "Option {name} requires {count} arguments.": "Tilvalget {name} skal have {count} værdier.",
    "Argument {name} takes {count} values.": "Argumentet {name} skal have {count} værdier.",
    "Takes {count} values but {given} given.": "Skal have {count} værdier, men fik {given}.",
    "{count} values are required, but {given} given.": "Skal have {count} værdier, men fik {given}.",
    "Value must be an iterable.": "Værdien skal være en liste.",
    # errors from the value types
    "{value} is not one of {choices}.": "{value} er ikke en af {choices}.",
    "{value} is not a valid int.": "{value} er ikke et helt tal.",
    "{value} is not a valid float.": "{value} er ikke et tal.",
    "{value} is not a valid UUID.": "{value} er ikke et gyldigt UUID.",
    "{value} is not a valid boolean. Recognized values: {states}":
        "{value} er hverken ja eller nej. Gyldige værdier: {states}",
    "{value} is not a valid int range.": "{value} er ikke et helt tal.",
    "{value} is not a valid float range.": "{value} er ikke et tal.",
    "{value} is not a valid {type}.": "{value} er ikke en gyldig værdi.",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}.",
    "{value} does not match the formats {formats}.": "{value} passer ikke til formaterne {formats}.",
    "{kind} {path} does not exist.": "{path} findes ikke.",
    "{kind} {path} is a file.": "{path} er en fil.",
    "{kind} {path} is a directory.": "{path} er en mappe.",
    "{kind} {path} is not readable.": "{path} kan ikke læses.",
    "{kind} {path} is not writable.": "{path} kan ikke skrives.",
    "Could not open file {name}: {message}": "Kunne ikke åbne filen {name}: {message}",
    "unknown error": "ukendt fejl",
    "Aborted!": "Afbrudt!",
    # the help page
    "Usage: ": "Brug: ",
    "[OPTIONS]": "[TILVALG]",
    "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]...",
    "Arguments": "Argumenter",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "required": "påkrævet",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "(dynamic)": "(beregnes)",
    # the metavars typer makes from a value's type when an option names none
    "<str>": "TEKST",
    "<int>": "HELTAL",
    "<float>": "TAL",
    "<int range>": "HELTAL",
    "<float range>": "TAL",
    "<boolean>": "JA|NEJ",
    "<uuid>": "UUID",
    "<path>": "STI",
    "<file>": "FIL",
    "<directory>": "MAPPE",
    "<filename>": "FILNAVN",
}

_FIELD = re.compile(r"\{(\w+)(?:![rsa])?\}")
_METAVAR = re.compile(r"<[a-z ]+>")
_WORD = r"\w+"


def gettext(message: str) -> str:
    """typer's `_`: the Danish text for one of its own strings, placeholders kept."""
    return CATALOGUE.get(message, message)


def translate(text: str) -> str:
    """A whole message click or typer built, in Danish; unknown text is returned as it is."""
    if (danish := CATALOGUE.get(text)) is not None:
        return danish
    for pattern, danish in _templates():
        if match := pattern.fullmatch(text):
            values = {k: translate(v) if k == "message" else v for k, v in match.groupdict().items()}
            return fill(danish, **values)
    return text


def fill(template: str, **values: str) -> str:
    """The template with its placeholders replaced by the values as they are (no repr, no format
    spec: a value holding braces stays as it is)."""
    return _FIELD.sub(lambda m: values[m[1]], template)


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """The catalogue's templates as patterns over a whole message, in the catalogue's order."""
    compiled = []
    for english, danish in CATALOGUE.items():
        parts = _FIELD.split(english)  # text, name, text, name, ..., text
        if len(parts) > 1:
            # {kind} is one word (Path, File): two free placeholders side by side would make a
            # long value cost quadratic time
            regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_WORD if p == 'kind' else '.*?'})"
                            for i, p in enumerate(parts))
            compiled.append((re.compile(regex, re.DOTALL), danish))
    return compiled


class DanishHelpFormatter(formatting.HelpFormatter):
    """click's help formatter with the pieces click writes itself in Danish."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english in ("[OPTIONS]", "COMMAND [ARGS]..."):
            args = args.replace(english, CATALOGUE[english])
        super().write_usage(prog, args, gettext(prefix or "Usage: "))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(_METAVAR.sub(lambda m: gettext(m[0]), term), gettext(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _error_line(error: exceptions.ClickException) -> str:
    return fill(CATALOGUE["Error: {message}"], message=translate(error.format_message()))


def _show_error(self: exceptions.ClickException, file: IO[Any] | None = None) -> None:
    """ClickException.show in Danish."""
    echo(_error_line(self), file=file or get_text_stderr(), color=self.show_color)


def _show_usage_error(self: exceptions.UsageError, file: IO[Any] | None = None) -> None:
    """UsageError.show in Danish: the usage line, where to find help, and the error."""
    file = file or get_text_stderr()
    color = None
    if self.ctx is not None:
        color = self.ctx.color
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            hint = fill(CATALOGUE["Try '{command} {option}' for help.\n"], command=self.ctx.command_path,
                        option=self.ctx.help_option_names[0])
        echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
    echo(_error_line(self), file=file, color=color)


def install() -> None:
    """Makes typer speak Danish in this process, whatever the user's locale (see the docstring)."""
    import typer.core

    typer.core._ = gettext  # type: ignore[attr-defined]
    core.Context.formatter_class = DanishHelpFormatter
    exceptions.ClickException.show = _show_error  # type: ignore[method-assign]
    exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]
