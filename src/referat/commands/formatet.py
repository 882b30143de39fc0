"""`referat format [AFSNIT]`: the file format's documentation, from the installed package."""

from __future__ import annotations

import sys

import typer

from referat.cliapp import UsageError, app, friendly


@app.command("format")
@friendly
def format_(
    afsnit: str | None = typer.Argument(None, metavar="AFSNIT",
                                        help="Vis kun dette afsnit, fx mødefil, gruppe.yaml, personer.yaml, "
                                             "kommuner.yaml, datoer eller opgaver."),
) -> None:
    """Viser, hvordan møder, grupper og registre skrives (filformatet)."""
    from referat import formatdoc
    from referat.errors import ReferatError

    try:
        doc = formatdoc.section(afsnit) if afsnit else formatdoc.text()
    except ReferatError as exc:
        raise UsageError(str(exc)) from None
    if not sys.stdout.isatty():
        typer.echo(doc, nl=False)
        return
    import os

    from rich.console import Console
    from rich.markdown import Markdown

    # pydoc's pager runs less; -R lets it show the colours instead of escape codes.
    os.environ.setdefault("LESS", "-R")
    console = Console()
    with console.pager(styles=True):
        console.print(Markdown(doc))
