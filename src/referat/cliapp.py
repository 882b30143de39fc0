"""The typer application and what every command shares: error handling, date options.

Each command lives in its own module under referat.commands and imports its heavy modules
inside the function, so `referat --help` starts quickly.
"""

from __future__ import annotations

import functools
from typing import Optional

import typer

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


def friendly(func):
    """Turns referat's own errors into a Danish message and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from referat.errors import ReferatError

        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            typer.echo(f"Fejl: {exc}", err=True)
            raise typer.Exit(2)
        except ReferatError as exc:
            typer.echo(f"Fejl: {exc}", err=True)
            raise typer.Exit(1)
        except BrokenPipeError:
            raise
        except OSError as exc:
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            typer.echo(f"Fejl: kunne ikke læse eller skrive en fil{where}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1)

    return wrapper


def parse_date_option(text: Optional[str], option: str):
    """A date from the command line (ISO or Danish); today when not given."""
    import datetime as dt

    from referat import datoer

    if text is None:
        return dt.date.today()
    try:
        return datoer.parse_date(text)
    except datoer.DateError as exc:
        raise UsageError(f"{option}: {exc}")


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Vis versionen og afslut.", is_eager=True),
) -> None:
    if version:
        from referat import __version__

        typer.echo(f"referat {__version__}")
        raise typer.Exit()
