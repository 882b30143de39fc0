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
    med_bilag: bool = document.WITH_ATTACHMENTS,
    pdf_a: bool = document.PDF_A,
) -> None:
    """Laver dagsordenen til et møde: punkter, ansvarlige, tider, bilag, inviterede og åbne opgaver."""
    from referat import agenda

    fmt = document.output_format(format, ud)
    document.pdf_only(fmt, pdf_a, med_bilag)
    document.prepare(fmt, ud, "dagsordenen", "dagsorden")
    rep, meeting = document.chosen_meeting(moede, gruppe, dato)
    view = agenda.build(rep, meeting, rep.tasks(meeting.group_folder))
    document.note_unreadable(rep.unreadable(meeting.group_folder))

    if med_bilag:
        data = document.with_attachments(rep.root, view.items, lambda links: agenda.render_html(rep.root, view, links))
    else:
        data = document.render(fmt, lambda: agenda.render_markdown(rep.root, view),
                               lambda: agenda.render_html(rep.root, view), lambda: agenda.render_docx(rep.root, view),
                               pdf_a)
    document.emit(data, fmt, ud, "dagsordenen")
