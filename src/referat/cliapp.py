"""The typer application and what every command shares: error handling, date options.

Each command lives in its own module under referat.commands and imports its heavy modules
inside the function, so `referat --help` starts quickly.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from referat import clitext
from referat.errors import os_reason

clitext.install()  # before any help or error is written, also when tests run the app in-process
app = typer.Typer(
    name="referat",
    help="Mødereferater i et git-repository: tjek, opgaver, dagsordener og årsrapporter.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class UsageError(Exception):
    """Wrong arguments: exit code 2, like the option parser's own errors."""


P = ParamSpec("P")
R = TypeVar("R")


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turns referat's own errors into a Danish message and an exit code, never a traceback.
    The message is shown() whole: it quotes paths and values from the archive."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from referat.errors import ReferatError
        from referat.shown import shown

        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            typer.echo(f"Fejl: {shown(exc)}", err=True)
            raise typer.Exit(2) from None
        except ReferatError as exc:
            typer.echo(f"Fejl: {shown(exc)}", err=True)
            raise typer.Exit(1) from None
        except BrokenPipeError:
            raise
        except OSError as exc:
            typer.echo(f"Fejl: {describe_os_error(exc)}", err=True)
            raise typer.Exit(1) from None

    return wrapper


def describe_os_error(exc: OSError) -> str:
    """An operating-system error in Danish, naming the file (a str, bytes or a path)."""
    from referat.shown import shown

    what = os_reason(exc)
    return f"{shown(exc.filename)}: {what}" if exc.filename else f"kunne ikke læse eller skrive en fil: {what}"


def choose(option: str, value: str, allowed: tuple[str, ...]) -> str:
    """An option with a fixed set of values, refused in Danish (click's own message is English)."""
    if value not in allowed:
        raise UsageError(f"{option} kan være {', '.join(allowed[:-1])} eller {allowed[-1]}, ikke '{value}'")
    return value


def parse_date_option(text: str | None, option: str, *, today: dt.date | None = None,
                      bound: bool = False) -> dt.date:
    """A date option (every command's --dato, --moede, --inden): today when not given. Every
    form datoer.parse_option reads; a day without a year is the one nearest today (or the
    `today` given, say --dato), and a bound (--inden) also takes 'ultimo maj' and the other
    forms of a deadline. A wrong date is a usage error that names the option."""
    from referat import datoer

    if text is None:
        return today or dt.date.today()
    try:
        return datoer.parse_option(text, today or dt.date.today(), bound=bound)
    except datoer.DateError as exc:
        raise UsageError(f"{option}: {exc}") from None


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Vis versionen og afslut.", is_eager=True),
) -> None:
    if version:
        from referat import __version__

        typer.echo(f"referat {__version__}")
        raise typer.Exit()
