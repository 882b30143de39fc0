"""`referat aarsrapport`: the network's annual report to the steering group, as Markdown, HTML,
PDF or DOCX."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from referat.cliapp import UsageError, app, friendly, parse_date_option
from referat.commands import document
from referat.shown import shown


@app.command("aarsrapport")
@friendly
def aarsrapport(
    aar: str | None = typer.Argument(None, metavar="ÅR", help="Året, fx 2025; som standard i år."),
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                                         help="Gruppens id eller navn, når flere grupper har møder i året."),
    format: str | None = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                         help="md, html, pdf eller docx; som standard efter --ud's endelse, "
                                              "ellers md."),
    ud: Path | None = document.output_option("Skriv årsrapporten til denne fil i stedet for at vise den."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Regn som om i dag var denne dato (året og hvilke møder der er forbi)."),
    pdf_a: bool = document.PDF_A,
) -> None:
    """Laver netværkets årsrapport til styregruppen: møder, fremmøde, emner, beslutninger, opgaver og tovholder."""
    from referat import annual

    fmt = document.output_format(format, ud)
    document.pdf_only(fmt, pdf_a)
    today = parse_date_option(dato, "--dato")
    if aar is None:
        year = today.year
    elif re.fullmatch(r"(19|20)\d\d", aar.strip()):
        year = int(aar.strip())
    else:
        raise UsageError(f"ÅR skal være et årstal som {today.year}, ikke '{aar}'")
    document.prepare(fmt, ud, "årsrapporten", "aarsrapport")
    rep = document.open_archive()
    group = annual.group_for_year(rep, year, gruppe)
    report = annual.build(rep, group, rep.meetings(group.id), rep.tasks(group.id), year, today)

    data = document.render(fmt, lambda: annual.render_markdown(rep.root, report),
                           lambda: annual.render_html(rep.root, report), lambda: annual.render_docx(rep.root, report),
                           pdf_a)
    document.emit(data, fmt, ud, "årsrapporten")
    document.note_unreadable(rep.unreadable(group.id))
    if not report.has_own:
        typer.echo(f"Bemærk: {shown(report.own_path)} findes ikke; skriv netværkets egne afsnit der "
                   "(fx '## Netværkets anbefalinger til styregruppen'), så kommer de med i rapporten.", err=True)
