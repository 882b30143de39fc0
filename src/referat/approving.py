"""`referat godkend`: marks draft minutes as approved — `status: udkast` becomes
`status: godkendt`, and a `godkendt:` mapping (date, approving meeting) goes in right after
the status line. Every other byte of the file stays as it was (BOM, CRLF, comments).

Nothing here prints or exits: problems are ReferatErrors with a Danish message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from referat import datoer, repo
from referat.atomic import rewrite
from referat.errors import ReferatError
from referat.meeting import read_meeting, read_meeting_file
from referat.model import Meeting

# The status line as `referat` writes and reads it: a top-level key, a plain or quoted
# `udkast`, and optionally a comment. Group 2 is the value with its quotes.
_STATUS_LINE = re.compile(rb"^(status[ \t]*:[ \t]*)((\"|')?udkast\3?)([ \t]+#[^\r\n]*|[ \t]*)(\r\n|\n|\r)?$")


@dataclass(frozen=True)
class Approved:
    path: str  # relative to the repository root
    meeting: dt.date  # the meeting whose minutes were approved
    approved_on: dt.date
    approved_at: dt.date  # the date of the meeting that approved them


def approve(root: Path, path: str, day: dt.date, at_meeting: dt.date) -> Approved:
    """Approves the minutes in root/path on `day` at the meeting held `at_meeting`, and writes
    the file atomically under its lock. Raises ReferatError, leaving the file untouched, when it cannot."""
    read = []

    def approved(raw: bytes) -> bytes:  # under the file's lock, with its bytes as they are now
        new, meeting = approved_bytes(raw, path, day, at_meeting)
        read.append(meeting)
        return new

    rewrite(root / path, approved, path)
    return Approved(path, read[0].date, day, at_meeting)


def approved_bytes(raw: bytes, path: str, day: dt.date, at_meeting: dt.date) -> tuple[bytes, Meeting]:
    """The file's bytes with the minutes approved, and the meeting as read before."""
    meeting = _readable(raw, path)
    _may_approve(meeting, path, day, at_meeting)
    lines = raw.splitlines(keepends=True)
    index = (meeting.positions["status"] or (0, 0))[0] - 1  # _readable made sure it is there
    line = lines[index] if 0 <= index < len(lines) else b""
    m = _STATUS_LINE.match(line)  # never the first line: that is the opening ---
    if m is None:
        raise ReferatError(f"{path}:{index + 1}: kan ikke finde linjen 'status: udkast' i front matter; "
                           "skriv den på én linje (status: udkast) og prøv igen")
    ending = m.group(5) or _ending(raw)
    quote = m.group(3) or b""
    lines[index] = m.group(1) + quote + b"godkendt" + quote + m.group(4) + ending
    lines[index + 1:index + 1] = [b"godkendt:" + ending,
                                  f"  dato: {day.isoformat()}".encode() + ending,
                                  f"  moede: {at_meeting.isoformat()}".encode() + ending]
    new = b"".join(lines)
    _verify(new, path, day, at_meeting)
    return new, meeting


def _readable(raw: bytes, path: str) -> Meeting:
    read, _findings = read_meeting_file(raw, path, repo.group_folder(path))
    if read is None or not read.front_matter_read:
        raise ReferatError(f"Front matter i {path} kan ikke læses; kør 'referat tjek {path}' for at se fejlen, "
                           "og ret den først")
    meeting = read.meeting()
    if meeting is None or "status" not in meeting.positions or not meeting.status:
        missing = "dato" if read.date is None else "status"
        raise ReferatError(f"{path} mangler '{missing}' i front matter; kør 'referat tjek {path}' og ret filen først")
    return meeting


def _may_approve(m: Meeting, path: str, day: dt.date, at_meeting: dt.date) -> None:
    held = datoer.format_date(m.date)
    if m.status == "godkendt":
        when = ""
        if m.approval and m.approval.date:
            when = f" {datoer.format_date(m.approval.date)}"
            if m.approval.meeting:
                when += f" (på mødet {datoer.format_date(m.approval.meeting)})"
        raise ReferatError(f"{path} er allerede godkendt{when}; intet er ændret")
    if m.status == "planlagt":
        raise ReferatError(f"{path} er kun planlagt (status: planlagt): der er intet referat at godkende endnu. "
                           "Skriv referatet og sæt status til udkast først")
    if m.status != "udkast":
        raise ReferatError(f"{path} har den ukendte status '{m.status}'; kør 'referat tjek {path}'")
    if m.approval is not None:
        raise ReferatError(f"{path} har allerede 'godkendt:' i front matter, selv om status er udkast; "
                           "fjern eller ret den først")
    if day < m.date:
        raise ReferatError(f"Godkendelsesdatoen {datoer.format_date(day)} ligger før mødet ({held}); intet er ændret")
    if at_meeting < m.date:
        raise ReferatError(f"Mødet, der godkendte referatet ({datoer.format_date(at_meeting)}), ligger før "
                           f"selve mødet ({held}); intet er ændret")
    if day < at_meeting:
        raise ReferatError(f"Godkendelsesdatoen {datoer.format_date(day)} ligger før mødet, der godkendte "
                           f"referatet ({datoer.format_date(at_meeting)}); intet er ændret")


def _ending(raw: bytes) -> bytes:
    if b"\r\n" in raw:
        return b"\r\n"
    if b"\r" in raw and b"\n" not in raw:
        return b"\r"
    return b"\n"


def _verify(new: bytes, path: str, day: dt.date, at_meeting: dt.date) -> None:
    """Reads the result back: the edit must give exactly the approval intended."""
    m, _findings = read_meeting(new, path, repo.group_folder(path))
    if (m is None or m.status != "godkendt" or m.approval is None
            or m.approval.date != day or m.approval.meeting != at_meeting):
        raise ReferatError(f"{path}: godkendelsen kunne ikke skrives sikkert ind i front matter; "
                           "filen er ikke ændret. Kør 'referat tjek' og ret filen i hånden")
