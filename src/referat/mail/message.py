"""A letter as an e-mail (RFC 5322) through the standard library's email package.

policy.SMTP: CRLF line endings and headers encoded as RFC 2047 needs, so "Søren Ærø" and
"Påmindelse: frist i morgen" arrive as written. Message-ID and Date are always set: some
servers and every spam filter distrust a message without them.
"""

from __future__ import annotations

import datetime as dt
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from referat.mail.addresses import ascii_form
from referat.mail.letter import Letter, Recipient

FALLBACK_DOMAIN = "referat.invalid"  # for a Message-ID when no sender is known (a draft)


def compose(letter: Letter, sender: Recipient | None, when: dt.datetime, draft: bool) -> EmailMessage:
    """The e-mail for letter. A draft carries X-Unsent: 1, so Outlook opens the .eml ready to
    send from the secretary's own account (and From may then be left out)."""
    msg = EmailMessage(policy=policy.SMTP)
    if sender is not None:
        msg["From"] = address(sender)
    msg["To"] = address(letter.to)
    msg["Subject"] = one_line(letter.subject)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=_domain(sender))
    if draft:
        msg["X-Unsent"] = "1"
    # quoted-printable: readable in the source, and safe through a server without 8BITMIME
    msg.set_content(letter.text, cte="quoted-printable")
    if letter.html:
        msg.add_alternative(letter.html, subtype="html", cte="quoted-printable")
    if letter.invitation is not None:
        # As an alternative part (what Outlook and Gmail show as an invitation with answer
        # buttons) and again as a file, for the clients that only look at attachments.
        ics = letter.invitation.ics.decode("utf-8")
        msg.add_alternative(ics, subtype="calendar", params={"method": letter.invitation.method})
        msg.add_attachment(letter.invitation.ics, maintype="text", subtype="calendar",
                           filename="invitation.ics",
                           params={"method": letter.invitation.method, "charset": "utf-8"})  # æøå in the file
    for part in letter.attachments:
        maintype, _, subtype = part.mimetype.partition("/")
        msg.add_attachment(part.data, maintype=maintype, subtype=subtype or "octet-stream",
                           filename=part.filename)
    return msg


def address(who: Recipient) -> Address:
    """The header value for who: the name encoded as needed, the domain as the DNS knows it
    (an encoded word is not allowed in an address, so ærø.dk becomes its IDNA form)."""
    local, _, domain = who.address.rpartition("@")
    return Address(display_name=one_line(who.name), username=local, domain=ascii_form(domain) or domain)


def one_line(text: str) -> str:
    """text as one header line: a line break or other control character from the archive
    (a meeting's title, a person's name) becomes a space, so it can never start a header of
    its own; the email package would refuse it anyway, with an exception instead of a mail."""
    return " ".join("".join(" " if ch.isspace() or not ch.isprintable() else ch for ch in text).split())


def _domain(sender: Recipient | None) -> str:
    return sender.address.rpartition("@")[2] if sender is not None else FALLBACK_DOMAIN
