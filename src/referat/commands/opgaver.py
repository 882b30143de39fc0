"""`referat opgaver` and `referat opgaver luk`: open tasks across all meetings, and closing one."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from referat.tasks import Match

from referat.cliapp import UsageError, app, choose, friendly, parse_date_option
from referat.commands.document import output_option
from referat.shown import shown

FORMATS = ("tabel", "json", "csv", "csv-rfc")
SUFFIXES = {".json": "json", ".csv": "csv"}  # --ud opgaver.csv is enough

opgaver_app = typer.Typer(help="Opgaver og frister på tværs af alle møder.", no_args_is_help=False,
                          rich_markup_mode=None)
app.add_typer(opgaver_app, name="opgaver")


@opgaver_app.callback(invoke_without_command=True)
@friendly
def opgaver(
    ctx: typer.Context,
    ansvarlig: str | None = typer.Option(None, "--ansvarlig", "-a", metavar="NAVN",
                                         help="Kun opgaver for denne person eller organisation (id, navn eller "
                                              "stavemåde)."),
    kommune: str | None = typer.Option(None, "--kommune", "-k", metavar="KOMMUNE",
                                       help="Opgaver, som kommunen skylder: dens egne, dens folks og alle kommuners."),
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                                      help="Kun denne gruppes opgaver (id eller navn)."),
    alle: bool = typer.Option(False, "--alle", help="Også lukkede opgaver."),
    forfaldne: bool = typer.Option(False, "--forfaldne", help="Kun opgaver, hvis frist er overskredet."),
    inden: str | None = typer.Option(None, "--inden", metavar="DATO",
                                     help="Kun opgaver med frist senest denne dato, også som en frist skrives: "
                                          "31/5, 'ultimo maj 2025', 'uge 23'; uden år den første, der kommer."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Regn overskredne frister i forhold til denne dato i stedet for i dag."),
    format: str | None = typer.Option(None, "--format", "-f", metavar="FORMAT", show_default=False,
                                      help="tabel, json, csv (til dansk Excel: UTF-8 med BOM og semikolon) "
                                           "eller csv-rfc (RFC 4180: komma, uden BOM); som standard efter "
                                           "--ud's endelse, ellers tabel."),
    ud: Path | None = output_option("Skriv opgaverne til denne fil i stedet for på skærmen."),
) -> None:
    """Viser åbne opgaver på tværs af alle grupper, sorteret efter frist."""
    if ctx.invoked_subcommand:
        return
    from referat import tasklist
    from referat import tasks as task_ops
    from referat.commands.document import check_target, emit, note_unreadable, open_archive
    from referat.errors import ReferatError
    from referat.selection import named_group

    fmt = choose("--format", format, FORMATS) if format else SUFFIXES.get(ud.suffix.lower() if ud else "", "tabel")
    if ud is not None:
        check_target(ud, "opgaverne", "opgaver.json" if fmt == "json" else "opgaver.csv")
    today = parse_date_option(dato, "--dato")
    until = parse_date_option(inden, "--inden", today=today, bound=True) if inden else None
    rep = open_archive()
    try:
        group = named_group(rep, gruppe) if gruppe else None
    except ReferatError as exc:
        raise UsageError(str(exc)) from None  # a wrong option: exit code 2
    query = task_ops.Query(
        today=today, closed=alle, overdue_only=forfaldne, until=until, group=group.id if group else None,
        owner=_told(task_ops.match_owner(rep.registry, ansvarlig)) if ansvarlig else None,
        organisation=_told(task_ops.match_organisation(rep.registry, kommune)) if kommune else None)
    color = fmt == "tabel" and ud is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    found = task_ops.select(rep.tasks(query.group, closed=alle), rep.registry, query)
    note_unreadable(rep.unreadable(query.group))
    if fmt.startswith("csv"):  # bytes as they are: the BOM and CRLF line ends belong to the file
        emit(tasklist.as_csv(found, query.today, excel=fmt == "csv"), "csv", ud, "opgaverne")
        return
    if fmt == "json":
        text = tasklist.as_json(found, query.today) + "\n"
    else:
        width = shutil.get_terminal_size((tasklist.WIDTH, 24)).columns  # COLUMNS, else the terminal's
        text = tasklist.as_table(found, query.today, alle, color=color, width=width)
    emit(text.encode("utf-8"), "md", ud, "opgaverne")  # "md": text, echoed as text on stdout


def _told(match: Match) -> Match:
    """The match, after telling the user which person or organisation a loose name was taken as."""
    if not match.exact:
        typer.echo(f"Viser opgaver for {shown(match.name)} ({shown(match.id)}).", err=True)
    return match


@opgaver_app.command("luk")
@friendly
def luk(
    opgave_id: str = typer.Argument(..., metavar="ID", help="Opgavens id, som 'referat opgaver' viser det."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Datoen, opgaven blev løst; som standard i dag."),
) -> None:
    """Lukker en opgave: krydser den af og skriver datoen. Resten af filen røres ikke."""
    from referat import datoer
    from referat import tasks as task_ops
    from referat.closing import close_task
    from referat.commands.document import open_archive

    day = parse_date_option(dato, "--dato")
    rep = open_archive()
    task = task_ops.find(rep.tasks(), opgave_id)
    line = close_task(rep.root, task, day)
    typer.echo(f"Lukket {task.id} ({datoer.format_date(day)}): {shown(task.text)}")
    typer.echo(f"  {shown(task.path)}:{line}")
