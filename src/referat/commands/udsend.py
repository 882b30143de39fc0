"""`referat udsend dagsorden` and `referat udsend referat`: a meeting's agenda (with the
calendar invitation) or its minutes by e-mail, as drafts or through SMTP (commands/mailing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from referat.cliapp import app, choose, friendly
from referat.commands import document, mailing
from referat.danish import count_da
from referat.shown import shown

FORMATS = ("pdf", "docx")

udsend_app = typer.Typer(help="Send dagsorden eller referat til et mødes deltagere med e-mail.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(udsend_app, name="udsend")

FORMAT = typer.Option("pdf", "--format", "-f", metavar="FORMAT", help="Det vedhæftede dokument: pdf eller docx.")


@udsend_app.command("dagsorden")
@friendly
def dagsorden(
    moede: str = document.MEETING,
    format: str = FORMAT,
    gruppe: str | None = document.GROUP,
    dato: str | None = document.NEXT_FROM,
    aflys: bool = typer.Option(False, "--aflys",
                               help="Send en aflysning af mødet i stedet (kalenderinvitationen fjerner mødet)."),
    ud: Path | None = mailing.OUT,
    send: bool = mailing.SEND,
    igen: bool = mailing.AGAIN,
    proev: bool = mailing.DRY_RUN,
) -> None:
    """Sender dagsordenen til alle inviterede: dokumentet vedhæftet, bilagene nævnt og mødet som kalenderinvitation."""
    _send("aflysning" if aflys else "dagsorden", moede, format, gruppe, dato, mailing.How(ud, send, igen, proev))


@udsend_app.command("referat")
@friendly
def referat(
    moede: str = document.MEETING,
    format: str = FORMAT,
    gruppe: str | None = document.GROUP,
    dato: str | None = document.NEXT_FROM,
    ud: Path | None = mailing.OUT,
    send: bool = mailing.SEND,
    igen: bool = mailing.AGAIN,
    proev: bool = mailing.DRY_RUN,
) -> None:
    """Sender referatet (som 'referat vis' laver det) til gruppens medlemmer, mærket som udkast eller godkendt."""
    _send("referat", moede, format, gruppe, dato, mailing.How(ud, send, igen, proev))


def _format(format: str) -> str:
    """--format, and at once the Danish word on what to install when its extra is missing."""
    from referat import formats

    fmt = choose("--format", format, FORMATS)
    formats.check_extra(fmt)
    return fmt


def _send(kind: str, moede: str, format: str, gruppe: str | None, dato: str | None, how: mailing.How) -> None:
    """The letters of kind (sending.letters) for the meeting MØDE names, delivered as how
    says; the people without an address and the letters sent before are said first."""
    from referat import sending

    fmt = _format(format)
    rep, meeting = document.chosen_meeting(moede, gruppe, dato)
    result = sending.letters(kind, rep, meeting, fmt, mailing.known(rep.root, how),
                             dt.datetime.now(dt.UTC).astimezone())
    if result.without_address:
        typer.echo(f"Ingen e-mail til {count_da(len(result.without_address), 'person', 'personer')} "
                   "(skriv adressen under email: i personer.yaml):")
        for who in result.without_address:
            typer.echo(f"  {shown(who.name)}: {shown(who.missing)}")
    if result.already_sent:
        typer.echo(f"{count_da(result.already_sent, 'e-mail', 'e-mails')} er sendt før uden ændringer og sendes ikke "
                   "igen (--igen sender dem alligevel).")
    mailing.deliver(rep.root, result.letters, how)


