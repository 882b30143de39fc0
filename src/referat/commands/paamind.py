"""`referat paamind`: an e-mail to each person with open tasks whose deadline is near or past."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from referat.cliapp import UsageError, app, friendly, parse_date_option
from referat.commands import mailing
from referat.danish import count_da, join_da
from referat.shown import shown

if TYPE_CHECKING:
    from referat.reminders import Reminders


@app.command("paamind")
@friendly
def paamind(
    dage: int = typer.Option(14, "--dage", metavar="N",
                             help="Påmind om opgaver med frist inden for N dage (og dem, hvis frist er overskredet)."),
    dato: str | None = typer.Option(None, "--dato", metavar="DATO",
                                    help="Regn frister i forhold til denne dato i stedet for i dag."),
    ud: Path | None = mailing.OUT,
    send: bool = mailing.SEND,
    igen: bool = mailing.AGAIN,
    proev: bool = mailing.DRY_RUN,
) -> None:
    """Sender en påmindelse til hver, der har åbne opgaver med frist snart eller overskredet frist."""
    from referat import reminders
    from referat.commands.document import note_unreadable, open_archive

    if dage < 0:
        raise UsageError(f"--dage er et antal dage, 0 eller flere, ikke {dage}")
    today = parse_date_option(dato, "--dato")
    rep = open_archive()
    how = mailing.How(ud, send, igen, proev)
    found = reminders.remind(rep, rep.tasks(closed=False), today, dage, mailing.known(rep.root, how))
    note_unreadable(rep.unreadable())
    for line in summary(found):
        typer.echo(line)
    if found.letters:
        mailing.deliver(rep.root, found.letters, how)


def summary(found: Reminders) -> list[str]:
    """What the command says before it delivers: to whom, who has no address, what was sent before."""
    lines = []
    if found.letters:
        names = join_da(shown(letter.to.name) for letter in found.letters)
        lines.append(f"Påmindelser til {count_da(len(found.letters), 'person', 'personer')}: {names}")
    else:
        lines.append("Ingen nye påmindelser at sende.")
    if found.no_address:
        lines.append(f"Ikke påmindet, da de ingen brugbar e-mailadresse har i personer.yaml "
                     f"({count_da(len(found.no_address), 'person', 'personer')}):")
        lines += [f"  {shown(person.name)}: {count_da(tasks, 'opgave', 'opgaver')}"
                  for person, tasks in found.no_address]
    for u in found.unreached:
        why = (f"'{shown(u.owner.name)}' er ingen kendt person eller organisation (se 'referat tjek')"
               if u.owner.kind == "ukendt" else
               f"ingen af medlemmerne i {shown(u.task.group_name)} står for {shown(u.owner.name)}")
        lines.append(f"Ingen at påminde om opgave {shown(u.task.id)}: {why}")
    if found.known:
        lines.append(f"Allerede påmindet: {count_da(found.known, 'påmindelse', 'påmindelser')} om "
                     f"{count_da(found.known_tasks, 'opgave', 'opgaver')} (--igen sender dem igen)")
    return lines
