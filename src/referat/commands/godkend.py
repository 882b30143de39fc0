"""`referat godkend`: marks draft minutes as approved, changing nothing else in the file."""

from __future__ import annotations

from pathlib import Path

import typer

from referat.cliapp import app, friendly, parse_date_option
from referat.shown import shown


@app.command("godkend")
@friendly
def godkend(
    moede: str = typer.Argument(..., metavar="MØDE", help="Mødefilen, eller mødets dato (ISO eller dansk)."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Datoen, referatet blev godkendt; som standard i dag."),
    godkendt_paa: str | None = typer.Option(None, "--moede", metavar="DATO",
                                            help="Datoen for mødet, der godkendte referatet; som standard "
                                                 "godkendelsesdatoen."),
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                                      help="Gruppen (id eller navn), når flere grupper holdt møde den dag."),
) -> None:
    """Godkender et udkast til referat: status bliver godkendt, med dato og mødet, der godkendte."""
    from referat import datoer
    from referat.approving import approve
    from referat.commands.document import open_archive
    from referat.selection import find_meeting

    day = parse_date_option(dato, "--dato")
    at_meeting = parse_date_option(godkendt_paa, "--moede") if godkendt_paa else day
    rep = open_archive()
    path = find_meeting(rep, moede, gruppe, day, Path.cwd())
    done = approve(rep.root, path, day, at_meeting)
    typer.echo(f"Godkendt: {shown(done.path)} (godkendt {datoer.format_date(done.approved_on)} "
               f"på mødet {datoer.format_date(done.approved_at)})")
