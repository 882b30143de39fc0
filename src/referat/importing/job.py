"""One input file imported: read (importing.sources), understood (importing.reading), written
as a meeting file (importing.meetingfile) and checked as tjek would check it, never over an
existing file. Every failure is a Danish message in the Outcome, so one bad file does not stop
the others."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from referat.archive import Archive
from referat.atomic import create_atomic
from referat.check import check, check_meeting
from referat.errors import ReferatError
from referat.findings import Finding
from referat.importing import meetingfile
from referat.importing.grouping import guess_group
from referat.importing.head import Name
from referat.importing.reading import Minutes, read_minutes
from referat.importing.sources import SourceError, read_source
from referat.meeting import read_meeting_file
from referat.model import Group

STATUSES = ("godkendt", "udkast")


@dataclass(frozen=True)
class Outcome:
    source: str  # the file as given
    error: str = ""  # why nothing was imported (Danish, naming the file)
    minutes: Minutes | None = None
    meeting: meetingfile.MeetingText | None = None
    findings: list[Finding] = field(default_factory=list)  # tjek's, on the new file
    group: Group | None = None

    @property
    def unknown(self) -> list[Name]:
        """Who could not be resolved, guests aside (a guest needs no personer.yaml entry)."""
        if self.minutes is None:
            return []
        guests = {a.name.written for a in self.minutes.head.guests}
        return [n for n in self.minutes.head.unresolved if n.written not in guests]


def import_file(path: Path, arc: Archive, group: Group | None, status: str, write: bool) -> Outcome:
    """path imported into arc (into group, else the group the text names); written unless
    write is False."""
    shown = str(path)
    try:
        source = read_source(path)
    except SourceError as exc:  # names the file itself
        return Outcome(shown, error=str(exc))
    try:
        minutes = read_minutes(source.text, arc.registry)
        meetingfile.require_minutes(minutes)
        target = group or _group_of(minutes, arc)
        made = meetingfile.render(minutes, target, arc.registry, status, path.name)
    except ReferatError as exc:
        return Outcome(shown, error=f"{shown}: {exc}")
    if not write:  # shown, not written: what tjek would say of the file alone
        return Outcome(shown, minutes=minutes, meeting=made, findings=_check(made, arc, target), group=target)
    dest = arc.root / made.path
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        create_atomic(dest, made.text.encode("utf-8"))
    except FileExistsError:
        return Outcome(shown, error=f"{shown}: {made.path} findes allerede; intet er ændret", minutes=minutes,
                       meeting=made, group=target)
    return Outcome(shown, minutes=minutes, meeting=made, group=target)  # checked() runs tjek over it


def checked(root: Path, outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes with tjek's own findings on the files written, in one run over them (the plan's
    rules, M010 and M012, need the group's other meetings)."""
    written = {o.meeting.path for o in outcomes if o.meeting and not o.error}
    if not written:
        return outcomes
    found = check(root, only=written).findings
    return [dataclasses.replace(o, findings=[f for f in found if f.path == o.meeting.path])
            if o.meeting and o.meeting.path in written and not o.error else o for o in outcomes]


def _group_of(minutes: Minutes, arc: Archive) -> Group:
    groups = list(arc.registry.groups.values())
    if len(groups) == 1:
        return groups[0]
    if found := guess_group(minutes.head.text, groups):
        return found
    listed = ", ".join(sorted(g.id for g in groups))
    raise ReferatError(f"teksten nævner ikke tydeligt en af arkivets grupper; vælg med --gruppe ({listed})")


def _check(made: meetingfile.MeetingText, arc: Archive, group: Group) -> list[Finding]:
    """What tjek would say about the new file alone."""
    m, found = read_meeting_file(made.text.encode("utf-8"), made.path, group.id)
    return found + (check_meeting(m, arc.registry) if m is not None else [])
