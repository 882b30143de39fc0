"""What the site shows, gathered once from the archive: the groups and their meetings, the
tasks (without those of closed items in the public site, as `vis --offentlig` leaves them
out), and who took part in which meeting."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from referat.archive import Archive
from referat.model import Group, Meeting
from referat.people import organisation_of
from referat.plan import HELD
from referat.registry import Registry
from referat.tasks import Match, Task, owed_by_organisation


@dataclass
class GroupData:
    group: Group
    meetings: list[Meeting]  # by date

    def neighbours(self, m: Meeting) -> tuple[Meeting | None, Meeting | None]:
        i = next(i for i, x in enumerate(self.meetings) if x.path == m.path)
        return (self.meetings[i - 1] if i else None,
                self.meetings[i + 1] if i + 1 < len(self.meetings) else None)


@dataclass
class Attendance:
    """Per year: the held meetings someone (or an organisation) took part in, and sent word they
    could not come to."""

    present: dict[int, list[Meeting]] = field(default_factory=lambda: defaultdict(list))
    absent: dict[int, list[Meeting]] = field(default_factory=lambda: defaultdict(list))

    @property
    def years(self) -> list[int]:
        return sorted(set(self.present) | set(self.absent), reverse=True)


def owing_organisations(t: Task, reg: Registry) -> set[str]:
    """The organisations a task's owners stand for: named as owner or working-group member, or
    an owner's organisation on the meeting's day ("alle kommuner" aside)."""
    found = set()
    for o in (*t.owners, *(x for w in t.owners for x in w.members)):
        if o.kind == "organisation":
            found.add(o.id)
        elif o.kind == "person" and o.id in reg.persons:
            aff = reg.persons[o.id].affiliation_on(t.meeting)
            if aff and (org := reg.organisation(aff.organisation.text)) is not None:
                found.add(org.id)
    return found


@dataclass
class SiteData:
    rep: Archive
    public: bool
    today: dt.date
    groups: list[GroupData]
    tasks: list[Task]  # open and closed, shown ones only
    persons: dict[str, Attendance]  # person id → attendance
    organisations: dict[str, Attendance]  # organisation id → attendance

    def tasks_of_person(self, pid: str) -> list[Task]:
        """The tasks tasks.owned_by gives the person: owned by them or a working group they are in."""
        return list(self._owning.get(pid, ()))

    @functools.cached_property
    def _owning(self) -> dict[str, list[Task]]:
        """Each owner's id → its tasks in order, once each, as tasks.owned_by finds them (an
        owner or a member of a working group that owns it); trying every task for every person
        was half a second of a build with nothing changed at 1,000 meetings."""
        found: dict[str, list[Task]] = {}
        for t in self.tasks:
            for oid in dict.fromkeys(x.id for o in t.owners for x in (o, *o.members)):
                found.setdefault(oid, []).append(t)
        return found

    def tasks_of_organisation(self, oid: str) -> list[Task]:
        o = self.rep.registry.organisations[oid]
        who = Match("organisation", oid, o.name, True)
        direct, everyone = self._owed
        maybe = direct.get(oid, set()) | (everyone if o.kind == "kommune" else set())
        return [t for t in self.tasks if id(t) in maybe and owed_by_organisation(t, self.rep.registry, who)]

    @functools.cached_property
    def _owed(self) -> tuple[dict[str, set[int]], set[int]]:
        """The tasks (by id()) each organisation may owe (owing_organisations), and those all
        municipalities owe. A superset, checked by tasks.owed_by_organisation: trying every
        task against every organisation was a second of an incremental build at 1,000 meetings."""
        direct: dict[str, set[int]] = {}
        everyone: set[int] = set()
        for t in self.tasks:
            for oid in owing_organisations(t, self.rep.registry):
                direct.setdefault(oid, set()).add(id(t))
            if any(o.kind == "alle_kommuner" for o in t.owners):
                everyone.add(id(t))
        return direct, everyone

    def involved_persons(self) -> list[str]:
        """The people the site has something to say about: in a group, at a meeting, owning a task."""
        ids = set(self.persons)
        for g in self.groups:
            for member in g.group.members:
                if (p := self.rep.registry.person(member.person.text)) is not None:
                    ids.add(p.id)
        for t in self.tasks:
            ids.update(o.id for o in (*t.owners, *(x for w in t.owners for x in w.members)) if o.kind == "person")
        return sorted(i for i in ids if i in self.rep.registry.persons)

    def involved_organisations(self) -> list[str]:
        ids = set(self.organisations)
        for t in self.tasks:
            ids.update(o.id for o in (*t.owners, *(x for w in t.owners for x in w.members)) if o.kind == "organisation")
        for pid in self.involved_persons():
            for aff in self.rep.registry.persons[pid].affiliations:
                if (o := self.rep.registry.organisation(aff.organisation.text)) is not None:
                    ids.add(o.id)
        return sorted(i for i in ids if i in self.rep.registry.organisations)


def closed_items(m: Meeting) -> set[str]:
    return {it.nr for it in m.agenda if it.closed}


def gather(rep: Archive, public: bool, today: dt.date) -> SiteData:
    groups = []
    by_path: dict[str, Meeting] = {}
    for gid in sorted(rep.registry.groups, key=lambda g: rep.registry.groups[g].name.casefold()):
        meetings = sorted(rep.meetings(gid), key=lambda m: m.date)
        by_path.update((m.path, m) for m in meetings)
        groups.append(GroupData(rep.registry.groups[gid], meetings))
    tasks = [t for t in rep.tasks() if t.path in by_path
             and not (public and (t.item or "") in closed_items(by_path[t.path]))]
    persons: dict[str, Attendance] = defaultdict(Attendance)
    organisations: dict[str, Attendance] = defaultdict(Attendance)
    for g in groups:
        for m in g.meetings:
            if m.status not in HELD:
                continue
            for attendees, kind in ((m.attendees, "present"), (m.absent, "absent")):
                orgs = set()
                for a in attendees:
                    if a.person is not None and (p := rep.registry.person(a.person.text)) is not None:
                        getattr(persons[p.id], kind)[m.date.year].append(m)
                    if (o := organisation_of(rep, g.group, m.date, a)) is not None:
                        orgs.add(o.id)
                for oid in orgs:
                    getattr(organisations[oid], kind)[m.date.year].append(m)
    return SiteData(rep, public, today, groups, tasks, dict(persons), dict(organisations))
