"""The agenda to send out for a meeting: what it shows, and the documents (Markdown, HTML,
PDF, DOCX) it becomes. The minutes (referat.minutes_view) show the items and the people the
way the agenda does, with the views defined here.

Pure: it returns values and raises ReferatError, it never prints. Markdown and HTML come from
the templates dagsorden.md.j2 and dagsorden.html.j2 (a minutes repository may override them,
and print.css, which the HTML template includes so the file stays one file). PDF is that same
HTML (referat.formats), DOCX is built with python-docx; both are optional extras.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from referat import attachments, clock, datoer, templating, word
from referat import plan as year_plan
from referat.archive import Archive
from referat.danish import danish_key, join_da
from referat.mdrender import markdown_html, safe_href
from referat.model import AgendaItem, Attendee, Break, Group, Meeting
from referat.people import (
    OTHERS,
    TASK_FILTERS,
    attendee_name,
    organisation_shown,
    person_name,
    responsible_text,
    tovholder_on,
)
from referat.tasks import Task

KIND_TEXT = {"beslutning": "Til beslutning", "droeftelse": "Til drøftelse", "orientering": "Til orientering"}
MISSING_LINK = "link mangler"


@dataclass(frozen=True)
class PersonView:
    name: str
    note: str  # "afbud", "punkt 6", "gæst", a title, or ""


@dataclass(frozen=True)
class OrganisationView:
    name: str
    people: tuple[PersonView, ...]


@dataclass(frozen=True)
class LinkView:
    text: str
    url: str
    href: str | None  # the url when it is safe to link to (http, https, mailto), else None

    @property
    def label(self) -> str:
        """The link as text where it cannot be followed: 'Oplæg: url', or 'Oplæg (link mangler)'
        when the source lost the address."""
        if not self.url:
            return f"{self.text} ({MISSING_LINK})"
        return f"{self.text}: {self.url}" if self.text != self.url else self.url


@dataclass(frozen=True)
class AttachmentView:
    """An attachment as the documents list it: numbered through the meeting in item order
    ("Bilag 3"), so the agenda, the minutes and the PDF with attachments name it alike."""

    number: int
    title: str
    file: str  # the file in the archive (relative to its root), "" when only mentioned

    @property
    def label(self) -> str:
        return f"Bilag {self.number}"

    @property
    def href(self) -> str:
        """The file as a link relative to the archive's root ('bilag/2025-03-07/oplaeg.pdf'),
        which an HTML document written at the root (or the site) finds; "" without a file or
        for a path that could lead out of the archive (tjek says so: B002)."""
        return "" if not self.file or attachments.escapes(self.file) else quote(self.file, safe="/")

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class ItemView:
    nr: str
    title: str
    responsible: str  # "Julie Folke og Helle Stisen"; shown as "v. ..."
    openers: str  # "Slagelse og Greve"; shown as "... indleder punktet"
    time: str  # "10.10–10.50" (clock.shown_time)
    kind: str  # "Til drøftelse"
    focus: str  # "Fokusområde 1, 2 og 3"
    closed: bool
    description: str  # Markdown, as written
    attachments: tuple[AttachmentView, ...]
    links: tuple[LinkView, ...]
    breaks_before: tuple[str, ...] = ()  # "Pause kl. 11.30–12.00": breaks just before the item
    breaks_after: tuple[str, ...] = ()  # breaks after the last item

    @property
    def meta(self) -> str:
        """'v. Julie Folke · kl. 10.00–10.10 · Til beslutning · Lukket punkt'."""
        parts = []
        if self.responsible:
            parts.append(f"v. {self.responsible}")
        if self.openers:
            parts.append(f"{self.openers} indleder punktet")
        parts += [p for p in (f"kl. {self.time}" if self.time else "", self.kind, self.focus) if p]
        if self.closed:
            parts.append("Lukket punkt")
        return " · ".join(parts)


@dataclass(frozen=True)
class AgendaView:
    path: str
    group_id: str
    group_name: str
    title: str  # the meeting's own title (`titel`), "" when none
    date: dt.date
    date_text: str  # "fredag den 7. marts 2025"
    date_plain: str  # "7. marts 2025"
    time: str  # "10.00–13.00", as Danes write it (clock.shown_time)
    place: str
    number: str  # "Møde 1/4 i 2025", "" when moede_nr is not set
    referent: str
    referent_email: str
    chair: str
    tovholder: str
    invited_heading: str  # "Inviterede" or "Deltagere og afbud"
    invited: tuple[OrganisationView, ...]
    items: tuple[ItemView, ...]
    tasks: tuple[Task, ...]  # open when the agenda goes out, by deadline

    def overdue(self, t: Task) -> bool:
        """The task's deadline lies before the meeting."""
        return t.deadline is not None and t.deadline.date < self.date

    @property
    def overdue_count(self) -> int:
        return sum(1 for t in self.tasks if self.overdue(t))


def build(rep: Archive, meeting: Meeting, tasks: list[Task]) -> AgendaView:
    """The agenda of a meeting (selection.select), with the group's tasks open on its date."""
    day = meeting.date
    group = rep.registry.groups.get(meeting.group_folder)
    referent = rep.registry.person(meeting.referent.text) if meeting.referent else None
    invited = meeting.invited or meeting.attendees + meeting.absent
    return AgendaView(
        path=meeting.path, group_id=meeting.group_folder,
        group_name=group.name if group else meeting.group_folder,
        title=meeting.title, date=day, date_text=datoer.format_date(day, weekday=True),
        date_plain=datoer.format_date(day),
        time=clock.shown_time(meeting.time), place=meeting.place, number=meeting_number(rep, group, meeting),
        referent=referent.name if referent else (meeting.referent.text if meeting.referent else ""),
        referent_email=referent.email if referent else "",
        chair=person_name(rep, meeting.chair) if meeting.chair else "",
        tovholder=tovholder_on(rep, group, day),
        invited_heading="Inviterede" if meeting.invited else "Deltagere og afbud",
        invited=by_organisation(rep, group, day, invited, absent=meeting.absent),
        items=with_breaks(meeting, item_views(rep, group, meeting)),
        tasks=tuple(sorted(open_tasks(tasks, meeting.group_folder, day), key=lambda t: t.sort_key)),
    )


def open_tasks(tasks: list[Task], group_id: str, day: dt.date) -> list[Task]:
    """The group's tasks from meetings before day that were open when the agenda went out:
    not ticked off, or closed on day or later (a task closed on the meeting's day was done at
    the meeting, so its agenda listed it). A task ticked off without a date counts as closed."""
    return [t for t in tasks if t.group == group_id and t.meeting < day and t.open_on(day)]


def meeting_number(rep: Archive, group: Group | None, m: Meeting) -> str:
    """'Møde 2/4 i 2025': the meeting's place among its year's meetings, held and still planned
    (plan.py: the plan dates no meeting replaced count), if moede_nr is set; else ''."""
    if not m.number:
        return ""
    at = year_plan.number(year_plan.of_archive(rep, group), m.date) if group else None
    return f"Møde {at[0]}/{at[1]} i {m.date.year}" if at else f"Møde {m.number} i {m.date.year}"


def item_views(rep: Archive, group: Group | None, meeting: Meeting) -> tuple[ItemView, ...]:
    """The meeting's agenda items as the documents show them, attachments numbered from 1."""
    views, first = [], 1
    for it in meeting.agenda:
        views.append(item_view(rep, group, it, first))
        first += len(it.attachments)
    return tuple(views)


def item_view(rep: Archive, group: Group | None, it: AgendaItem, first_attachment: int) -> ItemView:
    return ItemView(
        nr=it.nr, title=it.title, responsible=responsible_text(rep, group, it.responsible),
        openers=responsible_text(rep, group, it.openers), time=clock.shown_time(it.time),
        kind=kinds_text(it.kinds or ((it.kind,) if it.kind else ())),
        focus=(("Fokusområde " if len(it.focus_areas) == 1 else "Fokusområderne ")
               + join_da(str(f) for f in it.focus_areas)) if it.focus_areas else "",
        closed=it.closed, description=it.description.strip(),
        attachments=tuple(AttachmentView(first_attachment + i, a.title, a.file) for i, a in enumerate(it.attachments)),
        links=tuple(LinkView(link.text, link.url, safe_href(link.url)) for link in it.links),
    )


# --- forms added for issue 13 (docs/format.md: Dagsordenspunkter) ------------------------------


def kinds_text(kinds: tuple[str, ...]) -> str:
    """'Til orientering og drøftelse' for an item both presented and discussed."""
    known = [KIND_TEXT[k].removeprefix("Til ") for k in kinds if k in KIND_TEXT]
    return f"Til {join_da(known)}" if known else ""


def break_text(b: Break) -> str:
    """'Pause kl. 11.30–12.00', 'Frokost kl. 12.00–12.30'."""
    return (b.title or "Pause") + (f" kl. {clock.shown_time(b.time)}" if b.time else "")


def with_breaks(meeting: Meeting, items: tuple[ItemView, ...]) -> tuple[ItemView, ...]:
    """The items with the meeting's breaks placed between them, where the file has them."""
    if not meeting.breaks or not items:
        return items
    numbers = [it.nr for it in items]
    before: dict[int, list[str]] = {}
    for b in meeting.breaks:
        at = numbers.index(b.after) + 1 if b.after in numbers else 0
        before.setdefault(at, []).append(break_text(b))
    out = [dataclasses.replace(it, breaks_before=tuple(before.get(i, ()))) for i, it in enumerate(items)]
    out[-1] = dataclasses.replace(out[-1], breaks_after=tuple(before.get(len(items), ())))
    return tuple(out)


def by_organisation(rep: Archive, group: Group | None, day: dt.date, people: Iterable[Attendee],
                    absent: Iterable[Attendee] = ()) -> tuple[OrganisationView, ...]:
    """People under the short name of their organisation on day, the organisations and the
    people in each in Danish alphabetical order; those in absent get the note 'afbud'. Notes
    also say title, 'gæst' and 'kun punkt N'."""
    away = {id(a) for a in absent}
    blocks: dict[str, list[PersonView]] = {}
    for a in people:
        notes = []
        if a.title:
            notes.append(a.title)
        if a.guest:
            notes.append("gæst")
        if a.items:
            notes.append(("kun punkt " if len(a.items) == 1 else "kun punkterne ") + join_da(a.items))
        if id(a) in away:
            notes.append("afbud")
        org = organisation_shown(rep, group, day, a)
        blocks.setdefault(org, []).append(PersonView(attendee_name(rep, a), ", ".join(notes)))
    order = sorted(blocks, key=lambda o: (o == OTHERS, danish_key(o)))
    return tuple(OrganisationView(o, tuple(sorted(blocks[o], key=lambda p: danish_key(p.name)))) for o in order)


# --- rendering ---------------------------------------------------------------------------------



def render_markdown(root: Path, view: AgendaView) -> str:
    return templating.render(root, "dagsorden.md.j2", TASK_FILTERS, a=view)


def render_html(root: Path, view: AgendaView, links: dict[int, str] | None = None) -> str:
    """links: where each numbered attachment links to (referat.pdfbundle.links), if anywhere."""
    return templating.render(root, "dagsorden.html.j2", {**TASK_FILTERS, "markdown": markdown_html}, a=view,
                             bilag_links=links or {})


def render_docx(root: Path, view: AgendaView) -> bytes:
    """The agenda as a Word document: its Markdown, laid out by referat.word."""
    return word.render(root, render_markdown(root, view), word.WordInfo(
        title=f"Dagsorden: {view.group_name}{f' – {view.title}' if view.title else ''}, {view.date_plain}",
        subject=view.group_name,
        author=view.referent or view.group_name, day=view.date,
        document=f"Dagsorden til mødet {view.date_plain}", date_text=view.date_plain, draft=False,
        source=view.path))


def person_text(p: PersonView) -> str:
    """'Helle Stisen (afbud)': a person and the note about them, as the Word documents list them."""
    return f"{p.name} ({p.note})" if p.note else p.name
