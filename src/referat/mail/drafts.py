"""Letters as .eml drafts in a folder: the default delivery, so the secretary reads each one in
Outlook (or any mail program) and presses send."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from referat import atomic
from referat.mail.letter import Letter, Recipient
from referat.mail.message import compose
from referat.newarchive import slug


def write_drafts(letters: list[Letter], folder: Path, sender: Recipient | None, when: dt.datetime) -> list[Path]:
    """One .eml file per letter in folder (made if missing), named by number and recipient so
    they sort in the order made; an existing file of the same name is replaced whole."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, letter in enumerate(letters, start=1):
        path = folder / f"{number:03d}-{slug(letter.to.name)[:40] or 'modtager'}.eml"
        atomic.write_atomic(path, bytes(compose(letter, sender, when, draft=True)))
        written.append(path)
    return written
