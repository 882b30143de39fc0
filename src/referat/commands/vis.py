"""`referat vis`: the minutes of a meeting as its members receive them, as Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

from pathlib import Path

import typer

from referat.cliapp import app, friendly
from referat.commands import document


@app.command("vis")
@friendly
def vis(
    moede: str = document.MEETING,
    format: str | None = document.FORMAT,
    ud: Path | None = document.output_option("Skriv referatet til denne fil i stedet for at vise det."),
    offentlig: bool = typer.Option(False, "--offentlig",
                                   help="Den offentlige udgave: lukkede punkter viser kun titel og beslutning."),
    gruppe: str | None = document.GROUP,
    dato: str | None = document.NEXT_FROM,
    med_bilag: bool = document.WITH_ATTACHMENTS,
    pdf_a: bool = document.PDF_A,
) -> None:
    """Viser referatet af et møde: deltagere, punkterne med referat og beslutninger, og mødets opgaver."""
    from referat import minutes_view
    from referat.check import minutes_in_planned
    from referat.danish import join_da

    fmt = document.output_format(format, ud)
    document.pdf_only(fmt, pdf_a, med_bilag)
    document.prepare(fmt, ud, "referatet", "referat")
    rep, meeting = document.chosen_meeting(moede, gruppe, dato)
    if meeting.status == "planlagt" and (written := minutes_in_planned(meeting)):
        typer.echo(f"Bemærk: mødet har status planlagt, men har {join_da(written)}; er det holdt, så sæt "
                   "status: udkast.", err=True)
    body, body_line = minutes_view.read_body(rep, meeting)
    view = minutes_view.build(rep, meeting, body, body_line, rep.tasks(meeting.group_folder), public=offentlig)
    if view.closed_items and not offentlig:
        typer.echo("Bemærk: referatet har lukkede punkter; brug --offentlig til den udgave, der må offentliggøres.",
                   err=True)

    if med_bilag:
        data = document.with_attachments(rep.root, (m.item for m in view.items),
                                         lambda links: minutes_view.render_html(rep.root, view, links))
    else:
        data = document.render(fmt, lambda: minutes_view.render_markdown(rep.root, view),
                               lambda: minutes_view.render_html(rep.root, view),
                               lambda: minutes_view.render_docx(rep.root, view), pdf_a)
    document.emit(data, fmt, ud, "referatet")
