"""The letters `referat udsend` makes: a meeting's agenda to everyone invited (the agenda as PDF
or Word, its attachments listed, the meeting as a calendar invitation), the minutes to the
members after the meeting (marked draft or approved), and a cancelled meeting's cancellation.

One letter per recipient (mail.letter). Each letter carries one key: the meeting, the kind of
document, the recipient and a hash of what is sent, so a letter the record of sent letters knows
(known) is left out (a retry after a failure sends only the rest), while a changed agenda goes
out again. People with no usable e-mail address get no letter and are listed in the result.

Pure: it renders the documents and the text (templates/mail/, through referat.templating, so an
archive's own templates come first and run sandboxed) and returns the letters; it never prints
and never sends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from referat import agenda, calendar_ics, clock, datoer, formats, invitation, minutes_view, people, templating
from referat.archive import Archive
from referat.danish import danish_key, join_da
from referat.errors import ReferatError
from referat.mail.addresses import usable
from referat.mail.letter import Attachment, Letter, Recipient
from referat.mail.message import one_line
from referat.model import Attendee, Meeting, Ref
from referat.settings import Settings
from referat.site import safe, urls

AGENDA, MINUTES, CANCELLATION = "dagsorden", "referat", "aflysning"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADINGS = {"udkast": "Udkast til referat", "godkendt": "Godkendt referat"}

Known = Callable[[str], bool]


@dataclass(frozen=True)
class Invitee:
    """Someone a sending is for: their name and address, or why there is no address."""

    name: str
    address: str  # "" when there is none to send to
    missing: str = ""  # why not: "ingen e-mailadresse i personer.yaml", ...


@dataclass(frozen=True)
class Sending:
    letters: list[Letter]
    without_address: list[Invitee]  # invited, but no usable address: the command lists them
    already_sent: int  # letters the record knows (sent before, unchanged), left out


@dataclass(frozen=True)
class AttachmentLine:
    label: str  # "Bilag 1"
    title: str
    item: str  # the agenda item's number
    url: str  # on the archive's website, "" when there is none


@dataclass(frozen=True)
class ItemLine:
    nr: str  # "3A"
    title: str


@dataclass(frozen=True)
class LetterView:
    """What the mail templates show."""

    kind: str  # AGENDA, MINUTES or CANCELLATION
    heading: str  # "Dagsorden", "Udkast til referat", "Godkendt referat", "Aflysning"
    to: str  # the recipient's name
    group_name: str
    title: str  # the meeting's own title, "" when none
    date_text: str  # "fredag den 12. december 2026"
    time: str  # "10.00–13.00"
    place: str
    number: str  # "Møde 4/4 i 2026", ""
    document: str  # the attached file's name, "" for a cancellation
    items: tuple[ItemLine, ...]  # the agenda's items, so the letter itself says what the meeting is about
    attachments: tuple[AttachmentLine, ...]
    page: str  # the meeting's page on the website, ""
    sender: str  # the referent, who signs the letter; "" when unknown
    draft: bool  # minutes not approved yet


# --- who gets the letters -------------------------------------------------------------------------


def agenda_invitees(rep: Archive, m: Meeting) -> list[Invitee]:
    """The people the agenda lists (`inviterede`, or those who came and sent word for a meeting
    already held), guests named in the file included; the group's members on the day when the
    file lists no one."""
    listed = m.invited or m.attendees + m.absent
    return _invitees(rep, listed if listed else _members(rep, m))


def minutes_invitees(rep: Archive, m: Meeting) -> list[Invitee]:
    """The group's members on the day and the others the minutes list (someone who came in a
    member's place), but not guests (`gaest: true`): the minutes may hold closed items."""
    return _invitees(rep, [*_members(rep, m), *(a for a in [*m.invited, *m.attendees, *m.absent] if not a.guest)])


def _members(rep: Archive, m: Meeting) -> list[Ref]:
    group = rep.registry.groups.get(m.group_folder)
    return [member.person for member in group.members_on(m.date)] if group else []


def _invitees(rep: Archive, people: Iterable[Attendee | Ref]) -> list[Invitee]:
    """Each person once (by their entry in personer.yaml, else by name), A to Å."""
    found: dict[str, Invitee] = {}
    for p in people:
        ref = p if isinstance(p, Ref) else p.person
        person = rep.registry.person(ref.text) if ref is not None else None
        if person is None:
            name = ref.text if ref is not None else p.name if isinstance(p, Attendee) else ""
            found.setdefault(f"n:{' '.join(name.casefold().split())}",
                             Invitee(one_line(name), "", "står ikke i personer.yaml"))
        elif not person.email:
            found.setdefault(person.id, Invitee(one_line(person.name), "", "ingen e-mailadresse i personer.yaml"))
        elif not usable(person.email):
            found.setdefault(person.id, Invitee(one_line(person.name), "",
                                                f"'{one_line(person.email)}' er ikke en e-mailadresse"))
        else:
            found.setdefault(person.id, Invitee(one_line(person.name), person.email))
    return sorted(found.values(), key=lambda i: danish_key(i.name))


# --- the letters ------------------------------------------------------------------------------------


def agenda_letters(rep: Archive, m: Meeting, fmt: str, known: Known, sent: dt.datetime) -> Sending:
    """The agenda to everyone invited, with the document (fmt: "pdf" or "docx") and the
    invitation (METHOD:REQUEST; the same UID as `kalender`, SEQUENCE from the time sent)."""
    view = agenda.build(rep, m, rep.tasks(m.group_folder))
    markdown = agenda.render_markdown(rep.root, view)
    document = _document(fmt, AGENDA, m, lambda: agenda.render_html(rep.root, view),
                         lambda: agenda.render_docx(rep.root, view))
    return _letters(rep, m, AGENDA, "Dagsorden", agenda_invitees(rep, m), known, sent,
                    content=fmt + markdown, document=document, items=tuple(view.items), method=invitation.REQUEST)


def cancellation_letters(rep: Archive, m: Meeting, known: Known, sent: dt.datetime) -> Sending:
    """The cancellation of a meeting not held, to everyone invited: METHOD:CANCEL, which takes
    the entry out of their calendars."""
    if m.status in ("udkast", "godkendt"):
        raise ReferatError(f"{m.path}: mødet er holdt (status: {m.status}); et holdt møde kan ikke aflyses")
    return _letters(rep, m, CANCELLATION, "Aflyst", agenda_invitees(rep, m), known, sent,
                    content="", document=None, items=(), method=invitation.CANCEL)


def minutes_letters(rep: Archive, m: Meeting, fmt: str, known: Known, sent: dt.datetime) -> Sending:
    """The minutes as `vis` makes them to the members, marked draft or approved."""
    body, body_line = minutes_view.read_body(rep, m)
    view = minutes_view.build(rep, m, body, body_line, rep.tasks(m.group_folder), public=False)
    if view.status == "planlagt":
        raise ReferatError(f"{m.path}: mødet er ikke holdt endnu (status: planlagt), så der er intet referat at "
                           "sende; send dagsordenen med 'referat udsend dagsorden'")
    markdown = minutes_view.render_markdown(rep.root, view)
    document = _document(fmt, MINUTES, m, lambda: minutes_view.render_html(rep.root, view),
                         lambda: minutes_view.render_docx(rep.root, view))
    return _letters(rep, m, MINUTES, HEADINGS[view.status], minutes_invitees(rep, m), known, sent,
                    content=fmt + markdown, document=document, items=tuple(i.item for i in view.items), method="")


def letters(kind: str, rep: Archive, m: Meeting, fmt: str, known: Known, sent: dt.datetime) -> Sending:
    """The letters of kind (AGENDA, CANCELLATION or MINUTES) for the meeting."""
    if kind == CANCELLATION:
        return cancellation_letters(rep, m, known, sent)
    return (minutes_letters if kind == MINUTES else agenda_letters)(rep, m, fmt, known, sent)


@dataclass(frozen=True)
class _File:
    """The attached file: its name, and how to make it when the first letter needs it (a PDF
    takes seconds; a run that finds every letter sent before makes none)."""

    name: str
    make: Callable[[], Attachment]


def _document(fmt: str, kind: str, m: Meeting, html: Callable[[], str], docx: Callable[[], bytes]) -> _File:
    name = f"{kind}-{safe.slug(m.group_folder)}-{m.date.isoformat()}.{fmt}"

    @functools.cache
    def make() -> Attachment:
        if fmt == "pdf":
            return Attachment(name, formats.render_pdf(html()), PDF_TYPE)
        return Attachment(name, docx(), DOCX_TYPE)

    return _File(name, make)


def _letters(rep: Archive, m: Meeting, kind: str, heading: str, invitees: list[Invitee], known: Known,
             sent: dt.datetime, *, content: str, document: _File | None,
             items: tuple[agenda.ItemView, ...], method: str) -> Sending:
    """One letter per invitee with an address that known does not know already."""
    group = rep.registry.groups.get(m.group_folder)
    group_name = one_line(group.name if group else m.group_folder)
    event = invitation.event_of(rep, m) if method else None
    organizer = _organizer(rep, m) if method else None
    site = rep.settings  # arkiv.yaml's `hjemmeside`: links to the meeting and its attachments
    referent = rep.registry.person(m.referent.text) if m.referent else None
    subject = f"{heading}: {group_name} {datoer.format_date(m.date)}"
    shared = LetterView(
        kind=kind, heading=heading, to="", group_name=group_name, title=m.title,
        date_text=datoer.format_date(m.date, weekday=True), time=clock.shown_time(m.time), place=m.place,
        number=agenda.meeting_number(rep, group, m), document=document.name if document else "",
        items=tuple(ItemLine(it.nr, it.title) for it in items),
        attachments=tuple(AttachmentLine(a.label, a.title, it.nr, _attachment_url(site, a.file))
                          for it in items for a in it.attachments),
        page=site.page_url(safe.href(urls.meeting(m))) or "",
        sender=referent.name if referent else (m.referent.text if m.referent else ""),
        draft=kind == MINUTES and heading == HEADINGS["udkast"])
    common = "\n".join([kind, content, *(calendar_ics.meeting_lines(event) if event else [])])
    letters, already = [], 0
    for who in invitees:
        if not who.address:
            continue
        view = dataclasses.replace(shared, to=who.name)
        text = templating.render(rep.root, f"mail/{kind_template(kind)}.txt.j2", v=view)
        html = templating.render(rep.root, f"mail/{kind_template(kind)}.html.j2", v=view)
        digest = hashlib.sha256("\n".join([common, subject, text, html]).encode("utf-8", "surrogatepass"))
        key = f"udsend:{m.path}:{kind}:{who.address}:{digest.hexdigest()[:20]}"
        if known(key):
            already += 1
            continue
        to = Recipient(who.name, who.address)
        letters.append(Letter(
            keys=(key,), to=to, subject=subject, text=text, html=html,
            attachments=(document.make(),) if document else (),
            invitation=invitation.invitation(event, method, organizer, to, sent) if event and organizer else None))
    return Sending(letters, [i for i in invitees if not i.address], already)


def kind_template(kind: str) -> str:
    """The templates a kind of letter is written from: a cancellation is the agenda's letter."""
    return MINUTES if kind == MINUTES else AGENDA


def _attachment_url(site: Settings, file: str) -> str:
    path = safe.attachment_path(file)
    return (site.page_url(safe.href(path)) or "") if path else ""


def _organizer(rep: Archive, m: Meeting) -> Recipient:
    """The invitation's organizer (RFC 5546 requires one), who receives the replies: the
    meeting's referent, else the referent or a person of the group's tovholder on the day (a
    planned meeting often has no referent yet); the first of them with an address."""
    names = [m.referent.text] if m.referent else []
    group = rep.registry.groups.get(m.group_folder)
    period = people.tovholders(rep, group, m.date.year, m.date).on(m.date) if group else None
    if period is not None:
        names += [r.text for r in (period.referent, *period.persons) if r is not None]
    for name in names:
        person = rep.registry.person(name)
        if person is not None and usable(person.email):
            return Recipient(one_line(person.name), person.email)
    tried = [one_line(n) for n in dict.fromkeys(names)]
    why = ("mødet har ingen referent og gruppen ingen tovholder" if not tried else
           f"{tried[0]} har ingen e-mailadresse i personer.yaml" if len(tried) == 1 else
           f"ingen af {join_da(tried)} har en e-mailadresse i personer.yaml")
    raise ReferatError(f"{m.path}: kalenderinvitationen skal have en arrangør, der får svarene, men {why}; "
                       "skriv referent: i mødefilen (en person med email: i personer.yaml)")
