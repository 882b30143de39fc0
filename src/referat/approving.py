"""`referat godkend`: marks draft minutes as approved — `status: udkast` becomes
`status: godkendt`, and a `godkendt:` mapping (date, and the approving meeting or
`skriftlig: true`) goes in right after the status line. Every other byte of the file stays as
it was (BOM, CRLF, comments).

Minutes are approved at a meeting of the same group on or after the meeting (normally the
next), or in writing: meeting_days says which dates are the group's meetings (its plan and
its meeting files, as `tjek` holds them: M006 in check.py).

Nothing here prints or exits: problems are ReferatErrors with a Danish message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from referat import datoer, repo
from referat.archive import Archive
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
    approved_at: dt.date | None  # the date of the meeting that approved them; None: in writing


def meeting_days(rep: Archive, folder: str) -> set[dt.date]:
    """The dates the group in moeder/<folder>/ meets: its meeting files and its meeting plan
    (an archive often lacks the files of the meetings that approved the oldest minutes)."""
    group = rep.registry.groups.get(folder)
    planned = {d for dates in group.plan.values() for d in dates} if group else set()
    return planned | set(rep.dates(folder).values())


def approving_meeting(rep: Archive, path: str, wanted: dt.date | None, day: dt.date) -> dt.date:
    """The meeting that approves the minutes in path on `day`: the one asked for (--moede),
    which must be a meeting of the group, else the group's next meeting after this one."""
    held = repo.date_in_name(path)
    if held is None:
        raise ReferatError(f"{path} er ikke navngivet efter mødets dato; kør 'referat tjek {path}'")
    folder = rep.group_of(path)
    summary = rep.summaries(folder).get(path)
    if summary is None or summary.status != "udkast":
        return wanted or held  # approve() refuses it and says why (approved, planned, unreadable)
    group = rep.registry.groups.get(folder)
    name = group.name if group else folder
    days = meeting_days(rep, folder)
    how = "angiv mødet, der godkendte referatet, med --moede DATO, eller brug --skriftlig ved skriftlig godkendelse"
    how_ = how[0].upper() + how[1:]
    if wanted is not None:
        if wanted not in days:
            later = sorted(d for d in days if d >= held)[:3]
            known = f" Gruppens møder fra {datoer.format_date(held)}: " + ", ".join(
                datoer.format_date(d) for d in later) + "." if later else ""
            raise ReferatError(f"{name} har intet møde den {datoer.format_date(wanted)} (ingen mødefil og ingen dato "
                               f"i mødeplanen); intet er ændret.{known} Ret --moede, eller brug --skriftlig ved "
                               "skriftlig godkendelse")
        return wanted
    if day < held:
        raise _before_meeting(day, held)
    later = sorted(d for d in days if d > held)
    if not later:
        raise ReferatError(f"{name} har intet møde efter {datoer.format_date(held)} i mødearkivet eller mødeplanen, "
                           f"så referatet kan ikke være godkendt på næste møde; intet er ændret. {how_}")
    if later[0] > day:
        raise ReferatError(f"Referatet godkendes på gruppens næste møde, {datoer.format_date(later[0])}, som ligger "
                           f"efter godkendelsesdatoen {datoer.format_date(day)}; intet er ændret. Godkend det efter "
                           f"det møde, eller {how}")
    return later[0]


def approve(root: Path, path: str, day: dt.date, at_meeting: dt.date | None) -> Approved:
    """Approves the minutes in root/path on `day` at the meeting held `at_meeting` (None: in
    writing), and writes the file atomically under its lock. Raises ReferatError, leaving the
    file untouched, when it cannot."""
    read = []

    def approved(raw: bytes) -> bytes:  # under the file's lock, with its bytes as they are now
        new, meeting = approved_bytes(raw, path, day, at_meeting)
        read.append(meeting)
        return new

    rewrite(root / path, approved, path)
    return Approved(path, read[0].date, day, at_meeting)


def approved_bytes(raw: bytes, path: str, day: dt.date, at_meeting: dt.date | None) -> tuple[bytes, Meeting]:
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
    how = f"  moede: {at_meeting.isoformat()}" if at_meeting else "  skriftlig: true"
    lines[index + 1:index + 1] = [b"godkendt:" + ending, f"  dato: {day.isoformat()}".encode() + ending,
                                  how.encode() + ending]
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


def _may_approve(m: Meeting, path: str, day: dt.date, at_meeting: dt.date | None) -> None:
    held = datoer.format_date(m.date)
    if m.status == "godkendt":
        when = ""
        if m.approval and m.approval.date:
            when = f" {datoer.format_date(m.approval.date)}"
            if m.approval.meeting:
                when += f" (på mødet {datoer.format_date(m.approval.meeting)})"
            elif m.approval.written:
                when += " (skriftligt)"
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
        raise _before_meeting(day, m.date)
    if at_meeting is None:
        return
    if at_meeting < m.date:
        raise ReferatError(f"Mødet, der godkendte referatet ({datoer.format_date(at_meeting)}), ligger før "
                           f"selve mødet ({held}); intet er ændret")
    if day < at_meeting:
        raise ReferatError(f"Godkendelsesdatoen {datoer.format_date(day)} ligger før mødet, der godkendte "
                           f"referatet ({datoer.format_date(at_meeting)}); intet er ændret")


def _before_meeting(day: dt.date, held: dt.date) -> ReferatError:
    return ReferatError(f"Godkendelsesdatoen {datoer.format_date(day)} ligger før mødet ({datoer.format_date(held)}); "
                        "intet er ændret")


def _ending(raw: bytes) -> bytes:
    if b"\r\n" in raw:
        return b"\r\n"
    if b"\r" in raw and b"\n" not in raw:
        return b"\r"
    return b"\n"


def _verify(new: bytes, path: str, day: dt.date, at_meeting: dt.date | None) -> None:
    """Reads the result back: the edit must give exactly the approval intended."""
    m, _findings = read_meeting(new, path, repo.group_folder(path))
    if (m is None or m.status != "godkendt" or m.approval is None or m.approval.date != day
            or m.approval.meeting != at_meeting or m.approval.written != (at_meeting is None)):
        raise ReferatError(f"{path}: godkendelsen kunne ikke skrives sikkert ind i front matter; "
                           "filen er ikke ændret. Kør 'referat tjek' og ret filen i hånden")
