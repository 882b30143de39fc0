"""`referat aarsrapport`: the network's annual report to the steering group, as Markdown, HTML,
PDF or DOCX."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Optional

import typer

from referat.cliapp import UsageError, app, choose, friendly, os_reason, parse_date_option


@app.command("aarsrapport")
@friendly
def aarsrapport(
    aar: Optional[str] = typer.Argument(None, metavar="ÅR", help="Året, fx 2025; som standard i år."),
    gruppe: Optional[str] = typer.Option(None, "--gruppe", "-g",
                                         help="Gruppens id eller navn, når flere grupper har møder i året."),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="md, html, pdf eller docx; som standard efter --ud's endelse, ellers md."),
    ud: Optional[Path] = typer.Option(None, "--ud", metavar="FIL", help="Skriv årsrapporten til denne fil i stedet for at vise den."),
    dato: Optional[str] = typer.Option(None, "--dato", help="Regn som om i dag var denne dato (året og hvilke møder der er forbi)."),
) -> None:
    """Laver netværkets årsrapport til styregruppen: møder, fremmøde, emner, beslutninger, opgaver og tovholder."""
    from referat import agenda, annual, tasks as task_ops
    from referat.archive import load_repository, read_meetings
    from referat.errors import ReferatError
    from referat.repo import find_root

    if format:
        fmt = choose("--format", format, agenda.FORMATS)
    else:  # --ud aarsrapport.html is enough to get HTML
        fmt = agenda.SUFFIXES.get(ud.suffix.lower(), "md") if ud else "md"
    today = parse_date_option(dato, "--dato")
    if aar is None:
        year = today.year
    elif re.fullmatch(r"(19|20)\d\d", aar.strip()):
        year = int(aar.strip())
    else:
        raise UsageError(f"ÅR skal være et årstal som {today.year}, ikke '{aar}'")
    if fmt in ("pdf", "docx"):
        agenda.check_extra(fmt)  # before any work: the install line is all the user needs
        if ud is None and sys.stdout.isatty():
            raise ReferatError(f"En {fmt.upper()}-fil vises ikke i terminalen; skriv den til en fil med "
                               f"--ud aarsrapport.{fmt}")
    if ud is not None:
        _check_target(ud)  # before any work: nothing is made that cannot be written
    rep = load_repository(find_root(Path.cwd()))
    read = read_meetings(rep)
    meetings = [m for m, _ in read if m is not None]
    report = annual.build(rep, meetings, task_ops.collect(rep, meetings), year, gruppe, today)

    if fmt == "md":
        data = annual.render_markdown(rep.root, report).encode("utf-8")
    elif fmt == "html":
        data = annual.render_html(rep.root, report).encode("utf-8")
    elif fmt == "pdf":
        data = agenda.render_pdf(annual.render_html(rep.root, report))
    else:
        data = annual.render_docx(report)
    if ud is None:
        if fmt in ("md", "html"):
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    else:
        _write(ud, data)
        typer.echo(f"Skrev årsrapporten til {ud}")
    unreadable = len(read) - len(meetings) + sum(1 for m in meetings if not m.front_matter_read)
    if unreadable:
        typer.echo(f"Bemærk: {unreadable} mødefil(er) kunne ikke læses og er ikke med; kør 'referat tjek'.", err=True)
    if not report.has_own:
        typer.echo(f"Bemærk: {report.own_path} findes ikke; skriv netværkets egne afsnit der "
                   "(fx '## Netværkets anbefalinger til styregruppen'), så kommer de med i rapporten.", err=True)


def _check_target(path: Path) -> None:
    from referat.errors import ReferatError

    if path.is_dir():
        raise ReferatError(f"Kan ikke skrive årsrapporten til '{path}': det er en mappe. "
                           f"Skriv et filnavn, fx {path / 'aarsrapport.html'}")
    if not path.parent.is_dir():
        raise ReferatError(f"Kan ikke skrive årsrapporten til '{path}': mappen '{path.parent}' findes ikke")


def _write(path: Path, data: bytes) -> None:
    from referat.atomic import write_atomic
    from referat.errors import ReferatError

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise ReferatError(f"Kan ikke skrive årsrapporten til '{path}': {os_reason(exc)}") from exc
