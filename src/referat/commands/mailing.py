"""What the commands that send e-mail (paamind, udsend) share: the delivery options and the
delivery itself, as drafts in a folder (the default: _post/ in the archive, which git ignores),
through SMTP (--send) or as a dry run (--proev). docs/mail.md tells a user how."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from referat.cliapp import UsageError
from referat.danish import count_da
from referat.shown import shown

if TYPE_CHECKING:
    from referat.mail.letter import Letter, Recipient
    from referat.mail.record import Record

OUT = typer.Option(None, "--ud", metavar="MAPPE",
                   help="Skriv e-mails som kladder (.eml) i denne mappe, klar til at sende fra Outlook "
                        "(uden --ud og --send: i _post/ i arkivet).")
SEND = typer.Option(False, "--send", help="Send e-mails med SMTP (indstillinger fra miljøet, se docs/mail.md).")
AGAIN = typer.Option(False, "--igen", help="Send også det, der allerede er sendt.")
DRY_RUN = typer.Option(False, "--proev", help="Vis, hvad der ville blive sendt til hvem, uden at sende.")

DRAFTS = "_post"  # the default folder of drafts, in the archive; init's .gitignore ignores it


@dataclass(frozen=True)
class How:
    out: Path | None
    send: bool
    again: bool
    dry_run: bool


def known(root: Path, how: How) -> Callable[[str], bool]:
    """The predicate a letter maker leaves out what was sent with: the record of sent letters,
    or nothing known at all with --igen."""
    if how.again:
        return lambda key: False
    from referat.mail.record import open_record

    return open_record(root).known


def deliver(root: Path, letters: list[Letter], how: How) -> None:
    """Delivers letters as how says and tells what happened; exit 1 when a letter was not sent."""
    from referat.mail.addresses import usable
    from referat.mail.record import open_record

    if how.send and how.out is not None:
        raise UsageError("brug enten --ud MAPPE (kladder) eller --send (SMTP), ikke begge")
    record = open_record(root)
    if not how.again:
        before = len(letters)
        letters = [letter for letter in letters if not (letter.keys and all(map(record.known, letter.keys)))]
        if skipped := before - len(letters):
            typer.echo(f"{_count(skipped)} er sendt før og sendes ikke igen (--igen sender dem alligevel).")
    bad = [letter for letter in letters if not usable(letter.to.address)]
    letters = [letter for letter in letters if letter not in bad]
    for letter in bad:  # the letter makers check addresses; this is the last guard before the email package
        typer.echo(f"Ikke sendt: {_to(letter.to)}: adressen kan ikke bruges; ret den i personer.yaml", err=True)
    if letters:
        when = dt.datetime.now(dt.UTC).astimezone()
        if how.dry_run:
            _dry_run(root, letters, how)
        elif how.send:
            _send(root, letters, record, when)
        else:
            _drafts(root, letters, how.out, when)
    elif not bad:
        typer.echo("Ingen e-mails at sende.")
    if bad:
        raise typer.Exit(1)


def _dry_run(root: Path, letters: list[Letter], how: How) -> None:
    for letter in letters:
        typer.echo(f"  {_to(letter.to)}: {shown(letter.subject)}")
    if how.send:
        from referat.mail import smtpsettings

        settings = smtpsettings.load(root)
        typer.echo(f"Ville sende {_count(len(letters))} fra {shown(settings.sender.address)} via "
                   f"{shown(settings.where)} (intet er sendt).")
    else:
        target = how.out if how.out is not None else root / DRAFTS
        typer.echo(f"Ville skrive {_count(len(letters))} som kladder i {shown(target)} (intet er skrevet).")


def _drafts(root: Path, letters: list[Letter], out: Path | None, when: dt.datetime) -> None:
    from referat.mail.drafts import write_drafts

    folder = out if out is not None else root / DRAFTS / when.strftime("%Y-%m-%d-%H%M%S")
    written = write_drafts(letters, folder, None, when)
    for path, letter in zip(written, letters, strict=True):
        typer.echo(f"  {shown(path.name)}: {_to(letter.to)}")
    typer.echo(f"Skrev {_count(len(written))} som kladder i {shown(folder)}: åbn dem i Outlook (eller et andet "
               "mailprogram) og tryk Send. Kladder huskes ikke som sendt.")


def _send(root: Path, letters: list[Letter], record: Record, when: dt.datetime) -> None:
    from referat.mail import smtp, smtpsettings

    settings = smtpsettings.load(root)
    record.ready()
    outcome = smtp.send(letters, settings, when, lambda letter: record.add(letter.keys, when))
    for letter in outcome.sent:
        typer.echo(f"  {_to(letter.to)}: {shown(letter.subject)}")
    typer.echo(f"Sendte {_count(len(outcome.sent))} via {shown(settings.where)}.")
    for letter, reason in outcome.refused:
        typer.echo(f"Ikke sendt: {_to(letter.to)}: {reason}", err=True)
    if outcome.refused:
        typer.echo(f"{_count(len(outcome.refused))} blev ikke sendt: ret adressen (personer.yaml) og kør igen; "
                   "kun det, der ikke er sendt, bliver sendt.", err=True)
    if outcome.stopped:
        typer.echo(f"Fejl: {outcome.stopped} ({settings.where}) efter {len(outcome.sent)} af {len(letters)} e-mails. "
                   f"Kør kommandoen igen: kun de {outcome.left}, der mangler, bliver sendt.", err=True)
    if outcome.refused or outcome.stopped:
        raise typer.Exit(1)


def _to(who: Recipient) -> str:
    return shown(f"{who.name} <{who.address}>" if who.name else who.address)


def _count(n: int) -> str:
    return count_da(n, "e-mail", "e-mails")
