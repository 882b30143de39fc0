"""`referat dagsorden`: the agenda to send out, as Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from referat.commands import document
from referat.cliapp import app, friendly, parse_date_option


@app.command("dagsorden")
@friendly
def dagsorden(
    moede: str = typer.Argument(..., metavar="MØDE",
                                help="Mødefilen, mødets dato (ISO eller dansk) eller 'naeste' for gruppens næste møde."),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="md, html, pdf eller docx; som standard efter --ud's endelse, ellers md."),
    ud: Optional[Path] = typer.Option(None, "--ud", metavar="FIL", help="Skriv dagsordenen til denne fil i stedet for at vise den."),
    gruppe: Optional[str] = typer.Option(None, "--gruppe", "-g",
                                         help="Gruppens id eller navn, når flere grupper har møde samme dag (eller for 'naeste')."),
    dato: Optional[str] = typer.Option(None, "--dato", help="Regn 'naeste' fra denne dato i stedet for fra i dag."),
) -> None:
    """Laver dagsordenen til et møde: punkter, ansvarlige, tider, bilag, inviterede og åbne opgaver."""
    from referat import agenda, tasks as task_ops
    from referat.archive import load_repository, read_meetings
    from referat.repo import find_root

    fmt = document.output_format(format, ud)
    today = parse_date_option(dato, "--dato")
    document.prepare(fmt, ud, "dagsordenen", "dagsorden")
    rep = load_repository(find_root(Path.cwd()))
    read = read_meetings(rep)
    chosen = agenda.select(rep, read, moede, gruppe, today, Path.cwd())
    meetings = [m for m, _ in read if m is not None]
    view = agenda.build(rep, chosen.meeting, task_ops.read_all(rep)[0])
    if any(f.is_error for f in chosen.findings):
        typer.echo(f"Bemærk: {chosen.meeting.path} har fejl; kør 'referat tjek {chosen.meeting.path}'.", err=True)
    unreadable = len(read) - len(meetings)
    if unreadable:
        typer.echo(f"Bemærk: {unreadable} mødefil(er) kunne ikke læses, og deres opgaver er ikke med; "
                   "kør 'referat tjek'.", err=True)

    data = document.render(fmt, lambda: agenda.render_markdown(rep.root, view),
                           lambda: agenda.render_html(rep.root, view), lambda: agenda.render_docx(view))
    document.emit(data, fmt, ud, "dagsordenen")
