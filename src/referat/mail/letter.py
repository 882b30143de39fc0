"""A letter referat wants sent, before it is an e-mail: one recipient, its text, its files.

Reminders (paamind) and sendings (udsend) make letters; mail.message turns a letter into an
e-mail, and delivery (a folder of drafts or SMTP) sends it. One recipient per letter, so a
refused address or a dropped connection affects one letter, and what was sent is recorded
letter by letter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    name: str  # shown in the To header, any characters (encoded by the email package)
    address: str  # already checked by mail.addresses


@dataclass(frozen=True)
class Attachment:
    filename: str  # the name the recipient sees
    data: bytes
    mimetype: str  # "application/pdf"


@dataclass(frozen=True)
class Invitation:
    """A calendar entry sent with the letter (text/calendar; method=...)."""

    ics: bytes  # the iCalendar file, UTF-8 with CRLF line endings
    method: str  # "REQUEST" (new or changed) or "CANCEL"


@dataclass(frozen=True)
class Letter:
    # What the record of sent letters remembers once the letter is sent: a reminder has one key
    # per task and threshold it reminds of, a sending one per recipient and content. Makers leave
    # out what is already known (record.known), so nothing is sent twice.
    keys: tuple[str, ...]
    to: Recipient
    subject: str
    text: str  # the plain-text body
    html: str = ""  # the HTML alternative, or "" for text only
    attachments: tuple[Attachment, ...] = ()
    invitation: Invitation | None = None
