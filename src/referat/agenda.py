"""The agenda to send out for a meeting: which meeting, what the agenda shows, and the
documents (Markdown, HTML, PDF, DOCX) it becomes.

Pure: it returns values and raises ReferatError, it never prints. Markdown and HTML come from
the templates dagsorden.md.j2 and dagsorden.html.j2 (a minutes repository may override them,
and print.css, which the HTML template includes so the file stays one file). PDF is that same
HTML through WeasyPrint, DOCX is built with python-docx; both are optional extras.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from referat import datoer, printable, repo, templating
from referat.archive import Archive
from referat.errors import ReferatError
from referat.findings import Finding
from referat.mdrender import parser
from referat.model import Attendee, Group, Meeting, Ref
from referat.tasks import Task

NEXT_WORDS = ("naeste", "næste")
FORMATS = ("md", "html", "pdf", "docx")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
KIND_TEXT = {"beslutning": "Til beslutning", "droeftelse": "Til drøftelse", "orientering": "Til orientering"}
OTHERS = "Øvrige"  # people whose organisation is not known on the meeting's date
_SAFE_SCHEMES = ("http", "https", "mailto")


# --- which meeting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selected:
    meeting: Meeting
    findings: tuple[Finding, ...]  # what reading the file found; errors mean `tjek` has more to say


@dataclass(frozen=True)
class _Candidate:
    path: str
    group: str
    date: dt.date


def select(rep: Archive, wanted: str, group_wanted: str | None, today: dt.date, cwd: Path) -> Selected:
    """The meeting MØDE names: a path to a meeting file, a date, or 'naeste' (the group's next
    meeting on or after today). Only the chosen meeting is read; the others' dates come from
    their summaries."""
    group = _group(rep, group_wanted) if group_wanted else None
    candidates = _candidates(rep)
    text = wanted.strip()
    if text.casefold() in NEXT_WORDS:
        return _next(rep, candidates, group, today)
    as_path = Path(text) if Path(text).is_absolute() else cwd / text
    if as_path.exists() or _looks_like_path(text):
        return _by_path(rep, candidates, group, text, as_path)
    try:
        day = datoer.parse_date(text)
    except datoer.DateError as exc:
        if text[:1].isdigit():
            raise ReferatError(str(exc)) from None
        raise ReferatError(f"Kan ikke finde mødet '{text}'. Skriv stien til en mødefil "
                           "(fx moeder/boern-og-unge/2025-03-07.md), mødets dato (2025-03-07 eller "
                           "7. marts 2025) eller 'naeste' for gruppens næste møde") from None
    return _by_date(rep, candidates, group, day)


def _group(rep: Archive, wanted: str) -> Group:
    group = rep.registry.group(wanted)
    if group is None:
        known = ", ".join(sorted(rep.registry.groups)) or "(ingen)"
        raise ReferatError(f"Ukendt gruppe '{wanted}'. Grupperne er: {known}")
    return group


def _candidates(rep: Archive) -> list[_Candidate]:
    """Every meeting file in a group folder with its date: the one in the file, or, when the
    file cannot be read, the one in its name, so an unreadable file is still found (and refused
    with a useful message) rather than reported missing."""
    result = []
    for path, summary in rep.summaries().items():
        folder = repo.group_folder(path)
        if folder is None:
            continue
        day = dt.date.fromordinal(summary.day) if summary.day is not None else _date_in_name(path)
        if day is not None:
            result.append(_Candidate(path, folder, day))
    return result


def _date_in_name(path: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(PurePosixPath(path).stem)
    except ValueError:
        return None


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.lower().endswith(".md")


def _readable(rep: Archive, c: _Candidate) -> Selected:
    m, findings = rep.meeting(c.path)
    if m is None or not m.front_matter_read or m.date is None or not m.agenda:
        raise ReferatError(f"{c.path} kan ikke læses som et møde; kør 'referat tjek {c.path}' for at se fejlene")
    return Selected(m, tuple(findings))


def _group_name(rep: Archive, folder: str) -> str:
    group = rep.registry.groups.get(folder)
    return group.name if group else folder


def _by_path(rep: Archive, candidates: list[_Candidate], group: Group | None, text: str, path: Path) -> Selected:
    if not path.exists():
        raise ReferatError(f"Mødefilen '{text}' findes ikke")
    if path.is_dir():
        raise ReferatError(f"'{text}' er en mappe; skriv stien til en mødefil ({repo.MEETINGS_DIR}/<gruppe>/<dato>.md)")
    if not repo.inside(rep.root, path):
        raise ReferatError(f"'{text}' ligger uden for mødearkivet {rep.root}")
    rel = repo.rel(rep.root.resolve(), path.parent.resolve() / path.name)  # the file itself may be a link
    found = [c for c in candidates if c.path == rel]
    if not found:
        raise ReferatError(f"'{text}' er ikke en mødefil; mødefiler ligger i "
                           f"{repo.MEETINGS_DIR}/<gruppe>/<dato>.md")
    if group is not None and found[0].group != group.id:
        raise ReferatError(f"{rel} er et møde i {_group_name(rep, found[0].group)}, ikke i {group.name}")
    return _readable(rep, found[0])


def _by_date(rep: Archive, candidates: list[_Candidate], group: Group | None, day: dt.date) -> Selected:
    pool = [c for c in candidates if group is None or c.group == group.id]
    found = [c for c in pool if c.date == day]
    where = f" i {group.name}" if group else ""
    if not found:
        near = sorted(pool, key=lambda c: (abs((c.date - day).days), c.date))[:3]
        hint = ""
        if near:
            hint = ". Nærmeste møder: " + ", ".join(
                f"{datoer.format_date(c.date)}" + ("" if group else f" ({c.group})")
                for c in sorted(near, key=lambda c: c.date))
        raise ReferatError(f"Der er intet møde{where} den {datoer.format_date(day)}{hint}")
    if len(found) > 1:
        names = " og ".join(_group_name(rep, c.group) for c in found)
        raise ReferatError(f"{names} holdt begge møde den {datoer.format_date(day)}; vælg gruppen med --gruppe "
                           f"({', '.join(c.group for c in found)})")
    return _readable(rep, found[0])


def _next(rep: Archive, candidates: list[_Candidate], group: Group | None, today: dt.date) -> Selected:
    pool = [c for c in candidates if c.date >= today and (group is None or c.group == group.id)]
    if not pool:
        where = f" i {group.name}" if group else ""
        raise ReferatError(f"Der er intet møde{where} den {datoer.format_date(today)} eller senere; "
                           "opret det med 'referat ny" + (f" --gruppe {group.id}" if group else "") + "'")
    first: dict[str, _Candidate] = {}
    for c in sorted(pool, key=lambda c: (c.date, c.path)):
        first.setdefault(c.group, c)
    if len(first) > 1:
        listed = ", ".join(f"{g} ({datoer.format_date(c.date)})" for g, c in sorted(first.items()))
        raise ReferatError(f"Flere grupper har et kommende møde; vælg én med --gruppe: {listed}")
    return _readable(rep, next(iter(first.values())))


# --- what the agenda shows ------------------------------------------------------------------


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


@dataclass(frozen=True)
class ItemView:
    nr: str
    title: str
    responsible: str  # "Julie Folke og Helle Stisen"; shown as "v. ..."
    openers: str  # "Slagelse og Greve"; shown as "... indleder punktet"
    time: str
    kind: str  # "Til drøftelse"
    focus: str  # "Fokusområde 1, 2 og 3"
    closed: bool
    description: str  # Markdown, as written
    attachments: tuple[str, ...]
    links: tuple[LinkView, ...]


@dataclass(frozen=True)
class TaskView:
    id: str
    text: str
    owners: str
    deadline: str  # "9. maj 2025", "ultimo maj 2025", as written when unreadable, "" when none
    overdue: bool  # relative to the meeting's date
    meeting: str  # the date of the meeting the task comes from
    item_title: str


@dataclass(frozen=True)
class AgendaView:
    path: str
    group_id: str
    group_name: str
    title: str  # the meeting's own title (`titel`), "" when none
    date: dt.date
    date_text: str  # "fredag den 7. marts 2025"
    date_plain: str  # "7. marts 2025"
    time: str  # "10:00-13:00"
    place: str
    number: str  # "Møde 1/4 i 2025", "" when moede_nr is not set
    referent: str
    referent_email: str
    chair: str
    tovholder: str
    invited_heading: str  # "Inviterede" or "Deltagere og afbud"
    invited: tuple[OrganisationView, ...]
    items: tuple[ItemView, ...]
    tasks: tuple[TaskView, ...]

    @property
    def overdue_count(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)


def build(rep: Archive, meeting: Meeting, tasks: list[Task]) -> AgendaView:
    """The agenda of a meeting read by select(), with the group's tasks open on its date."""
    assert meeting.date is not None and meeting.group_folder is not None
    day = meeting.date
    group = rep.registry.groups.get(meeting.group_folder)
    referent = rep.registry.person(meeting.referent.text) if meeting.referent else None
    invited = meeting.invited or meeting.attendees + meeting.absent
    return AgendaView(
        path=meeting.path, group_id=meeting.group_folder,
        group_name=group.name if group else meeting.group_folder,
        title=meeting.title, date=day, date_text=datoer.format_date(day, weekday=True),
        date_plain=datoer.format_date(day),
        time=meeting.time, place=meeting.place, number=_number(group, meeting),
        referent=referent.name if referent else (meeting.referent.text if meeting.referent else ""),
        referent_email=referent.email if referent else "",
        chair=_person_name(rep, meeting.chair) if meeting.chair else "",
        tovholder=_tovholder(rep, group, day) if group else "",
        invited_heading="Inviterede" if meeting.invited else "Deltagere og afbud",
        invited=_by_organisation(rep, group, day, invited, absent=set(map(id, meeting.absent))),
        items=tuple(_item(rep, group, it) for it in meeting.agenda),
        tasks=tuple(_task(t, day) for t in sorted(open_tasks(tasks, meeting.group_folder, day), key=lambda t: t.sort_key)),
    )


def open_tasks(tasks: list[Task], group_id: str, day: dt.date) -> list[Task]:
    """The group's tasks from meetings before day that were open when the agenda went out:
    not ticked off, or closed on day or later (a task closed on the meeting's day was done at
    the meeting, so its agenda listed it). A task ticked off without a date counts as closed."""
    return [t for t in tasks if t.group == group_id and t.meeting < day and t.open_on(day)]


def _number(group: Group | None, m: Meeting) -> str:
    if not m.number or m.date is None:
        return ""
    total = len(group.plan.get(m.date.year, [])) if group else 0
    if total >= m.number:
        return f"Møde {m.number}/{total} i {m.date.year}"
    return f"Møde {m.number} i {m.date.year}"


def _person_name(rep: Archive, ref: Ref) -> str:
    person = rep.registry.person(ref.text)
    return person.name if person else ref.text


def _tovholder(rep: Archive, group: Group, day: dt.date) -> str:
    for period in group.tovholder.get(day.year, []):
        if (period.start is None or period.start <= day) and (period.end is None or day <= period.end):
            org = rep.registry.organisation(period.organisation.text) if period.organisation else None
            who = join_da([_person_name(rep, p) for p in period.persons])
            if org and who:
                return f"{org.name} ({who})"
            return org.name if org else who
    return ""


def _responsible(rep: Archive, group: Group | None, refs) -> str:
    names = []
    for ref in refs:
        found = rep.registry.resolve(ref.text)
        if found is None:
            names.append(ref.text)
        elif found.kind == "person":
            names.append(rep.registry.persons[found.id].name)
        elif found.kind == "organisation":
            org = rep.registry.organisations[found.id]
            names.append(org.short or org.name)
        elif found.kind == "gruppe":
            # The meeting's own group as responsible is the minutes' "v. alle".
            names.append("alle" if group is not None and found.id == group.id else rep.registry.groups[found.id].name)
        else:
            names.append("alle kommuner")
    return join_da(names)


def _item(rep: Archive, group: Group | None, it) -> ItemView:
    return ItemView(
        nr=it.nr, title=it.title, responsible=_responsible(rep, group, it.responsible),
        openers=_responsible(rep, group, it.openers), time=it.time, kind=KIND_TEXT.get(it.kind, ""),
        focus=(("Fokusområde " if len(it.focus_areas) == 1 else "Fokusområderne ")
               + join_da([str(f) for f in it.focus_areas])) if it.focus_areas else "",
        closed=it.closed, description=it.description.strip(), attachments=it.attachments,
        links=tuple(LinkView(link.text, link.url, safe_href(link.url)) for link in it.links),
    )


def _task(t: Task, day: dt.date) -> TaskView:
    return TaskView(id=t.id, text=t.text, owners=join_da([o.name for o in t.owners]), deadline=t.deadline_shown,
                    overdue=t.deadline is not None and t.deadline.date < day,
                    meeting=datoer.format_date(t.meeting), item_title=t.item_title)


def _by_organisation(rep: Archive, group: Group | None, day: dt.date, people: list[Attendee],
                     absent: set[int]) -> tuple[OrganisationView, ...]:
    """Everyone invited, under the short name of their organisation on the meeting's date, the
    organisations and the people in each in Danish alphabetical order."""
    blocks: dict[str, list[PersonView]] = {}
    for a in people:
        person = rep.registry.person(a.person.text) if a.person else None
        name = person.name if person else (a.person.text if a.person else a.name)
        org = _organisation(rep, group, day, a, person)
        notes = []
        if a.title:
            notes.append(a.title)
        if a.guest:
            notes.append("gæst")
        if a.items:
            notes.append(("kun punkt " if len(a.items) == 1 else "kun punkterne ") + join_da(list(a.items)))
        if id(a) in absent:
            notes.append("afbud")
        blocks.setdefault(org, []).append(PersonView(name, ", ".join(notes)))
    order = sorted(blocks, key=lambda o: (o == OTHERS, danish_key(o)))
    return tuple(OrganisationView(o, tuple(sorted(blocks[o], key=lambda p: danish_key(p.name)))) for o in order)


def _organisation(rep: Archive, group: Group | None, day: dt.date, a: Attendee, person) -> str:
    ref = _organisation_ref(rep, group, day, a, person)
    if ref is None:
        return OTHERS
    org = rep.registry.organisation(ref.text)
    return (org.short or org.name) if org else ref.text


def _organisation_ref(rep: Archive, group: Group | None, day: dt.date, a: Attendee, person):
    """Whom an attendee came for on day, as written: the attendee's own `organisation`, else
    the person's affiliation on day, else what the group's members list says; or None."""
    if a.organisation is not None or person is None:
        return a.organisation
    aff = person.affiliation_on(day)
    if aff is not None:
        return aff.organisation
    for member in group.members if group is not None else ():
        if member.organisation and rep.registry.person(member.person.text) is person \
                and (member.start is None or member.start <= day) and (member.end is None or day <= member.end):
            return member.organisation
    return None


# --- shared with the other documents of a meeting (referat vis) --------------------------------
# Public names for the parts above, so the minutes show a meeting exactly as its agenda did.


def by_organisation(rep: Archive, group: Group | None, day: dt.date, people: list[Attendee],
                    absent: list[Attendee] = ()) -> tuple[OrganisationView, ...]:
    """People under their organisation on day, both in Danish order; those in absent get the
    note 'afbud'. Notes also say title, 'gæst' and 'kun punkt N'."""
    return _by_organisation(rep, group, day, people, absent=set(map(id, absent)))


def attendee_name(rep: Archive, a: Attendee) -> str:
    person = rep.registry.person(a.person.text) if a.person else None
    return person.name if person else (a.person.text if a.person else a.name)


def attendee_organisation(rep: Archive, group: Group | None, day: dt.date, a: Attendee) -> str:
    """The short name of the attendee's organisation on day, or OTHERS when it is not known."""
    person = rep.registry.person(a.person.text) if a.person else None
    return _organisation(rep, group, day, a, person)


def item_view(rep: Archive, group: Group | None, it) -> ItemView:
    return _item(rep, group, it)


def item_meta(item: ItemView) -> str:
    """'v. Julie Folke · kl. 10:00-10:10 · Til beslutning · Lukket punkt'."""
    return _item_meta(item)


def meeting_number(group: Group | None, m: Meeting) -> str:
    return _number(group, m)


def person_name(rep: Archive, ref: Ref) -> str:
    return _person_name(rep, ref)


def tovholder(rep: Archive, group: Group | None, day: dt.date) -> str:
    return _tovholder(rep, group, day) if group else ""


# --- small Danish helpers ---------------------------------------------------------------------

_DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "é": "e", "ü": "y"})


def danish_key(text: str) -> str:
    """Sorts as a Danish dictionary does: æ, ø, å after z, and 'aa' as å (Aabenraa after Zealand)."""
    return text.casefold().replace("aa", "å").translate(_DANISH_ORDER)


def join_da(parts: list[str]) -> str:
    """'A', 'A og B', 'A, B og C'."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " og " + parts[-1]


def safe_href(url: str) -> str | None:
    """The url, when a link to it can do no harm in a browser: http(s) and mailto only."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _SAFE_SCHEMES else None


# --- rendering ---------------------------------------------------------------------------------


def render_markdown(root: Path, view: AgendaView) -> str:
    return templating.render(root, "dagsorden.md.j2", a=view)


def render_html(root: Path, view: AgendaView) -> str:
    return templating.render(root, "dagsorden.html.j2", {"markdown": markdown_html}, a=view)


PDF_MISSING = "PDF kræver ekstra pakker: pip install 'referat[pdf]'"
PDF_NO_PANGO = ("PDF kræver Pango fra styresystemet (WeasyPrint tegner teksten med det): "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0 på Debian og Ubuntu, "
                "brew install pango på macOS")
DOCX_MISSING = "DOCX kræver ekstra pakker: pip install 'referat[docx]'"


def check_extra(fmt: str) -> None:
    """Raises the Danish install instructions when the extra for fmt is not installed."""
    if fmt == "pdf":
        try:
            import weasyprint  # noqa: F401
        except ImportError:
            raise ReferatError(PDF_MISSING) from None
        except OSError:
            # WeasyPrint is there, but the system library it loads at import is not.
            raise ReferatError(PDF_NO_PANGO) from None
    elif fmt == "docx":
        try:
            import docx  # noqa: F401
        except ImportError:
            raise ReferatError(DOCX_MISSING) from None


def render_pdf(html: str) -> bytes:
    """The HTML agenda as an A4 PDF: the same document and print CSS the browser prints."""
    check_extra("pdf")
    import logging

    import weasyprint

    # WeasyPrint logs CSS it ignores (screen-only rules) as warnings; they are not the user's.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # No base_url and a fetcher that refuses everything: the document is self-contained.
    return weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"referat henter ikke eksterne filer ({url})")


def render_docx(view: AgendaView) -> bytes:
    """The agenda as a Word document for those who edit it further."""
    from docx.shared import Pt

    view = printable.view(view)  # python-docx refuses control characters
    doc = new_docx(f"Dagsorden: {view.group_name}, {datoer.format_date(view.date)}")

    doc.add_paragraph(view.group_name + (f" · {view.number}" if view.number else ""), style="Subtitle")
    doc.add_heading("Dagsorden" + (f": {view.title}" if view.title else ""), level=0)
    facts = [("Dato", view.date_text), ("Tid", f"kl. {view.time}" if view.time else ""), ("Sted", view.place),
             ("Ordstyrer", view.chair),
             ("Referent", view.referent + (f" ({view.referent_email})" if view.referent_email else "")),
             ("Tovholder", view.tovholder)]
    for label, value in facts:
        if value:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
            p.paragraph_format.space_after = Pt(0)

    if view.invited:
        doc.add_heading(view.invited_heading, level=1)
        for org in view.invited:
            p = doc.add_paragraph()
            p.add_run(f"{org.name}: ").bold = True
            p.add_run(", ".join(_person_text(person) for person in org.people))
            p.paragraph_format.space_after = Pt(2)

    doc.add_heading("Punkter", level=1)
    for item in view.items:
        doc.add_heading(f"{item.nr}. {item.title}", level=2)
        meta = _item_meta(item)
        if meta:
            run = doc.add_paragraph().add_run(meta)
            run.italic = True
        if item.description:
            _docx_markdown(doc, item.description)
        if item.attachments:
            p = doc.add_paragraph()
            p.add_run("Bilag").bold = True
            for b in item.attachments:
                doc.add_paragraph(b, style="List Bullet")
        if item.links:
            p = doc.add_paragraph()
            p.add_run("Links").bold = True
            for link in item.links:
                doc.add_paragraph(f"{link.text}: {link.url}" if link.text != link.url else link.url,
                                  style="List Bullet")

    doc.add_heading("Åbne opgaver", level=1)
    if not view.tasks:
        doc.add_paragraph(f"Ingen åbne opgaver fra tidligere møder pr. {datoer.format_date(view.date)}.")
    else:
        table = docx_table(doc, ("Id", "Opgave", "Ansvarlig", "Frist"))
        for t in view.tasks:
            cells = table.add_row().cells
            cells[0].text = t.id
            cells[1].text = t.text
            cells[2].text = t.owners or "–"
            cells[3].text = t.deadline or "–"
            if t.overdue:
                cells[3].paragraphs[0].add_run(" (overskredet)").bold = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _person_text(p: PersonView) -> str:
    return f"{p.name} ({p.note})" if p.note else p.name


def _item_meta(item: ItemView) -> str:
    parts = []
    if item.responsible:
        parts.append(f"v. {item.responsible}")
    if item.openers:
        parts.append(f"{item.openers} indleder punktet")
    parts += [p for p in (f"kl. {item.time}" if item.time else "", item.kind, item.focus) if p]
    if item.closed:
        parts.append("Lukket punkt")
    return " · ".join(parts)


def _docx_markdown(doc, text: str) -> None:
    """Markdown paragraphs, lists and emphasis as Word paragraphs and runs (raw HTML stays text)."""
    tokens = parser().parse(text)
    lists: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if tok.type == "bullet_list_open" else "List Number")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "inline":
            before = tokens[i - 1].type if i else ""
            style = lists[-1] if lists and before == "paragraph_open" else None
            p = doc.add_paragraph(style=style)
            if before == "heading_open":
                p.add_run(tok.content).bold = True
                continue
            if before == "fence" or before == "code_block":
                continue
            bold = italic = False
            href = ""
            for child in tok.children or []:
                if child.type == "strong_open":
                    bold = True
                elif child.type == "strong_close":
                    bold = False
                elif child.type == "em_open":
                    italic = True
                elif child.type == "em_close":
                    italic = False
                elif child.type in ("text", "code_inline", "html_inline"):
                    run = p.add_run(child.content)
                    run.bold, run.italic = bold or None, italic or None
                elif child.type == "softbreak":
                    p.add_run(" ")
                elif child.type == "hardbreak":
                    p.add_run().add_break()
                elif child.type == "link_open":
                    href = str(child.attrs.get("href", ""))
                    start = len(p.text)
                elif child.type == "link_close":
                    if href and p.text[start:] != href:
                        p.add_run(f" ({href})")
        elif tok.type in ("fence", "code_block"):
            doc.add_paragraph(tok.content.rstrip("\n"))


# --- shared with the annual report (referat aarsrapport) ---------------------------------------


def organisation_of(rep: Archive, group: Group | None, day: dt.date, a: Attendee):
    """The registered organisation (model.Organisation) an attendee came for on day: the
    attendee's own `organisation`, else the person's affiliation on day, else the organisation
    the group's members list gives them; None when unknown or not in kommuner.yaml. The same
    order as the agenda's grouping by organisation."""
    person = rep.registry.person(a.person.text) if a.person else None
    ref = _organisation_ref(rep, group, day, a, person)
    return rep.registry.organisation(ref.text) if ref is not None else None


def markdown_html(text: str, inline: bool = False):
    """Markdown as safe HTML markup (raw HTML off: a <script> is shown as text); inline=True
    for a line of text that should not become a paragraph."""
    from markupsafe import Markup

    md = parser()
    return Markup(md.renderInline(text) if inline else md.render(text))


def docx_markdown(doc, text: str) -> None:
    """Markdown as paragraphs of a python-docx document, the way the agenda's descriptions are."""
    _docx_markdown(doc, text)


def responsible_text(rep: Archive, group: Group | None, refs) -> str:
    """'Julie Folke og Holbæk': the names of an item's responsible (or openers), as the agenda
    shows them after 'v.'."""
    return _responsible(rep, group, refs)


def docx_table(doc, headings: tuple[str, ...]):
    """A Word table in the documents' one style, with a heading row."""
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, headings):
        cell.text = text
    return table


def new_docx(title: str):
    """An empty Word document laid out for A4, in Danish, the same for every report."""
    check_extra("docx")
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(18)
    section.left_margin = section.right_margin = Mm(16)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = title
    doc.core_properties.language = "da-DK"
    return doc
