"""`referat ny`: starts a group's next meeting from its plan, its last meeting and its open tasks."""

from __future__ import annotations

import datetime as dt

import typer

from referat.cliapp import app, friendly, parse_date_option
from referat.shown import shown


@app.command("ny")
@friendly
def ny(
    gruppe: str | None = typer.Option(None, "--gruppe", "-g", metavar="GRUPPE",
                                      help="Gruppens id eller navn; unødvendigt, når der kun er én gruppe."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Mødets dato (ISO eller dansk); som standard næste dato i gruppens "
                                         "mødeplan, der ikke er forbi."),
    vis: bool = typer.Option(False, "--vis", help="Vis filen i stedet for at skrive den."),
) -> None:
    """Opretter næste møde (status planlagt) med dagsorden, inviterede og åbne opgaver."""
    from referat import datoer, newmeeting
    from referat.clock import shown_time
    from referat.commands.document import open_archive
    from referat.danish import count_da
    from referat.selection import choose_group

    day = parse_date_option(dato, "--dato") if dato else None
    rep = open_archive()
    group = choose_group(rep, gruppe)
    new = newmeeting.plan(rep, rep.meetings(group.id), rep.tasks(group.id, closed=False), group, day,
                          dt.date.today(), rep.unreadable(group.id))
    text = newmeeting.render(rep.root, new)
    for note in new.notes:  # once the meeting can be made: a failure says only what failed
        typer.echo(f"Bemærk: {shown(note)}.", err=True)
    if vis:
        typer.echo(text, nl=False)
        return
    newmeeting.write(rep.root, new, text)
    typer.echo(f"Oprettede {shown(new.path)}: {shown(group.name)}, {datoer.format_date(new.date, weekday=True)}"
               f"{', kl. ' + shown(shown_time(new.time)) if new.time else ''}, "
               f"{count_da(len(new.agenda), 'punkt', 'punkter')} på dagsordenen.")
