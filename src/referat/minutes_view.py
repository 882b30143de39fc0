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
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referat import clock, datoer, repo, templating, word
from referat.agenda import ItemView, OrganisationView, by_organisation, item_views, meeting_number
from referat.archive import Archive
from referat.danish import join_da
from referat.errors import ReferatError
from referat.findings import Collector
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
    for it, view in zip(meeting.agenda, item_views(rep, group, meeting), strict=True):
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
        next_items=tuple(x.title for x in meeting.next_meeting_items if x.title),
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
    filters: dict[str, Callable[..., str]] = {"celle": _markdown_cell, "ansvarlige": owner_names,
                                              "niveau": headings_down}
    return templating.render(root, "referat.md.j2", filters, r=view)


def headings_down(markdown: str) -> str:
    """The minutes' own headings one level down, as in the HTML: the item's title is the level
    above them. A heading underlined with === or --- becomes a #-heading."""
    lines = markdown.split("\n")
    for tok in parser().parse(markdown):
        if tok.type != "heading_open" or not tok.map or tok.level:
            continue  # a heading in a quote or a list stays as written
        level = min(int(tok.tag[1:]) + 1, 6)
        first, end = tok.map
        if tok.markup.startswith("#"):
            if lines[first].lstrip().startswith(tok.markup):
                lines[first] = "#" * level + lines[first].lstrip()[len(tok.markup):]
        else:  # setext: the text lines, then the underline
            text = " ".join(line.strip() for line in lines[first:end - 1])
            lines[first:end] = [f"{'#' * level} {text}"] + [""] * (end - first - 1)
    return "\n".join(lines)


def render_html(root: Path | None, view: MinutesView, links: dict[int, str] | None = None) -> str:
    """links: where each numbered attachment links to (referat.pdfbundle.links), if anywhere."""
    from markupsafe import Markup

    md = parser()
    # markdown-it escapes everything itself (raw HTML is off), so its output is safe markup.
    filters: dict[str, Callable[..., str]] = {
               "markdown": lambda text: Markup(md.render(text, dict(view.references))),
               "inline": lambda text: Markup(md.renderInline(text, dict(view.references))),
               "referat": lambda text: _html(md, text, view.references), "ansvarlige": owner_names}
    return templating.render(root, "referat.html.j2", filters, r=view, bilag_links=links or {})


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


def render_docx(root: Path | None, view: MinutesView) -> bytes:
    """The minutes as a Word document: their Markdown, laid out by referat.word."""
    return word.render(root, render_markdown(root, view), word.WordInfo(
        title=f"{view.heading}: {view.group_name}{f' – {view.title}' if view.title else ''}, {view.date_plain}",
        subject=view.group_name,
        author=view.referent or view.group_name, day=view.date,
        document=f"Referat af mødet {view.date_plain}", date_text=view.date_plain,
        draft=view.banner == DRAFT, source=view.path))
