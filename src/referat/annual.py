"""The network's annual report to the steering group (`referat aarsrapport`).

What the report holds, for one group and one year: the meetings held and the planned ones
that were not; attendance as a matrix organisation × meeting, each person counted for the
organisation they belonged to on the meeting's date; the year's topics by the framework
agreement's focus areas; the decisions; the tasks opened, closed and still open at the end of
the year; this year's and next year's tovholder; and the network's own words from
moeder/<gruppe>/aarsrapport-<ÅR>.md.

Pure: it reads files and returns values, raises ReferatError, never prints. The documents come
from the templates aarsrapport.md.j2 and aarsrapport.html.j2 (overridable like the agenda's);
PDF and DOCX as for the agenda.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from referat import clock, datoer, repo, templating, word
from referat import plan as year_plan
from referat.archive import Archive
from referat.body import heading_text
from referat.danish import danish_key, join_da
from referat.errors import ReferatError
from referat.findings import Collector
from referat.mdrender import markdown_html
from referat.model import Group, Meeting
from referat.people import (
    TASK_FILTERS,
    Tovholders,
    attendee_name,
    network_organisations,
    organisation_of,
    responsible_text,
    short_name,
    tovholder_text,
    tovholders,
)
from referat.registry import key
from referat.selection import choose_group
from referat.source import decode
from referat.tasks import Task

HELD = year_plan.HELD

# The focus areas of the framework agreement, by the years it covers (Rammeaftale 2025-26, as
# the steering group's minutes of 14 March 2025 name them).
FOCUS_AREAS: dict[tuple[int, int], dict[int, str]] = {
    (2025, 2026): {
        1: "Rette indsatser og tilbud til borgerne – indhold, kvalitet, tid og pris",
        2: "Styrket sektorsamarbejde på socialpsykiatri- og handicapområdet",
        3: "Øget trivsel blandt børn og unge – styrket forebyggelse og indsats",
    },
}
OTHER_TOPICS = "Øvrige emner"

# Items every meeting has; they say nothing about what the network worked on that year.
_ROUTINE = ("velkom", "godkendelse af dagsorden", "godkendelse af referat", "kort præsentationsrunde",
            "præsentationsrunde", "eventuelt", "punkter til næste", "punkter til kommende", "næste møde")

# A cell of the attendance matrix: state, symbol (so it also reads in black and white), meaning.
STATES = (
    ("til_stede", "●", "til stede"),
    ("delvis", "◐", "til stede under nogle punkter"),
    ("afbud", "○", "meldt afbud"),
    ("ikke", "–", "ikke til stede"),
)
_SYMBOL = {state: symbol for state, symbol, _ in STATES}
_LABEL = {state: label for state, _, label in STATES}
# The organisations every report shows, in this order, even when they never came: see
# people.network_organisations.
_KIND_HEADING = {"kommune": "Kommuner", "region": "Region", "sekretariat": "Sekretariat"}
OTHER_ORGS = "Øvrige"


# --- what the report shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class HeldMeeting:
    date: dt.date
    date_text: str  # "fredag den 7. marts 2025"
    short: str  # "7/3", the matrix's column heading
    number: str  # "1/4", "" when moede_nr is not set
    title: str
    time: str  # "10.00–13.00" (clock.shown_time)
    place: str
    status: str  # "udkast" or "godkendt"
    status_text: str  # "Udkast til referat", "Godkendt 7. marts 2025"
    path: str
    organisations: int  # organisations present (whole meeting or some items)
    people: int  # people present, guests not counted


@dataclass(frozen=True)
class PlannedDate:
    date: dt.date
    date_text: str
    note: str  # why it counts as not held, or "" for a coming meeting


@dataclass(frozen=True)
class Cell:
    state: str  # "til_stede", "delvis", "afbud", "ikke"
    names: str  # who: "Helle Stisen; Nanett Flamgaard (kun punkt 6)"

    @property
    def symbol(self) -> str:
        return _SYMBOL[self.state]

    @property
    def label(self) -> str:
        return _LABEL[self.state]

    @property
    def present(self) -> bool:
        return self.state in ("til_stede", "delvis")


@dataclass(frozen=True)
class AttendanceRow:
    id: str
    name: str
    kind: str  # heading of its block: "Kommuner", "Region", "Sekretariat", "Øvrige"
    cells: tuple[Cell, ...]

    @property
    def present(self) -> int:
        return sum(1 for c in self.cells if c.present)

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / len(self.cells)) if self.cells else None

    @property
    def rate_text(self) -> str:
        """'1 af 1 (100 %)'; '' when no meeting was held."""
        return f"{self.present} af {len(self.cells)} ({self.percent} %)" if self.cells else ""


@dataclass(frozen=True)
class Attendance:
    meetings: tuple[HeldMeeting, ...]
    rows: tuple[AttendanceRow, ...]
    municipalities: int  # how many of the rows are municipalities
    never: tuple[str, ...]  # municipalities present at none of the year's meetings
    average: str  # "12 af 17 kommuner pr. møde", "" when no meeting was held

    @property
    def legend(self) -> tuple[tuple[str, str, str], ...]:
        return STATES

    @property
    def never_text(self) -> str:
        return join_da(list(self.never))


@dataclass(frozen=True)
class Topic:
    title: str
    meeting: str  # "7. marts 2025"
    nr: str
    responsible: str  # "Julie Folke og Helle Stisen"
    also: str  # "også fokusområde 2 og 3" for an item under several focus areas
    closed: bool


@dataclass(frozen=True)
class FocusGroup:
    number: int | None  # None: the other topics
    heading: str  # "Fokusområde 1", "Øvrige emner"
    name: str  # the focus area's name, "" when unknown
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class DecisionGroup:
    meeting: str  # "7. marts 2025"
    nr: str
    item_title: str
    texts: tuple[str, ...]  # Markdown, one line each


@dataclass(frozen=True)
class TaskSummary:
    reference: dt.date  # 31 December, or today while the year is still running
    reference_text: str  # "31. december 2024"
    year_over: bool
    opened: tuple[Task, ...]  # from the year's meetings, status on the reference date
    closed: tuple[Task, ...]  # closed in the year (by the reference date)
    open: tuple[Task, ...]  # open on the reference date

    def status(self, t: Task) -> str:
        """On the reference date: 'åben', 'lukket 7. marts 2025', 'lukket'."""
        if not t.closed_by(self.reference):
            return "åben"
        return f"lukket {datoer.format_date(t.closed)}" if t.closed else "lukket"

    def overdue(self, t: Task) -> bool:
        """Open on the reference date and its deadline before it."""
        return not t.closed_by(self.reference) and t.deadline is not None and t.deadline.date < self.reference

    @property
    def overdue_count(self) -> int:
        return sum(1 for t in self.open if self.overdue(t))

    @property
    def open_heading(self) -> str:
        if self.year_over:
            return f"Åbne ved årets udgang ({self.reference_text})"
        return f"Åbne pr. {self.reference_text}"


@dataclass(frozen=True)
class Tovholder:
    year: int
    text: str  # "Solrød Kommune (Helle Stisen) til 28. februar 2025; Kalundborg Kommune (...) fra 1. marts 2025"
    next_year: int
    next_text: str  # "" when neither gruppe.yaml, a decision nor the rotation says
    next_note: str  # "beregnet: ..." when computed from the rotation, else ""
    note: str = ""  # the same for this year's

    @property
    def computed(self) -> bool:
        return bool(self.next_note)


@dataclass(frozen=True)
class OwnSection:
    title: str  # the `## ` heading; "" for the text before the first heading
    body: str  # Markdown, as written


@dataclass(frozen=True)
class AnnualReport:
    group_id: str
    group_name: str
    year: int
    today: dt.date
    made_text: str  # "1. juni 2025"
    meetings: tuple[HeldMeeting, ...]
    not_held: tuple[PlannedDate, ...]
    coming: tuple[PlannedDate, ...]
    attendance: Attendance
    topics: tuple[FocusGroup, ...]
    focus_period: str  # "Rammeaftale 2025-2026", "" when the year has no named focus areas
    decisions: tuple[DecisionGroup, ...]
    closed_decisions: int  # decisions under closed items, left out
    tasks: TaskSummary
    tovholder: Tovholder
    own_path: str  # moeder/<gruppe>/aarsrapport-<ÅR>.md, whether or not it exists
    own: tuple[OwnSection, ...]  # the network's own words; empty when the file is missing
    has_own: bool

    @property
    def planned(self) -> int:
        return len(self.meetings) + len(self.not_held) + len(self.coming)

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The head of the report: (label, value), the same in every format."""
        held = len(self.meetings)
        facts = [("Møder", f"{held} holdt" + (f" af {self.planned} planlagte" if self.planned != held else ""))]
        t = self.tovholder
        if t.text:
            facts.append((f"Tovholder {t.year}", t.text + (f" ({t.note})" if t.note else "")))
        if t.next_text:
            facts.append((f"Tovholder {t.next_year}", t.next_text + (f" ({t.next_note})" if t.next_note else "")))
        facts.append(("Udarbejdet", self.made_text))
        return tuple(facts)


# --- building it -----------------------------------------------------------------------------------


def own_words_path(group_id: str, year: int) -> str:
    return f"{repo.MEETINGS_DIR}/{group_id}/{repo.ANNUAL_PREFIX}{year}.md"


def build(rep: Archive, group: Group, meetings: list[Meeting], tasks: list[Task], year: int,
          today: dt.date) -> AnnualReport:
    """The annual report of a group for a year, from the group's meetings and tasks; today
    decides which planned dates lie in the past."""
    mine = sorted((m for m in meetings if m.group_folder == group.id), key=lambda m: m.date)
    in_year = [m for m in mine if m.date.year == year]
    held = [m for m in in_year if m.status in HELD]
    own_path = own_words_path(group.id, year)
    has_own = os.path.lexists(rep.root / own_path)  # reading it says if it may not be read
    if not held and not group.plan.get(year) and not in_year and not has_own:
        raise ReferatError(_nothing_that_year(group, mine, year))
    year_slots = year_plan.in_year(year_plan.of_meetings(group, mine), year)
    not_held, coming = _planned(year_slots, today)
    attendance = _attendance(rep, group, held, year_slots)
    reference = min(today, dt.date(year, 12, 31))
    return AnnualReport(
        group_id=group.id, group_name=group.name, year=year, today=today, made_text=datoer.format_date(today),
        meetings=attendance.meetings, not_held=not_held, coming=coming, attendance=attendance,
        topics=_topics(rep, group, held, year), focus_period=_focus_period(year),
        decisions=_decisions(held), closed_decisions=_closed_decisions(held),
        tasks=_tasks(tasks, group.id, year, reference, year_over=today >= dt.date(year, 12, 31)),
        tovholder=_tovholder(rep, group, year, today),
        own_path=own_path, own=_own_words(rep, own_path) if has_own else (), has_own=has_own,
    )


def group_for_year(rep: Archive, year: int, wanted: str | None) -> Group:
    """The group --gruppe names; else the only group with meetings in the year (planned,
    held, or its own words for the year). The years come from the meetings' summaries."""
    if wanted:
        return choose_group(rep, wanted)
    groups = rep.registry.groups
    met = {(repo.group_folder(path), dt.date.fromordinal(s.day).year)
           for path, s in rep.summaries().items() if s.day is not None}

    def active(g: Group) -> bool:
        return bool(g.plan.get(year)) or (g.id, year) in met or os.path.lexists(rep.root / own_words_path(g.id, year))

    years = sorted({y for folder, y in met if folder in groups} | {y for g in groups.values() for y in g.plan})
    hint = f". År med møder: {join_da(str(y) for y in years)}" if years else ""
    return choose_group(rep, wanted, active, when=f"i {year}", hint=hint)


def _nothing_that_year(group: Group, mine: list[Meeting], year: int) -> str:
    years = sorted({m.date.year for m in mine} | set(group.plan))
    hint = f". År med møder: {join_da([str(y) for y in years])}" if years else ""
    return (f"{group.name} har ingen møder i {year}: ingen mødefiler og ingen datoer i mødeplanen "
            f"(og ingen {repo.ANNUAL_PREFIX}{year}.md){hint}")


def _planned(year_slots: list[year_plan.Slot],
             today: dt.date) -> tuple[tuple[PlannedDate, ...], tuple[PlannedDate, ...]]:
    """The year's planned meetings without minutes (plan.py: a plan date a meeting replaced is
    not one): those in the past were not held (or their minutes are missing), the others are
    still to come."""
    not_held, coming = [], []
    for s in year_slots:
        if s.held:
            continue
        text = datoer.format_date(s.date, weekday=True)
        if s.date < today:
            note = "mødefilen har stadig status planlagt" if s.path else "intet referat i mødearkivet"
            not_held.append(PlannedDate(s.date, text, note))
        else:
            coming.append(PlannedDate(s.date, text, ""))
    return tuple(not_held), tuple(coming)


def _number(year_slots: list[year_plan.Slot], m: Meeting) -> str:
    """'2/4': the meeting's place among the year's meetings (plan.number), if moede_nr is set."""
    at = year_plan.number(year_slots, m.date) if m.number else None
    return f"{at[0]}/{at[1]}" if at else str(m.number or "")


def _status_text(m: Meeting) -> str:
    if m.status == "godkendt":
        when = m.approval.date if m.approval and m.approval.date else None
        return f"Godkendt {datoer.format_date(when)}" if when else "Godkendt"
    return "Udkast til referat"


def _attendance(rep: Archive, group: Group, held: list[Meeting], year_slots: list[year_plan.Slot]) -> Attendance:
    reg = rep.registry
    # who came for which organisation, per meeting: org id -> (whole, partial, notice)
    seen: list[dict[str, tuple[list[str], list[str], list[str]]]] = []
    columns = []
    for m in held:
        by_org: dict[str, tuple[list[str], list[str], list[str]]] = {}
        people = 0
        for a in m.attendees:
            if a.guest:
                continue  # a guest speaks at the meeting; they are not their organisation's member
            people += 1
            org = organisation_of(rep, group, m.date, a)
            if org is None:
                continue
            name = attendee_name(rep, a)
            if a.items:
                by_org.setdefault(org.id, ([], [], []))[1].append(
                    f"{name} ({'kun punkt ' if len(a.items) == 1 else 'kun punkterne '}{join_da(list(a.items))})")
            else:
                by_org.setdefault(org.id, ([], [], []))[0].append(name)
        for a in m.absent:
            org = organisation_of(rep, group, m.date, a)
            if org is not None and not a.guest:
                by_org.setdefault(org.id, ([], [], []))[2].append(attendee_name(rep, a))
        seen.append(by_org)
        present = sum(1 for whole, part, _ in by_org.values() if whole or part)
        columns.append(HeldMeeting(
            date=m.date, date_text=datoer.format_date(m.date, weekday=True), short=f"{m.date.day}/{m.date.month}",
            number=_number(year_slots, m), title=m.title, time=clock.shown_time(m.time), place=m.place, status=m.status,
            status_text=_status_text(m), path=m.path, organisations=present, people=people))

    rows = []
    fixed = network_organisations(rep, group)
    others = sorted({oid for by_org in seen for oid, (whole, part, _) in by_org.items() if whole or part}
                    - {o.id for o in fixed}, key=lambda oid: danish_key(short_name(reg.organisations[oid])))
    for org in fixed + [reg.organisations[oid] for oid in others]:
        cells = []
        for by_org in seen:
            whole, part, notice = by_org.get(org.id, ([], [], []))
            state = "til_stede" if whole else "delvis" if part else "afbud" if notice else "ikke"
            cells.append(Cell(state, "; ".join(whole + part + (notice if not whole and not part else []))))
        kind = _KIND_HEADING.get(org.kind, OTHER_ORGS) if org in fixed else OTHER_ORGS
        rows.append(AttendanceRow(org.id, short_name(org), kind, tuple(cells)))
    municipal = [r for r in rows if r.kind == _KIND_HEADING["kommune"]]
    average = ""
    if held and municipal:
        mean = sum(r.present for r in municipal) / len(held)
        average = f"{_number_da(mean)} af {len(municipal)} kommuner pr. møde"
    never = tuple(r.name for r in municipal if held and r.present == 0)
    return Attendance(tuple(columns), tuple(rows), len(municipal), never, average)


def _number_da(x: float) -> str:
    """12 or 12,5: a Danish decimal comma, one decimal only when needed."""
    text = f"{x:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _focus_period(year: int) -> str:
    for (first, last) in FOCUS_AREAS:
        if first <= year <= last:
            return f"Rammeaftale {first}-{last}"
    return ""


def _focus_names(year: int) -> dict[int, str]:
    for (first, last), names in FOCUS_AREAS.items():
        if first <= year <= last:
            return names
    return {}


def _routine(title: str) -> bool:
    k = key(title)
    return k.startswith(_ROUTINE)


def _topics(rep: Archive, group: Group, held: list[Meeting], year: int) -> tuple[FocusGroup, ...]:
    names = _focus_names(year)
    by_area: dict[int, list[Topic]] = {n: [] for n in names}
    other: list[Topic] = []
    for m in held:
        when = datoer.format_date(m.date)
        for it in m.agenda:
            who = responsible_text(rep, group, it.responsible)
            for area in it.focus_areas:
                rest = [str(f) for f in it.focus_areas if f != area]
                also = ""
                if rest:
                    also = ("også fokusområde " if len(rest) == 1 else "også fokusområderne ") + join_da(rest)
                by_area.setdefault(area, []).append(Topic(it.title, when, it.nr, who, also, it.closed))
            if not it.focus_areas and not _routine(it.title):
                other.append(Topic(it.title, when, it.nr, who, "", it.closed))
    result = [FocusGroup(n, f"Fokusområde {n}", names.get(n, ""), tuple(by_area[n])) for n in sorted(by_area)]
    result.append(FocusGroup(None, OTHER_TOPICS, "", tuple(other)))
    return tuple(result)


def _decisions(held: list[Meeting]) -> tuple[DecisionGroup, ...]:
    groups: list[DecisionGroup] = []
    for m in held:
        order: dict[str, list[str]] = {}
        for d in m.decisions:
            item = m.item(d.item)
            if item is not None and item.closed:
                continue
            order.setdefault(d.item, []).append(" ".join(d.text.split()))
        for nr, texts in order.items():
            item = m.item(nr)
            groups.append(DecisionGroup(datoer.format_date(m.date), nr, item.title if item else "", tuple(texts)))
    return tuple(groups)


def _closed_decisions(held: list[Meeting]) -> int:
    return sum(1 for m in held for d in m.decisions if (it := m.item(d.item)) is not None and it.closed)


def _tasks(tasks: list[Task], group_id: str, year: int, reference: dt.date, year_over: bool) -> TaskSummary:
    mine = [t for t in tasks if t.group == group_id and t.meeting <= reference]
    in_order = sorted(mine, key=lambda t: (t.meeting, t.line))
    opened = [t for t in in_order if t.meeting.year == year]
    closed = [t for t in mine if t.done and (
        (t.closed is not None and t.closed.year == year and t.closed <= reference)
        or (t.closed is None and t.meeting.year == year))]
    still_open = [t for t in mine if not t.closed_by(reference)]
    closed.sort(key=lambda t: (t.closed or t.meeting, t.meeting, t.line))
    return TaskSummary(
        reference=reference, reference_text=datoer.format_date(reference), year_over=year_over,
        opened=tuple(opened), closed=tuple(closed), open=tuple(sorted(still_open, key=lambda t: t.sort_key)))


def _tovholder(rep: Archive, group: Group, year: int, today: dt.date) -> Tovholder:
    """This year's and next year's tovholder as known today (people.tovholders)."""
    this, following = tovholders(rep, group, year, today), tovholders(rep, group, year + 1, today)
    return Tovholder(year, _periods_text(rep, this), year + 1, _periods_text(rep, following), following.note,
                     this.note)


def _periods_text(rep: Archive, found: Tovholders) -> str:
    return "; ".join(text for p in found.periods if (text := tovholder_text(rep, p, dates=True)))


_H2 = re.compile(r"^## +(.*)$")  # the closing #s are cut by body.heading_text: (.*?) here was quadratic
_H1 = re.compile(r"^# +")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _own_words(rep: Archive, path: str) -> tuple[OwnSection, ...]:
    """The network's text for the year, cut at its `## ` headings; a `# ` title on the first
    line is left out (the report has its own)."""
    out = Collector(path)
    raw = repo.read_bytes(rep.root, path, out)
    source = decode(raw, out) if raw is not None else None
    if source is None:
        f = out.findings[0]
        where = f"{f.path}:{f.line}:{f.col}" if f.line else f.path
        raise ReferatError(f"{where}: {f.message}" + (f". {f.suggestion}" if f.suggestion else ""))
    lines = source.text.split("\n")
    sections: list[tuple[str, list[str]]] = [("", [])]
    fence = ""
    seen_text = False  # a `# ` title counts only before any text
    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                fence = ""
        elif m := _FENCE.match(line):
            fence = m.group(1)
        elif m := _H2.match(line):
            sections.append((heading_text(m.group(1)).strip(), []))
            seen_text = True
            continue
        elif not seen_text and _H1.match(line):
            seen_text = True
            continue
        seen_text = seen_text or bool(line.strip())
        sections[-1][1].append(line)
    result = []
    for title, body in sections:
        text = "\n".join(body).strip("\n")
        if title or text.strip():
            result.append(OwnSection(title, text))
    return tuple(result)


# --- rendering -------------------------------------------------------------------------------------


def render_markdown(root: Path, report: AnnualReport) -> str:
    return templating.render(root, "aarsrapport.md.j2", TASK_FILTERS, r=report)


def render_html(root: Path, report: AnnualReport) -> str:
    filters: dict[str, Callable[..., str]] = {
        **TASK_FILTERS, "markdown": markdown_html, "markdown_inline": lambda text: markdown_html(text, inline=True)}
    return templating.render(root, "aarsrapport.html.j2", filters, r=report)


_SHADE = {"til_stede": "CDE8CF", "delvis": "FFF0B8", "afbud": "E4E4E4", "ikke": "FFFFFF"}


def render_docx(root: Path, report: AnnualReport) -> bytes:
    """The report as a Word document: its Markdown, laid out by referat.word."""
    return word.render(root, render_markdown(root, report), word.WordInfo(
        title=f"Årsrapport {report.year}: {report.group_name}", subject=report.group_name,
        author=report.group_name, day=report.today,  # the network reports to the steering group
        document=f"Årsrapport {report.year}", date_text=report.made_text, draft=False, source=report.own_path))
