"""`referat kalender`: open deadlines and planned meetings as an iCalendar file (.ics)."""

from __future__ import annotations

from pathlib import Path

import typer

from referat.cliapp import app, friendly, parse_date_option
from referat.commands import document
from referat.shown import shown


@app.command("kalender")
@friendly
def kalender(
    ud: Path | None = document.output_option(
        "Skriv kalenderen til denne fil (fx kalender.ics) i stedet for at vise den."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Tag planlagte møder med fra denne dato i stedet for fra i dag."),
) -> None:
    """Laver en kalenderfil (.ics) med åbne frister og planlagte møder til Outlook og Google Kalender."""
    from referat import calendar_ics

    today = parse_date_option(dato, "--dato")
    rep = document.open_archive()
    document.note_unreadable(rep.unreadable())
    result = calendar_ics.build(rep, rep.tasks(closed=False), today)
    if ud is None:
        typer.echo(result.data, nl=False)
        return
    document.check_target(ud, "kalenderen", "kalender.ics")
    document.write_file(ud, result.data, "kalenderen")
    typer.echo(f"Skrev {_count(result.deadlines, 'frist', 'frister')} og "
               f"{_count(result.meetings, 'møde', 'møder')} til {shown(ud)}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
