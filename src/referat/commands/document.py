"""What the commands that make a document (dagsorden, vis, aarsrapport, kalender) share:
choosing the format, refusing early what cannot work, and writing to stdout or a file."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from referat.agenda import ItemView
    from referat.archive import Archive
    from referat.model import Meeting

from referat.cliapp import choose, parse_date_option
from referat.errors import os_reason
from referat.shown import shown

# The argument and options of the commands about one meeting (dagsorden, vis)
MEETING = typer.Argument(..., metavar="MØDE",
                         help="Mødefilen, mødets dato (ISO eller dansk) eller 'naeste' for gruppens næste møde.")
FORMAT = typer.Option(None, "--format", "-f", metavar="FORMAT",
                      help="md, html, pdf eller docx; som standard efter --ud's endelse, ellers md.")
GROUP = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                     help="Gruppens id eller navn, når flere grupper har møde samme dag (eller for 'naeste').")
NEXT_FROM = typer.Option(None, "--dato", metavar="DATO", help="Regn 'naeste' fra denne dato i stedet for fra i dag.")
PDF_A = typer.Option(False, "--pdf-a", help="Skriv PDF/A-2u til arkivering (kun til PDF).")
WITH_ATTACHMENTS = typer.Option(False, "--med-bilag",
                                help="Én PDF: dokumentet og derefter hvert bilag, der har en fil, i punkternes "
                                     "orden, med bogmærker (kun til PDF).")


def output_option(help: str) -> Any:  # typer's OptionInfo, typed Any by typer itself
    """--ud FIL. Not typer's default Path check: it tells in English that an existing file is
    "not readable", which an output need not be (/dev/stdout, a write-only file)."""
    return typer.Option(None, "--ud", metavar="FIL", help=help, readable=False)


def chosen_meeting(moede: str, gruppe: str | None, dato: str | None) -> tuple[Archive, Meeting]:
    """The archive and the meeting MØDE names (selection.select); a note on stderr when that
    meeting has errors."""
    from referat import selection

    today = parse_date_option(dato, "--dato")
    rep = open_archive()
    chosen = selection.select(rep, moede, gruppe, today, Path.cwd())
    if any(f.is_error for f in chosen.findings):
        path = shown(chosen.meeting.path)
        typer.echo(f"Bemærk: {path} har fejl; kør 'referat tjek {path}'.", err=True)
    return rep, chosen.meeting


def open_archive() -> Archive:
    """The archive the current folder lies in."""
    from referat.archive import Archive
    from referat.repo import find_root

    return Archive(find_root(Path.cwd()))


def note_unreadable(paths: list[str]) -> None:
    """The one note a command gives when meeting files it needed could not be used."""
    if paths:
        typer.echo(f"Bemærk: {len(paths)} mødefil(er) kunne ikke læses og er ikke med; kør 'referat tjek'.", err=True)


def output_format(format: str | None, ud: Path | None) -> str:
    """--format, or the file ending of --ud (--ud dagsorden.html is enough), else Markdown."""
    from referat import formats

    if format:
        return choose("--format", format, formats.FORMATS)
    return formats.SUFFIXES.get(ud.suffix.lower(), "md") if ud else "md"


def prepare(fmt: str, ud: Path | None, what: str, stem: str) -> None:
    """Before any work: a missing extra package, a binary file for a terminal, or a target
    that cannot be written is said at once."""
    from referat import formats
    from referat.errors import ReferatError

    if fmt in ("pdf", "docx"):
        formats.check_extra(fmt)
        if ud is None and sys.stdout.isatty():
            raise ReferatError(f"En {fmt.upper()}-fil vises ikke i terminalen; "
                               f"skriv den til en fil med --ud {stem}.{fmt}")
    if ud is not None:
        check_target(ud, what, f"{stem}.{fmt if fmt != 'md' else 'html'}")


def pdf_only(fmt: str, pdf_a: bool, with_attachments: bool = False) -> None:
    """--pdf-a and --med-bilag are for PDF, and not together: the attachments are other people's
    PDFs, which referat cannot promise are PDF/A."""
    from referat.errors import ReferatError

    for given, option in ((pdf_a, "--pdf-a"), (with_attachments, "--med-bilag")):
        if given and fmt != "pdf":
            raise ReferatError(f"{option} gælder kun PDF; brug --format pdf (eller --ud med endelsen .pdf), "
                               f"ikke {fmt}")
    if pdf_a and with_attachments:
        raise ReferatError("--pdf-a og --med-bilag kan ikke bruges sammen: bilagene er andres PDF'er, som referat "
                           "ikke kan love er PDF/A; arkivér dokumentet med --pdf-a og bilagene hver for sig")


def render(fmt: str, markdown: Callable[[], str], html: Callable[[], str], docx: Callable[[], bytes],
           pdf_a: bool = False) -> bytes:
    from referat import formats

    if fmt == "md":
        return markdown().encode("utf-8")
    if fmt == "html":
        return html().encode("utf-8")
    if fmt == "pdf":
        return formats.render_pdf(html(), formats.ARCHIVE if pdf_a else formats.UA)
    return docx()


def with_attachments(root: Path, items: Iterable[ItemView], html: Callable[[dict[int, str]], str]) -> bytes:
    """The PDF of the document html(links) made, followed by its attachments (referat.pdfbundle);
    an attachment that could not be included is said on stderr, and has a page saying so."""
    from referat import formats, pdfbundle

    items = tuple(items)
    page = html(pdfbundle.links(items))
    result = pdfbundle.bundle(root, items, lambda total: formats.render_pdf(page, formats.TAGGED, total))
    for problem in result.problems:
        typer.echo(f"Advarsel: bilaget {shown(problem.file)} {problem.message}; PDF'en har en side, der siger, "
                   "at det ikke kunne komme med.", err=True)
    return result.pdf


def emit(data: bytes, fmt: str, ud: Path | None, what: str) -> None:
    """The document on stdout, or written atomically to --ud with a line saying so."""
    if ud is None:
        if fmt in ("md", "html"):
            typer.echo(data.decode("utf-8"), nl=False)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    write_file(ud, data, what)
    typer.echo(f"Skrev {what} til {shown(ud)}")


def check_target(path: Path, what: str, example: str) -> None:
    """Refuses early a folder, a missing folder, a file of the archive or a read-only file."""
    from referat.atomic import Refused, output_target
    from referat.errors import ReferatError

    if path.is_dir():
        raise ReferatError(f"Kan ikke skrive {what} til '{path}': det er en mappe. "
                           f"Skriv et filnavn, fx {path / example}")
    if not path.parent.is_dir():
        raise ReferatError(f"Kan ikke skrive {what} til '{path}': mappen '{path.parent}' findes ikke")
    try:
        output_target(path)
    except Refused as exc:
        raise ReferatError(f"Kan ikke skrive {what} til '{path}': {exc}") from None


def write_file(path: Path, data: bytes, what: str) -> None:
    from referat.atomic import Refused, write_output
    from referat.errors import ReferatError

    try:
        write_output(path, data)
    except Refused as exc:
        raise ReferatError(f"Kan ikke skrive {what} til '{path}': {exc}") from None
    except OSError as exc:
        raise ReferatError(f"Kan ikke skrive {what} til '{path}': {os_reason(exc)}") from exc
