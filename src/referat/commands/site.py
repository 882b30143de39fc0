"""`referat site`: the archive as a static website in a folder (default _site/ in the archive's root)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from referat.cliapp import app, friendly, parse_date_option
from referat.shown import shown


@app.command("site")
@friendly
def site(
    ud: Path | None = typer.Option(None, "--ud", metavar="MAPPE", file_okay=False,
                                   help="Byg sitet i denne mappe i stedet for _site/ i mødearkivets rod."),
    offentlig: bool = typer.Option(False, "--offentlig",
                                   help="Den offentlige udgave: uden referat og opgaver fra lukkede punkter."),
    dokumenter: bool = typer.Option(False, "--dokumenter",
                                    help="Læg hvert mødes PDF og Word ved siden af dets side (kræver tilvalgene pdf og "
                                         "docx; kun ændrede møder laves igen)."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Vis næste møder og frister set fra denne dato i stedet for fra i dag."),
) -> None:
    """Bygger mødearkivet som et statisk website: forside, grupper, møder, personer og opgaver."""
    from referat.repo import find_root
    from referat.site.build import build_site

    today = parse_date_option(dato, "--dato")
    root = find_root(Path.cwd())
    started = time.monotonic()
    result = build_site(root, ud if ud is not None else root / "_site", offentlig, today, dokumenter)
    for note in result.notes:
        typer.echo(f"Bemærk: {shown(note)}", err=True)
    typer.echo(f"Byggede sitet i {shown(result.out)}: {result.pages} filer, {result.written} skrevet, "
               f"{result.kept} uændrede, {result.removed} fjernet ({time.monotonic() - started:.1f} s)")
