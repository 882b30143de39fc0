"""The minutes of a meeting as its members receive them (referat vis): the head of the
document, who took part, each agenda item with its minutes and its decisions, and the tasks
the meeting gave out, as Markdown, HTML, PDF or DOCX.

Pure: it returns values and raises ReferatError, it never prints. It shows a meeting the way
its agenda does (referat.agenda: organisations in Danish order, the item's responsible and
type; the print CSS), so the two documents look alike.

The body of the minutes is Markdown under one level-2 heading per item (`## 4. Titel`); it is
cut at those headings (the same headings `tjek` reads) and rendered with markdown-it, raw HTML
off, so whatever a meeting file says is shown as text and never runs. Task-list items become
checkboxes (☐/☑) with their owner and deadline. The decisions, kept in the front matter, are
set apart in a box: after the recommendation ("Indstilling") when the item has one, as the
steering group's minutes have always placed them, else after the minutes of the item.

With `public` (--offentlig) a closed item (`lukket: true`) keeps its title and its decisions,
while its minutes, attachments, links and tasks are left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referat import clock, datoer, printable, repo, templating
from referat.agenda import ItemView, OrganisationView, by_organisation, item_view, meeting_number, person_text
from referat.archive import Archive
from referat.danish import join_da
from referat.errors import ReferatError
from referat.findings import Collector
from referat.formats import Docx, docx_table, new_docx
from referat.mdrender import parser
from referat.model import Approval, Attendee, Group, Meeting, WorkingGroup
from referat.people import (
    OTHERS,
    attendee_name,
    organisation_shown,
    owner_names,
    person_name,
    responsible_text,
    tovholder_on,
)
from referat.source import decode, split_front_matter
from referat.tasks import Task

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markupsafe import Markup

DRAFT = "Udkast til referat"
PLANNED = "Planlagt møde – intet referat endnu"
WITHHELD = "Lukket punkt – referatet offentliggøres ikke"
NO_MINUTES = "Intet referat til punktet."
OPEN = "Åben"

_TASK_BOX = re.compile(r"^\[([ xX])\][ \t]+")
_RECOMMENDATION = ("indstilling", "indstillinger")


# --- what the minutes show -----------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A piece of the minutes' Markdown, where it starts in the file and the tasks written in it."""

    markdown: str
    first_line: int
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Section:
    """Minutes under a level-2 heading that names no agenda item (or before the first heading,
    with no title): shown where it stands, under its own heading."""

    title: str
    text: Text


@dataclass(frozen=True)
class MinuteItem:
    item: ItemView  # title, responsible, type, attachments, ... as the agenda shows them
    before: Text | None  # the minutes, up to the end of the recommendation when there is one
    after: Text | None  # the rest of the minutes (Baggrund, ...), after the decision
    decisions: tuple[str, ...]  # Markdown (inline), as written
    withheld: bool  # public and closed: the minutes are left out
    present_for_item: str  # "Nanett Flamgaard (Holbæk) og Louise Hjulmand-Frandsen (Holbæk, gæst)"
    sections: tuple[Section, ...]  # sections without an item number written after this item

    @property
    def empty(self) -> bool:
        return not (self.before or self.after or self.decisions or self.withheld)


@dataclass(frozen=True)
class WorkingGroupView:
    """A working group the meeting set up (`arbejdsgrupper`)."""

    name: str
    item: str  # "4. Nyt fra netværkene", "" when no item is given
    members: tuple[OrganisationView, ...]  # as the attendees are shown; an organisation may have no one named
    note: str


@dataclass(frozen=True)
class MinutesView:
    path: str
    group_id: str
    group_name: str
    title: str  # the meeting's own title (`titel`), "" when none
    date: dt.date
    date_text: str  # "fredag den 7. marts 2025"
    date_plain: str  # "7. marts 2025"
    time: str  # "10.00–13.00" (clock.shown_time)
    place: str
    number: str  # "Møde 1/4 i 2025", "" when moede_nr is not set
    status: str  # "planlagt", "udkast" or "godkendt" (anything else is shown as a draft)
    heading: str  # "Referat", "Udkast til referat"
    banner: str  # DRAFT or PLANNED, "" when approved
    status_text: str  # "Godkendt 7. marts 2025 på mødet 7. marts 2025", "Udkast – ikke godkendt", ...
    approval_note: str
    public: bool
    closed_items: int  # how many items are closed (`lukket`)
    referent: str
    referent_email: str
    chair: str
    tovholder: str
    next_meeting: str  # "fredag den 9. maj 2025", "" when not given
    next_items: tuple[str, ...]  # Markdown (inline): the items for the next meeting (`naeste_moede.punkter`)
    attendees_heading: str  # "Deltagere" or "Inviterede"
    attendees: tuple[OrganisationView, ...]  # the whole meeting
    partial: tuple[OrganisationView, ...]  # only some items
    absent: tuple[OrganisationView, ...]
    opening: tuple[Section, ...]  # minutes before the first item
    items: tuple[MinuteItem, ...]
    other_decisions: tuple[str, ...]  # decisions naming no item on the agenda
    tasks: tuple[Task, ...]  # the meeting's tasks, in the order written
    working_groups: tuple[WorkingGroupView, ...] = ()
    references: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)  # [x]: url

    @property
    def withheld_items(self) -> int:
        return sum(1 for it in self.items if it.withheld)

    @staticmethod
    def task_status(t: Task) -> str:
        """'Åben', 'Lukket 7. marts 2025', 'Lukket'."""
        if not t.done:
            return OPEN
        return f"Lukket {datoer.format_date(t.closed)}" if t.closed else "Lukket"


def read_body(rep: Archive, meeting: Meeting) -> tuple[str, int]:
    """The Markdown body of a meeting file and the line of the file it starts on."""
    out = Collector(meeting.path)
    raw = repo.read_bytes(rep.root, meeting.path, out)
    source = decode(raw, out) if raw is not None else None
    fm = split_front_matter(source.text, out) if source is not None else None
    if fm is None:
        raise ReferatError(f"{meeting.path} kan ikke læses som et møde; kør 'referat tjek {meeting.path}' "
                           "for at se fejlene")
    return fm.body, fm.body_line


def build(rep: Archive, meeting: Meeting, body: str, body_line: int, tasks: list[Task],
          public: bool = False) -> MinutesView:
    """The minutes of a meeting read by selection.select(), with its body from read_body() and
    its tasks (Archive.tasks); with public, the version that may be published."""
    day = meeting.date
    group = rep.registry.groups.get(meeting.group_folder)
    status = meeting.status if meeting.status in ("planlagt", "godkendt") else "udkast"
    closed = {it.nr for it in meeting.agenda if it.closed}
    rows = sorted((t for t in tasks if t.path == meeting.path), key=lambda t: t.line)
    md = parser()
    references: dict[str, Any] = {}
    md.parse(body, references)  # reference-style links defined anywhere in the body work everywhere

    lines = body.split("\n")
    heads = sorted(meeting.headings, key=lambda h: h.line)
    starts = [h.line - body_line for h in heads]
    bodies: dict[str, list[Text]] = {}
    following: dict[str, list[Section]] = {}
    opening: list[Section] = []
    preamble = _text(lines, 0, starts[0] if starts else len(lines), body_line, rows)
    if preamble:
        opening.append(Section("", preamble))
    current: str | None = None
    known = {it.nr for it in meeting.agenda}
    hidden: set[int] = set()  # lines of the tasks left out of the public version
    for k, h in enumerate(heads):
        text = _text(lines, starts[k] + 1, starts[k + 1] if k + 1 < len(heads) else len(lines), body_line, rows)
        if h.item_nr in known:
            current = h.item_nr
            if text:
                bodies.setdefault(h.item_nr, []).append(text)
        elif text or h.text:
            section = Section(h.text, text or Text("", h.line + 1, ()))
            (following.setdefault(current, []) if current else opening).append(section)
        if public and current in closed and text:
            hidden.update(r.line for r in text.tasks)

    decided: dict[str, list[str]] = {}
    for dec in meeting.decisions:
        decided.setdefault(dec.item, []).append(dec.text.strip())
    items = []
    for it in meeting.agenda:
        view = item_view(rep, group, it)
        withheld = public and it.closed
        before = after = None
        if withheld:
            view = dataclasses.replace(view, description="", attachments=(), links=())
        else:
            parts = bodies.get(it.nr, [])
            if parts:
                before, after = _split_at_recommendation(md, _join(parts))
        items.append(MinuteItem(
            item=view, before=before, after=after, decisions=tuple(d for d in decided.get(it.nr, []) if d),
            withheld=withheld, present_for_item=_present_for(rep, group, day, meeting.attendees, it.nr),
            # What is written under headings without a number after a closed item belongs to it.
            sections=() if withheld else tuple(following.get(it.nr, ()))))

    approval = meeting.approval
    referent = rep.registry.person(meeting.referent.text) if meeting.referent else None
    invited = status == "planlagt" and bool(meeting.invited)
    whole = meeting.invited if invited else [a for a in meeting.attendees if not a.items]
    return MinutesView(
        path=meeting.path, group_id=meeting.group_folder,
        group_name=group.name if group else meeting.group_folder,
        title=meeting.title, date=day, date_text=datoer.format_date(day, weekday=True),
        date_plain=datoer.format_date(day), time=clock.shown_time(meeting.time), place=meeting.place,
        number=meeting_number(rep, group, meeting), status=status,
        heading="Udkast til referat" if status == "udkast" else "Referat",
        banner={"udkast": DRAFT, "planlagt": PLANNED}.get(status, ""),
        status_text=_status_text(status, approval, meeting.draft_date),
        approval_note=approval.note if status == "godkendt" and approval else "",
        public=public, closed_items=len(closed),
        referent=referent.name if referent else (meeting.referent.text if meeting.referent else ""),
        referent_email=referent.email if referent else "",
        chair=person_name(rep, meeting.chair) if meeting.chair else "",
        tovholder=tovholder_on(rep, group, day),
        next_meeting=datoer.format_date(meeting.next_meeting_date, weekday=True) if meeting.next_meeting_date else "",
        next_items=tuple(x for x in meeting.next_meeting_items if x),
        attendees_heading="Inviterede" if invited else "Deltagere",
        attendees=by_organisation(rep, group, day, whole),
        partial=() if invited else by_organisation(rep, group, day, [a for a in meeting.attendees if a.items]),
        absent=() if invited else by_organisation(rep, group, day, meeting.absent),
        opening=tuple(opening), items=tuple(items),
        other_decisions=tuple(d for nr, ds in decided.items() if nr not in known for d in ds if d),
        tasks=tuple(r for r in rows if not (public and ((r.item or "") in closed or r.line in hidden))),
        working_groups=tuple(_working_group(rep, group, meeting, wg, public and wg.item in closed)
                             for wg in meeting.working_groups),
        references=references,
    )


def _working_group(rep: Archive, group: Group | None, meeting: Meeting, wg: WorkingGroup,
                   withheld: bool) -> WorkingGroupView:
    """A working group with its members under their organisations, as the attendees are shown:
    a person under the organisation they came for, an organisation named alone under itself.
    Under a closed item in the public version its note is left out, as the item's minutes are."""
    item = meeting.item(wg.item) if wg.item else None
    members = []
    for ref in wg.members:
        found = rep.registry.resolve(ref.text)
        if found is not None and found.kind == "person":
            members.append(Attendee(ref, "", None, "", (), False, ref.pos))
        elif found is not None and found.kind == "organisation":  # no one named: the block alone
            members.append(Attendee(None, "", ref, "", (), False, ref.pos))
        else:  # a group, all municipalities, or a name the registry does not know
            members.append(Attendee(None, responsible_text(rep, group, [ref]), None, "", (), False, ref.pos))
    blocks = by_organisation(rep, group, meeting.date, members)
    return WorkingGroupView(
        name=wg.name, item=f"{item.nr}. {item.title}" if item else (wg.item or ""),
        members=tuple(OrganisationView(b.name, tuple(p for p in b.people if p.name)) for b in blocks),
        note="" if withheld else wg.note)


def _status_text(status: str, approval: Approval | None, draft_date: dt.date | None = None) -> str:
    if status == "planlagt":
        return "Planlagt møde; referatet er ikke skrevet endnu"
    if status == "udkast":  # `udkast_dato`: the draft says when it was written
        return f"Udkast af {datoer.format_date(draft_date)} – ikke godkendt" if draft_date else "Udkast – ikke godkendt"
    if approval is None or approval.date is None:
        return "Godkendt"
    text = f"Godkendt {datoer.format_date(approval.date)}"
    if approval.meeting is not None:
        text += f" på mødet {datoer.format_date(approval.meeting)}"
    elif approval.written:
        text += " skriftligt"
    return text


def _text(lines: list[str], start: int, end: int, body_line: int, rows: list[Task]) -> Text | None:
    """Lines start..end of the body, without blank lines around them; None when all are blank."""
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    if start >= end:
        return None
    first, last = body_line + start, body_line + end - 1
    return Text("\n".join(lines[start:end]), first, tuple(r for r in rows if first <= r.line <= last))


def _join(parts: list[Text]) -> Text:
    """An item written under two headings: its pieces one after the other."""
    if len(parts) == 1:
        return parts[0]
    # The line numbers of the later pieces no longer match the joined text: they keep their
    # own, so only the first piece's tasks get their checkbox details.
    return Text("\n\n".join(p.markdown for p in parts), parts[0].first_line, parts[0].tasks)


def _split_at_recommendation(md: MarkdownIt, text: Text) -> tuple[Text | None, Text | None]:
    """The minutes up to the end of the recommendation ("### Indstilling") and the rest; the
    whole text and None when the item has no recommendation."""
    tokens = md.parse(text.markdown)
    lines = text.markdown.split("\n")
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or tok.level != 0 or i + 1 >= len(tokens):
            continue
        if tokens[i + 1].content.strip().rstrip(":").strip().casefold() not in _RECOMMENDATION:
            continue
        level = int(tok.tag[1:])
        for later in tokens[i + 2:]:
            if later.type == "heading_open" and later.level == 0 and int(later.tag[1:]) <= level and later.map:
                cut = later.map[0]
                rows = list(text.tasks)
                return (_text(lines, 0, cut, text.first_line, rows),
                        _text(lines, cut, len(lines), text.first_line, rows))
        return text, None
    return text, None


def _present_for(rep: Archive, group: Group | None, day: dt.date, attendees: list[Attendee], nr: str) -> str:
    """Those who attended this item only (among others): 'Nanett Flamgaard (Holbæk)'."""
    names = []
    for a in attendees:
        if nr not in a.items:
            continue
        org = organisation_shown(rep, group, day, a)
        notes = [n for n in (org if org != OTHERS else "", "gæst" if a.guest else "") if n]
        names.append(attendee_name(rep, a) + (f" ({', '.join(notes)})" if notes else ""))
    return join_da(names)


# --- rendering ---------------------------------------------------------------------------------


def _markdown_cell(text: str) -> str:
    """Text for one cell of a Markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|") or "–"


def render_markdown(root: Path | None, view: MinutesView) -> str:
    return templating.render(root, "referat.md.j2", {"celle": _markdown_cell, "ansvarlige": owner_names}, r=view)


def render_html(root: Path | None, view: MinutesView) -> str:
    from markupsafe import Markup

    md = parser()
    # markdown-it escapes everything itself (raw HTML is off), so its output is safe markup.
    filters: dict[str, Callable[..., str]] = {
               "markdown": lambda text: Markup(md.render(text, dict(view.references))),
               "inline": lambda text: Markup(md.renderInline(text, dict(view.references))),
               "referat": lambda text: _html(md, text, view.references), "ansvarlige": owner_names}
    return templating.render(root, "referat.html.j2", filters, r=view)


def _html(md: MarkdownIt, text: Text, references: dict[str, Any]) -> Markup:
    """The minutes as HTML: headings one level down (the item's title is the level above),
    task-list items as checkboxes with their owner and deadline."""
    from markupsafe import Markup, escape

    env = dict(references)
    tokens = md.parse(text.markdown, env)
    rows = {r.line: r for r in text.tasks}
    for i, tok in enumerate(tokens):
        if tok.type == "thead_open":
            _hide_empty_head(tokens, i)
        elif tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{min(int(tok.tag[1:]) + 1, 6)}"
        elif (tok.type == "list_item_open" and i + 2 < len(tokens) and tokens[i + 1].type == "paragraph_open"
              and tokens[i + 2].type == "inline" and _TASK_BOX.match(tokens[i + 2].content)):
            inline = tokens[i + 2]
            box = _TASK_BOX.match(inline.content)
            if box is None:  # it matched in the condition above
                continue
            row = rows.get(text.first_line + tok.map[0]) if tok.map else None
            done = box.group(1) in "xX"
            tok.attrSet("class", "opgave lukket" if done else "opgave")
            source = row.text if row else inline.content[box.end():]
            children = md.parseInline(source, dict(references))[0].children or []
            meta = ""
            if row:
                parts = _task_meta(row)
                meta = f' <span class="opgavemeta">— {escape(" · ".join(p for p in parts if p))}</span>'
            inline.children = ([_raw(f'<span class="boks" aria-label="{"udført" if done else "åben"} opgave">'
                                     f'{"☑" if done else "☐"}</span> <span class="opgavetekst">')]
                               + children + [_raw("</span>" + meta)])
    for tok in tokens:
        if tok.type == "inline" and tok.children:
            tok.children = _corrections(tok.children)
    return Markup(md.renderer.render(tokens, md.options, env))


# An editorial correction of a slip in the source: "9. maj 2025 [rettet: kilden har 2015]".
CORRECTION = re.compile(r"\[rettet:[ \t]*([^\[\]\n]*[^\[\]\s])[ \t]*\]")


def _corrections(children: list[Token]) -> list[Token]:
    """Text with `[rettet: …]` in it, the note set in small, muted type (docs/format.md)."""
    from markdown_it.token import Token
    from markupsafe import escape

    out: list[Token] = []
    for child in children:
        if child.type != "text" or "[rettet:" not in child.content:
            out.append(child)
            continue
        at = 0
        for m in CORRECTION.finditer(child.content):
            out.append(Token("text", "", 0, content=child.content[at:m.start()]))
            out.append(_raw(f'<span class="rettelse">(rettet: {escape(m.group(1))})</span>'))
            at = m.end()
        out.append(Token("text", "", 0, content=child.content[at:]))
    return out


def _hide_empty_head(tokens: list[Token], start: int) -> None:
    """A table written with an empty header row (`| | |`) is shown without it."""
    end = start
    while tokens[end].type != "thead_close":
        end += 1
    if all(not t.content.strip() for t in tokens[start:end] if t.type == "inline"):
        for t in tokens[start:end + 1]:
            t.hidden = True


def _raw(html: str) -> Token:
    """A piece of markup referat writes itself into the rendered minutes (never the file's text)."""
    from markdown_it.token import Token

    return Token("html_inline", "", 0, content=html)


def _task_meta(t: Task) -> list[str]:
    """What a task item in the minutes says after its text: owners, deadline, closed, id."""
    owners = owner_names(t)
    return [f"Ansvarlig: {owners}" if owners else "",
            f"Modtager: {t.recipients_shown}" if t.recipients_shown else "",
            f"Frist: {t.deadline_shown}" if t.deadline_shown else "",
            MinutesView.task_status(t) if t.done else "", t.id]


# --- DOCX --------------------------------------------------------------------------------------


def render_docx(view: MinutesView) -> bytes:
    """The minutes as a Word document, for those who edit or file them further."""
    from docx.shared import Pt, RGBColor

    view = printable.view(view)  # python-docx refuses control characters
    doc = new_docx(f"{view.heading}: {view.group_name}, {view.date_plain}")
    section = doc.sections[0]
    if view.banner:
        header = section.header.paragraphs[0]
        run = header.add_run(view.banner.upper())
        run.bold, run.font.color.rgb = True, RGBColor(0xA4, 0x16, 0x1A)

    doc.add_paragraph(view.group_name + (f" · {view.number}" if view.number else ""), style="Subtitle")
    doc.add_heading(view.heading + (f": {view.title}" if view.title else ""), level=0)
    if view.banner:
        run = doc.add_paragraph().add_run(view.banner)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), RGBColor(0xA4, 0x16, 0x1A)
    facts = [("Dato", view.date_text), ("Tid", f"kl. {view.time}" if view.time else ""), ("Sted", view.place),
             ("Ordstyrer", view.chair),
             ("Referent", view.referent + (f" ({view.referent_email})" if view.referent_email else "")),
             ("Tovholder", view.tovholder), ("Status", view.status_text), ("Næste møde", view.next_meeting)]
    for label, value in facts:
        if value:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
            p.paragraph_format.space_after = Pt(0)
    if view.approval_note:
        doc.add_paragraph().add_run(view.approval_note).italic = True
    if view.public and view.withheld_items:
        doc.add_paragraph().add_run("Offentlig udgave: referatet af lukkede punkter er udeladt.").italic = True

    for heading, blocks in ((view.attendees_heading, view.attendees),
                            ("Deltog kun under enkelte punkter", view.partial), ("Afbud", view.absent)):
        if blocks:
            doc.add_heading(heading, level=1)
            for org in blocks:
                p = doc.add_paragraph()
                p.add_run(f"{org.name}: ").bold = True
                p.add_run(", ".join(person_text(person) for person in org.people))
                p.paragraph_format.space_after = Pt(2)

    for s in view.opening:
        if s.title:
            doc.add_heading(s.title, level=1)
        _docx_text(doc, s.text)
    for m in view.items:
        doc.add_heading(f"{m.item.nr}. {m.item.title}", level=1)
        if m.item.meta:
            doc.add_paragraph().add_run(m.item.meta).italic = True
        if m.present_for_item:
            doc.add_paragraph().add_run(f"Deltog under punktet: {m.present_for_item}").italic = True
        if m.withheld:
            doc.add_paragraph().add_run(WITHHELD).bold = True
        elif view.status == "planlagt" and m.item.description:
            _docx_markdown(doc, m.item.description, {})
        if m.before:
            _docx_text(doc, m.before)
        if m.decisions:
            _docx_decisions(doc, m.decisions)
        if m.after:
            _docx_text(doc, m.after)
        if m.empty and view.status != "planlagt":
            doc.add_paragraph().add_run(NO_MINUTES).italic = True
        if m.item.attachments:
            doc.add_paragraph().add_run("Bilag").bold = True
            for b in m.item.attachments:
                doc.add_paragraph(b, style="List Bullet")
        if m.item.links:
            doc.add_paragraph().add_run("Links").bold = True
            for link in m.item.links:
                doc.add_paragraph(link.label, style="List Bullet")
        for s in m.sections:
            doc.add_heading(s.title, level=1)
            _docx_text(doc, s.text)
    if view.other_decisions:
        doc.add_heading("Øvrige beslutninger", level=1)
        _docx_decisions(doc, view.other_decisions)

    if view.working_groups:
        doc.add_heading("Arbejdsgrupper", level=1)
        for g in view.working_groups:
            doc.add_heading(g.name, level=2)
            if g.item:
                doc.add_paragraph().add_run(f"Nedsat under punkt {g.item}").italic = True
            for org in g.members:
                p = doc.add_paragraph(style="List Bullet")
                p.add_run(org.name + (": " if org.people else "")).bold = True
                p.add_run(", ".join(person_text(person) for person in org.people))
            if g.note:
                doc.add_paragraph(g.note)

    if view.next_meeting or view.next_items:
        doc.add_heading("Næste møde", level=1)
        if view.next_meeting:
            doc.add_paragraph(view.next_meeting[:1].upper() + view.next_meeting[1:])
        if view.next_items:
            doc.add_paragraph().add_run("Punkter til næste møde").bold = True
            for x in view.next_items:
                _docx_inline(doc.add_paragraph(style="List Bullet"), parser().parseInline(x)[0].children or [])

    doc.add_heading("Opgaver fra mødet", level=1)
    if not view.tasks:
        doc.add_paragraph("Mødet gav ingen opgaver." if view.status != "planlagt" else "Ingen opgaver endnu.")
    else:
        table = docx_table(doc, ("Id", "Opgave", "Ansvarlig", "Frist", "Status"))
        for t in view.tasks:
            cells = table.add_row().cells
            cells[0].text = t.id
            cells[1].text = t.text + (f" (modtager: {t.recipients_shown})" if t.recipients_shown else "") + (
                f" (punkt {t.item})" if t.item else "")
            cells[2].text = owner_names(t) or "–"
            cells[3].text = t.deadline_shown or "–"
            cells[4].text = view.task_status(t)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_text(doc: Docx, text: Text) -> None:
    _docx_markdown(doc, text.markdown, {r.line - text.first_line: r for r in text.tasks})


def _docx_decisions(doc: Docx, decisions: tuple[str, ...]) -> None:
    """The decisions in a shaded box, as the HTML sets them apart."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "EEF3F8")
    cell._tc.get_or_add_tcPr().append(shading)
    cell.paragraphs[0].add_run("Beslutning").bold = True
    for d in decisions:
        _docx_inline(cell.add_paragraph(style="List Bullet" if len(decisions) > 1 else None),
                     parser().parseInline(d)[0].children or [])
    doc.add_paragraph()


def _docx_markdown(doc: Docx, text: str, tasks: dict[int, Task]) -> None:
    """Markdown as Word paragraphs: headings, lists (task items as ☐/☑ with owner and deadline),
    quotes, tables and code; emphasis, links and line breaks within them. Raw HTML stays text."""
    from docx.shared import Mm

    md = parser()
    tokens = md.parse(text)
    lists: list[str] = []
    quote = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("Bullet" if tok.type == "bullet_list_open" else "Number")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "blockquote_open":
            quote += 1
        elif tok.type == "blockquote_close":
            quote -= 1
        elif tok.type == "heading_open":
            doc.add_paragraph().add_run(tokens[i + 1].content).bold = True
            i += 3
            continue
        elif tok.type == "table_open":
            i = _docx_table(doc, tokens, i)
            continue
        elif tok.type in ("fence", "code_block"):
            p = doc.add_paragraph(tok.content.rstrip("\n"))
            for run in p.runs:
                run.font.name = "Consolas"
        elif tok.type == "inline":
            before = tokens[i - 1] if i else None
            item = tokens[i - 2] if i >= 2 and tokens[i - 2].type == "list_item_open" else None
            style = None
            if lists and before is not None and before.type == "paragraph_open" and item is not None:
                depth = min(len(lists), 3)
                style = f"List {lists[-1]}" + (f" {depth}" if depth > 1 else "")
            elif quote:
                style = "Quote"
            box = _TASK_BOX.match(tok.content) if item is not None else None
            p = doc.add_paragraph(style=None if box else style)
            if box and item is not None:
                p.paragraph_format.left_indent = Mm(6 * min(len(lists), 3))
                p.paragraph_format.first_line_indent = Mm(-4)
                row = tasks.get(item.map[0]) if item.map else None
                p.add_run("☑ " if box.group(1) in "xX" else "☐ ")
                source = row.text if row else tok.content[box.end():]
                _docx_inline(p, md.parseInline(source)[0].children or [])
                if row:
                    p.add_run(" — " + " · ".join(x for x in _task_meta(row) if x)).italic = True
            else:
                _docx_inline(p, tok.children or [])
        i += 1


_STYLE_TOKENS = {"strong": "bold", "em": "italic", "s": "strike"}  # markdown-it's inline token → style


def _docx_inline(p: Docx, children: list[Token]) -> None:
    style = {"bold": False, "italic": False, "strike": False}
    href = ""
    start = 0
    for child in children:
        tag, _, edge = child.type.rpartition("_")
        if tag in _STYLE_TOKENS and edge in ("open", "close"):
            style[_STYLE_TOKENS[tag]] = edge == "open"
        elif child.type in ("text", "code_inline", "html_inline"):
            run = p.add_run(child.content)
            run.bold, run.italic = style["bold"] or None, style["italic"] or None
            if style["strike"]:
                run.font.strike = True
        elif child.type == "softbreak":
            p.add_run(" ")
        elif child.type == "hardbreak":
            p.add_run().add_break()
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            p.add_run(child.content + (f" ({src})" if src and src != child.content else ""))
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            start = len(p.text)
        elif child.type == "link_close":
            if href and p.text[start:] != href and not href.startswith("mailto:"):
                p.add_run(f" ({href})")
            href = ""


def _docx_table(doc: Docx, tokens: list[Token], i: int) -> int:
    """A Markdown table as a Word table; returns the index after it."""
    rows: list[list[list[Token]]] = []
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            rows.append([])
        elif tok.type == "inline" and rows:
            rows[-1].append(tok.children or [])
        i += 1
    rows = [r for r in rows if any(c.content.strip() for cell in r for c in cell)]  # no empty header
    width = max((len(r) for r in rows), default=0)
    if width:
        table = doc.add_table(rows=0, cols=width)
        table.style = "Light Grid Accent 1"
        for r in rows:
            cells = table.add_row().cells
            for cell, children in zip(cells, r, strict=False):  # a row may have fewer cells
                _docx_inline(cell.paragraphs[0], children)
        doc.add_paragraph()
    return i + 1
