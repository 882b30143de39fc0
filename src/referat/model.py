"""Plain typed objects for what a minutes repository holds.

References to people and organisations are kept as the text the secretary wrote (a `Ref`),
with its position; resolving them against the registries is the checker's job, so that a
meeting can be read without the registries (and cached).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from referat.body import Heading
from referat.datoer import Deadline

Pos = tuple[int, int]  # (line, col), 1-based, in the file

STATUSES = ("planlagt", "udkast", "godkendt")
ITEM_KINDS = ("beslutning", "droeftelse", "orientering")
ORG_KINDS = ("kommune", "region", "sekretariat", "landsorganisation", "myndighed", "andet")


@dataclass(frozen=True)
class Ref:
    """A reference to a person, organisation or group, as written."""

    text: str
    pos: Pos | None


def covers(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether a period from start to end (both included; None: open) covers day."""
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Affiliation:
    organisation: Ref
    start: dt.date | None
    end: dt.date | None
    title: str

    def on(self, day: dt.date) -> bool:
        return covers(self.start, self.end, day)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    email: str
    affiliations: tuple[Affiliation, ...]
    pos: Pos | None = None

    def affiliation_on(self, day: dt.date) -> Affiliation | None:
        return next((aff for aff in self.affiliations if aff.on(day)), None)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    short: str
    kind: str
    aliases: tuple[str, ...]
    pos: Pos | None = None


@dataclass(frozen=True)
class Member:
    person: Ref
    organisation: Ref | None
    role: str
    start: dt.date | None
    end: dt.date | None

    def on(self, day: dt.date) -> bool:
        return covers(self.start, self.end, day)


@dataclass(frozen=True)
class TovholderPeriod:
    organisation: Ref | None
    persons: tuple[Ref, ...]
    start: dt.date | None
    end: dt.date | None
    referent: Ref | None = None

    def on(self, day: dt.date) -> bool:
        return covers(self.start, self.end, day)


@dataclass(frozen=True)
class Attendee:
    person: Ref | None  # None for an unregistered guest
    name: str  # for an unregistered guest
    organisation: Ref | None
    title: str
    items: tuple[str, ...]  # agenda item numbers; empty = the whole meeting
    guest: bool
    pos: Pos | None


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # "" when the source lost the address (`url:` left empty)


@dataclass(frozen=True)
class Attachment:
    """An attachment to an agenda item (`bilag`): a title, and the file in the archive when the
    attachment is one (`fil: bilag/2025-03-07/oplaeg.pdf`, relative to the repository)."""

    title: str
    file: str = ""  # "" when the attachment is only mentioned
    pos: Pos | None = None  # where the entry stands, for a finding about its file

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class NextItem:
    """An item for the next meeting (`naeste_moede.punkter`): a text, or `titel` with the
    `bilag` the previous meeting gave it, which `ny` puts on the new agenda."""

    title: str
    attachments: tuple[Attachment, ...] = ()

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Break:
    """A break in the timetable (`- pause: "11.30-12.00"` in `dagsorden`), after item `after`."""

    time: str
    title: str  # "Frokost"; "" for a plain break
    after: str | None  # the number of the item before it; None when it comes first
    pos: Pos | None = None


@dataclass(frozen=True)
class AgendaItem:
    nr: str
    title: str
    responsible: tuple[Ref, ...] = ()
    openers: tuple[Ref, ...] = ()
    time: str = ""
    attachments: tuple[Attachment, ...] = ()
    links: tuple[Link, ...] = ()
    focus_areas: tuple[int, ...] = ()
    kind: str = ""  # the first of kinds
    closed: bool = False
    description: str = ""
    pos: Pos | None = None
    time_pos: Pos | None = None  # where `tid` stands, for a finding about it
    kinds: tuple[str, ...] = ()  # `type: [orientering, droeftelse]`: all of them, as written


@dataclass(frozen=True)
class Handover:
    """Who takes over as tovholder, as a decision records it (its `tovholder:`): the period
    gruppe.yaml would hold under `year`, starting on `start` or with the year."""

    year: int
    period: TovholderPeriod
    pos: Pos | None  # the decision's `tovholder:` key

    @property
    def start(self) -> dt.date:
        return self.period.start or dt.date(self.year, 1, 1)


@dataclass(frozen=True)
class Decision:
    item: str
    text: str
    pos: Pos | None
    handover: Handover | None = None


@dataclass(frozen=True)
class WorkingGroup:
    name: str
    item: str | None
    members: tuple[Ref, ...]
    note: str
    item_pos: Pos | None = None


@dataclass(frozen=True)
class Approval:
    date: dt.date | None
    meeting: dt.date | None  # the meeting that approved the minutes
    note: str
    written: bool = False  # `skriftlig: true`: approved in writing, at no meeting


@dataclass(frozen=True)
class WrittenTask:
    """A task as written in its meeting (a GFM task item); tasks.Task is what commands show."""

    item: str | None
    text: str
    owners: tuple[Ref, ...]
    deadline_text: str
    deadline_pos: Pos | None
    done: bool
    closed_text: str
    closed_pos: Pos | None
    line: int
    last_line: int  # the task's text may go on over several lines
    index: int  # 1-based position among the meeting's tasks
    recipients: tuple[Ref, ...] = ()  # `Modtager:`: whom the task's result goes to
    recipients_pos: Pos | None = None


def _wg_key(text: str) -> str:
    words = text.casefold().split()
    if words[:1] in (["arbejdsgruppen"], ["arbejdsgruppe"]) and len(words) > 1:
        words = words[1:]
    return " ".join(words)


@dataclass(kw_only=True)
class _Written:
    """What a meeting file says besides where it lies and its date (see Meeting, MeetingFile)."""

    group: str | None = None  # the `gruppe` key, when given
    title: str = ""
    time: str = ""
    place: str = ""
    number: int | None = None
    status: str = ""
    approval: Approval | None = None
    referent: Ref | None = None
    chair: Ref | None = None
    invited: list[Attendee] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    next_meeting_date: dt.date | None = None
    next_meeting_items: list[NextItem] = field(default_factory=list)
    working_groups: list[WorkingGroup] = field(default_factory=list)
    tasks: list[WrittenTask] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)  # level 2
    draft_date: dt.date | None = None  # `udkast_dato`: when the draft was written
    breaks: list[Break] = field(default_factory=list)  # `pause:` entries in `dagsorden`
    prose_deadlines: list[tuple[int, int, Deadline]] = field(default_factory=list)  # (line, col, …) outside tasks
    positions: dict[str, Pos | None] = field(default_factory=dict)  # named positions: "dato", "status", ...

    def working_group(self, text: str) -> WorkingGroup | None:
        """The meeting's working group a task's `Ansvarlig:` names ("Ad hoc-gruppen om
        plejefamilier", or with "arbejdsgruppen" before it), if any."""
        wanted = _wg_key(text)
        return next((wg for wg in self.working_groups if wg.name and _wg_key(wg.name) == wanted), None)

    def item(self, nr: str) -> AgendaItem | None:
        # A dict, made again when the agenda has grown: a search of the agenda for every task
        # and every attendee's item would cost items × lookups on a file made to be slow.
        size, index = self.__dict__.get("_item_index", (-1, {}))
        if size != len(self.agenda):
            index = {}
            for it in self.agenda:
                index.setdefault(it.nr, it)
            self.__dict__["_item_index"] = (len(self.agenda), index)
        found: AgendaItem | None = index.get(nr)
        return found


@dataclass(kw_only=True)
class Meeting(_Written):
    """A meeting: a file in a group's folder whose front matter was read without problems and
    has a valid date. A file that is less than that is no Meeting; meeting.read_meeting gives
    None and the findings that say why, and `tjek` sees it as a MeetingFile."""

    path: str  # relative to the repository root
    group_folder: str  # moeder/<this>/...
    date: dt.date


@dataclass(kw_only=True)
class MeetingFile(_Written):
    """A meeting file as far as it could be read, holes and all: what `tjek` checks."""

    path: str
    group_folder: str | None  # None when not in a group folder
    date: dt.date | None = None
    front_matter_read: bool = False  # False: the agenda is unknown, so body rules say nothing

    def meeting(self) -> Meeting | None:
        """The Meeting, when the file is a whole one (see Meeting)."""
        if self.date is None or self.group_folder is None or not self.front_matter_read:
            return None
        written = {f.name: getattr(self, f.name) for f in fields(_Written)}
        return Meeting(path=self.path, group_folder=self.group_folder, date=self.date, **written)


@dataclass
class Group:
    id: str
    name: str
    path: str  # the gruppe.yaml file
    under: Ref | None = None
    members: list[Member] = field(default_factory=list)
    plan: dict[int, list[dt.date]] = field(default_factory=dict)
    default_time: str = ""
    default_place: str = ""
    tovholder: dict[int, list[TovholderPeriod]] = field(default_factory=dict)
    rotation: str = ""
    standing_items: list[AgendaItem] = field(default_factory=list)

    def tovholder_on(self, day: dt.date) -> TovholderPeriod | None:
        """The tovholder period that covers day, if gruppe.yaml gives one."""
        return next((p for p in self.tovholder.get(day.year, []) if p.on(day)), None)

    def members_on(self, day: dt.date) -> list[Member]:
        return [m for m in self.members if m.on(day)]
