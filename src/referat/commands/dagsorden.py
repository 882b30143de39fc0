"""`referat dagsorden`: the agenda to send out, as Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

from pathlib import Path

from referat.cliapp import app, friendly
from referat.commands import document


@app.command("dagsorden")
@friendly
def dagsorden(
    moede: str = document.MEETING,
    format: str | None = document.FORMAT,
    ud: Path | None = document.output_option("Skriv dagsordenen til denne fil i stedet for at vise den."),
    gruppe: str | None = document.GROUP,
    dato: str | None = document.NEXT_FROM,
) -> None:
    """Laver dagsordenen til et møde: punkter, ansvarlige, tider, bilag, inviterede og åbne opgaver."""
    from referat import agenda

    fmt = document.output_format(format, ud)
    document.prepare(fmt, ud, "dagsordenen", "dagsorden")
    rep, meeting = document.chosen_meeting(moede, gruppe, dato)
    view = agenda.build(rep, meeting, rep.tasks(meeting.group_folder))
    document.note_unreadable(rep.unreadable(meeting.group_folder))

    data = document.render(fmt, lambda: agenda.render_markdown(rep.root, view),
                           lambda: agenda.render_html(rep.root, view), lambda: agenda.render_docx(rep.root, view))
    document.emit(data, fmt, ud, "dagsordenen")
