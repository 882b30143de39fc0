"""`referat godkend`: marks draft minutes as approved, changing nothing else in the file."""

from __future__ import annotations

from pathlib import Path

import typer

from referat.cliapp import UsageError, app, friendly, parse_date_option
from referat.shown import shown


@app.command("godkend")
@friendly
def godkend(
    moede: str = typer.Argument(..., metavar="MØDE", help="Mødefilen, eller mødets dato (ISO eller dansk)."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Datoen, referatet blev godkendt; som standard i dag."),
    godkendt_paa: str | None = typer.Option(None, "--moede", metavar="DATO",
                                            help="Datoen for mødet, der godkendte referatet (et møde i gruppen, "
                                                 "ikke før mødet selv); som standard gruppens næste møde."),
    skriftlig: bool = typer.Option(False, "--skriftlig",
                                   help="Referatet er godkendt skriftligt, ikke på et møde (skriftlig: true)."),
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                                      help="Gruppen (id eller navn), når flere grupper holdt møde den dag."),
) -> None:
    """Godkender et udkast til referat: status bliver godkendt, med dato og mødet, der godkendte."""
    from referat import datoer
    from referat.approving import approve, approving_meeting
    from referat.commands.document import open_archive
    from referat.selection import find_meeting

    if skriftlig and godkendt_paa:
        raise UsageError("Brug enten --moede eller --skriftlig: et referat godkendes på et møde eller skriftligt")
    day = parse_date_option(dato, "--dato")
    wanted = parse_date_option(godkendt_paa, "--moede") if godkendt_paa else None
    rep = open_archive()
    path = find_meeting(rep, moede, gruppe, day, Path.cwd())
    at_meeting = None if skriftlig else approving_meeting(rep, path, wanted, day)
    done = approve(rep.root, path, day, at_meeting)
    how = f"på mødet {datoer.format_date(done.approved_at)}" if done.approved_at else "skriftligt"
    typer.echo(f"Godkendt: {shown(done.path)} (godkendt {datoer.format_date(done.approved_on)} {how})")
