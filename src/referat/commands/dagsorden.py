"""`referat dagsorden`: the agenda to send out, as Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from referat.commands import document
from referat.cliapp import app, friendly


@app.command("dagsorden")
@friendly
def dagsorden(
    moede: str = document.MEETING,
    format: Optional[str] = document.FORMAT,
    ud: Optional[Path] = document.output_option("Skriv dagsordenen til denne fil i stedet for at vise den."),
    gruppe: Optional[str] = document.GROUP,
    dato: Optional[str] = document.NEXT_FROM,
) -> None:
    """Laver dagsordenen til et møde: punkter, ansvarlige, tider, bilag, inviterede og åbne opgaver."""
    from referat import agenda, tasks as task_ops

    fmt = document.output_format(format, ud)
    document.prepare(fmt, ud, "dagsordenen", "dagsorden")
    rep, meeting = document.chosen_meeting(moede, gruppe, dato)
    tasks, unreadable = task_ops.read_all(rep)
    view = agenda.build(rep, meeting, tasks)
    if unreadable:
        typer.echo(f"Bemærk: {unreadable} mødefil(er) kunne ikke læses, og deres opgaver er ikke med; "
                   "kør 'referat tjek'.", err=True)

    data = document.render(fmt, lambda: agenda.render_markdown(rep.root, view),
                           lambda: agenda.render_html(rep.root, view), lambda: agenda.render_docx(view))
    document.emit(data, fmt, ud, "dagsordenen")
