"""What the commands that send e-mail (paamind, udsend) share: the delivery options and the
delivery itself, as drafts in a folder (the default) or through SMTP (--send)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from referat.cliapp import UsageError
from referat.shown import shown

if TYPE_CHECKING:
    from referat.mail.letter import Letter

OUT = typer.Option(None, "--ud", metavar="MAPPE",
                   help="Skriv e-mails som kladder (.eml) i denne mappe, klar til at sende fra Outlook.")
SEND = typer.Option(False, "--send", help="Send e-mails med SMTP (indstillinger fra miljøet, se README).")
AGAIN = typer.Option(False, "--igen", help="Send også det, der allerede er sendt.")
DRY_RUN = typer.Option(False, "--proev", help="Vis, hvad der ville blive sendt til hvem, uden at sende.")


@dataclass(frozen=True)
class How:
    out: Path | None
    send: bool
    again: bool
    dry_run: bool


def deliver(root: Path, letters: list[Letter], how: How) -> None:
    """Delivers letters as how says and tells what happened."""
    from referat.mail.drafts import write_drafts

    if how.dry_run:
        for letter in letters:
            typer.echo(f"{letter.to.name} <{letter.to.address}>: {letter.subject}")
        typer.echo(f"Ville sende {len(letters)} e-mails.")
        return
    if how.send:
        raise UsageError("--send er ikke færdigt endnu")  # replaced by the SMTP delivery (issue 18)
    if how.out is None:
        raise UsageError("skriv --ud MAPPE eller --send")
    written = write_drafts(letters, how.out, None, dt.datetime.now(dt.UTC).astimezone())
    typer.echo(f"Skrev {len(written)} e-mails som kladder i {shown(how.out)}")
