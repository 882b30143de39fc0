"""`referat vis`: the minutes of a meeting as its members receive them, as Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from referat.commands import document
from referat.cliapp import app, friendly, parse_date_option


@app.command("vis")
@friendly
def vis(
    moede: str = typer.Argument(..., metavar="MØDE",
                                help="Mødefilen, mødets dato (ISO eller dansk) eller 'naeste' for gruppens næste møde."),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="md, html, pdf eller docx; som standard efter --ud's endelse, ellers md."),
    ud: Optional[Path] = typer.Option(None, "--ud", metavar="FIL", help="Skriv referatet til denne fil i stedet for at vise det."),
    offentlig: bool = typer.Option(False, "--offentlig",
                                   help="Den offentlige udgave: lukkede punkter viser kun titel og beslutning."),
    gruppe: Optional[str] = typer.Option(None, "--gruppe", "-g",
                                         help="Gruppens id eller navn, når flere grupper har møde samme dag (eller for 'naeste')."),
    dato: Optional[str] = typer.Option(None, "--dato", help="Regn 'naeste' fra denne dato i stedet for fra i dag."),
) -> None:
    """Viser referatet af et møde: deltagere, punkterne med referat og beslutninger, og mødets opgaver."""
    from referat import agenda, minutes_view, tasks as task_ops
    from referat.archive import load_repository, read_meetings
    from referat.repo import find_root

    fmt = document.output_format(format, ud)
    today = parse_date_option(dato, "--dato")
    document.prepare(fmt, ud, "referatet", "referat")
    rep = load_repository(find_root(Path.cwd()))
    read = read_meetings(rep)
    chosen = agenda.select(rep, read, moede, gruppe, today, Path.cwd())
    meeting = chosen.meeting
    body, body_line = minutes_view.read_body(rep, meeting)
    meetings = [m for m, _ in read if m is not None]
    view = minutes_view.build(rep, meeting, body, body_line, task_ops.read_all(rep)[0], public=offentlig)
    if any(f.is_error for f in chosen.findings):
        typer.echo(f"Bemærk: {meeting.path} har fejl; kør 'referat tjek {meeting.path}'.", err=True)
    if view.closed_items and not offentlig:
        typer.echo("Bemærk: referatet har lukkede punkter; brug --offentlig til den udgave, der må offentliggøres.",
                   err=True)

    data = document.render(fmt, lambda: minutes_view.render_markdown(rep.root, view),
                           lambda: minutes_view.render_html(rep.root, view), lambda: minutes_view.render_docx(view))
    document.emit(data, fmt, ud, "referatet")
