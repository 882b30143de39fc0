"""`referat importer`: old minutes (Word, PDF, OCR'd text) into the archive, one meeting file each."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import typer

from referat.cliapp import UsageError, app, friendly


@app.command("importer")
@friendly
def importer(
    filer: list[Path] = typer.Argument(..., metavar="FIL...", show_default=False,
                                       help="Gamle referater: .docx, .pdf med tekst, .txt eller .md (fx OCR-tekst)."),
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                                      help="Gruppen, møderne hører til; som standard den, teksten nævner."),
    vis: bool = typer.Option(False, "--vis", help="Vis mødefilerne i stedet for at skrive dem."),
    status: str = typer.Option("godkendt", "--status", metavar="udkast|godkendt",
                               help="Referaternes status; gamle referater er som regel godkendt."),
) -> None:
    """Importerer gamle referater (Word, PDF, tekst) som mødefiler i gruppens mappe; overskriver aldrig."""
    from referat.commands.document import open_archive
    from referat.importing import job, newpeople, summary
    from referat.selection import named_group
    from referat.shown import shown

    if status not in job.STATUSES:
        raise UsageError(f"--status skal være udkast eller godkendt, ikke '{shown(status)}'")
    arc = open_archive()
    group = named_group(arc, gruppe) if gruppe else None
    outcomes = []
    with _progress(len(filer)) as step:
        for path in filer:
            outcomes.append(job.import_file(path, arc, group, status, write=not vis))
            step()
    if not vis:
        outcomes = job.checked(arc.root, outcomes)
    for o in outcomes:
        if o.error:
            typer.echo(f"Fejl: {shown(o.error.rstrip('.'))}{'' if o.error.endswith('?') else '.'}", err=True)
        elif vis and o.meeting:
            typer.echo(o.meeting.text, nl=False)
    typer.echo(summary.table(outcomes, written=not vis, width=_width()), err=vis, nl=False)
    unknown = [(n, o.minutes.head.date) for o in outcomes if not o.error and o.minutes for n in o.unknown]
    if unknown:
        entries = newpeople.entries(unknown, arc.registry)
        typer.echo("\nNavne, der ikke står i personer.yaml (de står som kommentarer i møderne). "
                   "Ret dem, og indsæt dem under 'personer:' i personer.yaml:\n\n"
                   + "".join(shown(line) + "\n" for line in entries.splitlines()), err=vis, nl=False)
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal's stderr while several files are read; nothing otherwise."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("Importerer"), BarColumn(), MofNCompleteColumn(),
                  console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda: bar.advance(task)
