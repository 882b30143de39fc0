"""Reading one meeting file into a Meeting, with every problem in it as a finding.

This step needs nothing but the file itself (no registries), so its result depends only on
the file's bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from referat import body as body_scan
from referat import clock, datoer
from referat.datoer import Deadline
from referat.fields import Reader, describe
from referat.findings import Collector, Finding
from referat.model import (
    ITEM_KINDS,
    STATUSES,
    AgendaItem,
    Approval,
    Attachment,
    Attendee,
    Break,
    Decision,
    Handover,
    Link,
    Meeting,
    MeetingFile,
    NextItem,
    Pos,
    Ref,
    TovholderPeriod,
    WorkingGroup,
    WrittenTask,
)
from referat.rules import Rule
from referat.source import decode, split_front_matter

MEETING_KEYS = ("gruppe", "titel", "dato", "tid", "sted", "moede_nr", "status", "godkendt", "referent",
                "ordstyrer", "inviterede", "deltagere", "afbud", "dagsorden", "beslutninger", "naeste_moede",
                "arbejdsgrupper", "udkast_dato")
ATTENDEE_KEYS = ("person", "navn", "organisation", "titel", "punkter", "gaest")
ITEM_KEYS = ("nr", "titel", "ansvarlig", "indleder", "tid", "bilag", "links", "fokusomraade", "type",
             "lukket", "beskrivelse")
DECISION_KEYS = ("punkt", "tekst", "tovholder")
HANDOVER_KEYS = ("aar", "fra", "organisation", "personer", "referent")  # a gruppe.yaml period, and its year
APPROVAL_KEYS = ("dato", "moede", "skriftlig", "note")
NEXT_KEYS = ("dato", "punkter")
NEXT_ITEM_KEYS = ("titel", "bilag")
WORKING_GROUP_KEYS = ("navn", "punkt", "medlemmer", "note")
LINK_KEYS = ("tekst", "url")
ATTACHMENT_KEYS = ("titel", "fil")
BREAK_KEYS = ("pause", "titel")

YamlPath = tuple[str | int, ...]  # keys and indexes down to a value in the front matter
_ITEM_NR = re.compile(r"^[0-9]+[A-Za-z]?$")
# a task line's fields; the importer keeps them out of a task's own text with the same pattern
TASK_FIELD = re.compile(r"(?<![\w-])(Ansvarlige?|Frist|Lukket|Modtagere?)[ \t]*:[ \t]*", re.IGNORECASE)


def read_meeting(raw: bytes, path: str, group_folder: str | None) -> tuple[Meeting | None, list[Finding]]:
    """The meeting in a file's bytes, and the findings about it; None when the file is not a
    whole meeting (see model.Meeting), which the findings explain."""
    read, findings = read_meeting_file(raw, path, group_folder)
    return (read.meeting() if read is not None else None), findings


def read_meeting_file(raw: bytes, path: str, group_folder: str | None) -> tuple[MeetingFile | None, list[Finding]]:
    """What a file's bytes say as a meeting, as far as they can be read (for `tjek`), and the
    findings about it; None when there is no front matter to read at all."""
    out = Collector(path)
    source = decode(raw, out)
    if source is None:
        return None, out.findings
    fm = split_front_matter(source.text, out)
    if fm is None:
        return None, out.findings
    meeting = MeetingFile(path=path, group_folder=group_folder)
    data = fm.yaml.data
    if data is None and not fm.yaml.problems:
        out.report(Rule.S003, (2, 1), "Front matter er tom; mindst 'dato', 'status' og 'dagsorden' skal stå der")
    elif data is not None and not isinstance(data, dict):
        out.report(Rule.S002, fm.yaml.pos(), f"Front matter skal være en mapping (nøgle: værdi), ikke {describe(data)}")
    elif isinstance(data, dict):
        _read_front_matter(Reader(fm.yaml, out), data, meeting)
        meeting.front_matter_read = not fm.yaml.problems
    scanned = body_scan.scan(fm.body, fm.body_line)
    meeting.headings = [h for h in scanned.headings if h.level == 2]
    meeting.tasks = [_task(t, i, out) for i, t in enumerate(scanned.tasks, 1)]
    if meeting.date:
        meeting.prose_deadlines = _prose_deadlines(fm.body, fm.body_line, meeting, meeting.date)
    return meeting, out.findings


# A line with one of these words, in any case, may state a deadline (see _prose_deadlines).
_DEADLINE_WORDS = ("senest", "inden", "frist", "deadline", "dagsordenen")
# Letters that match i or s in any case (as re.IGNORECASE has it) but that str.lower() does
# not turn into i or s; "\u0307" is what it leaves of "İ" after the "i".
_UNFOLDED = ("ı", "ſ", "\u0307")
_FOLD = str.maketrans("İıſ", "iis")


def _deadline_word_lines(body: str) -> set[int]:
    """The 0-based lines of body with a deadline word in any case. str.find in the
    lower-cased body is several times faster than a re.IGNORECASE search of every line."""
    low = body.lower()
    if any(c in low for c in _UNFOLDED):  # rare; translating every body would cost more
        low = body.translate(_FOLD).lower()
    lines = set()
    for word in _DEADLINE_WORDS:
        line, counted = 0, 0  # newlines are counted on from the last hit, never from the start
        at = low.find(word)
        while at >= 0:
            line += low.count("\n", counted, at)
            counted = at
            lines.add(line)
            at = low.find(word, at + len(word))
    return lines


def _prose_deadlines(body: str, first_line: int, m: MeetingFile, day: dt.date) -> list[tuple[int, int, Deadline]]:
    """Deadlines the minutes state in prose, outside task lines: (line, col, Deadline).
    Only lines with a deadline word, and their neighbours, are searched: a date phrase may
    wrap onto the next line, and searching every body in full would cost more than the rest
    of the check."""
    in_task = {line - first_line for t in m.tasks for line in range(t.line, t.last_line + 1)}
    hits = _deadline_word_lines(body) - in_task
    if not hits:
        return []
    lines = body.split("\n")
    windows = sorted({j for i in hits for j in (i - 1, i, i + 1) if 0 <= j < len(lines)})
    found: dict[tuple[int, int], Deadline] = {}
    i = 0
    while i < len(windows):
        j = i
        while j + 1 < len(windows) and windows[j + 1] == windows[j] + 1:
            j += 1
        start_line = windows[i]
        chunk = "\n".join("" if k in in_task else lines[k] for k in range(start_line, windows[j] + 1))
        line_in_chunk, line_start, counted = 0, 0, 0  # counted on from date to date
        for start, _end, dl in datoer.find_dates_in_text(chunk, day.year, meeting_date=day):
            newlines = chunk.count("\n", counted, start)
            if newlines:
                line_in_chunk += newlines
                line_start = chunk.rfind("\n", counted, start) + 1
            counted = start
            found.setdefault((first_line + start_line + line_in_chunk, start - line_start + 1), dl)
        i = j + 1
    return [(line, col, dl) for (line, col), dl in sorted(found.items())]


def _read_front_matter(r: Reader, d: dict[str, Any], m: MeetingFile) -> None:
    what = "mødet"
    r.keys(d, (), MEETING_KEYS, what, required=("dato", "status", "dagsorden"),
           nonempty=("dagsorden",))
    m.group = r.text(d, "gruppe", (), what) or None
    m.title = r.text(d, "titel", (), what)
    m.date = r.date(d, "dato", (), what)
    m.time = r.time(d, "tid", (), what)
    m.place = r.text(d, "sted", (), what)
    m.number = r.typed(d, "moede_nr", (), int, what)
    m.status = r.text(d, "status", (), what)
    for key in ("dato", "moede_nr", "status", "gruppe", "godkendt", "dagsorden", "tid"):
        if key in d:
            m.positions[key] = r.pos((key,))
    if m.status and m.status not in STATUSES:
        r.out.report(Rule.S005, r.pos(("status",)), f"Ukendt status '{m.status}'",
                     "Status skal være " + ", ".join(STATUSES))
    approval = r.typed(d, "godkendt", (), dict, what)
    path: YamlPath
    if approval is not None:
        path = ("godkendt",)
        r.keys(approval, path, APPROVAL_KEYS, "godkendt")
        m.approval = Approval(r.date(approval, "dato", path, "godkendt"),
                              r.date(approval, "moede", path, "godkendt"),
                              r.text(approval, "note", path, "godkendt"),
                              r.typed(approval, "skriftlig", path, bool, "godkendt") or False)
        if "moede" in approval:
            m.positions["godkendt.moede"] = r.pos(path + ("moede",))
    m.referent = r.ref(d, "referent", (), what)
    m.chair = r.ref(d, "ordstyrer", (), what)
    m.invited = _attendees(r, d, "inviterede")
    m.attendees = _attendees(r, d, "deltagere")
    m.absent = _attendees(r, d, "afbud")
    for i, item in enumerate(r.items(d, "dagsorden", (), what)):
        if isinstance(item, dict) and "pause" in item:
            m.breaks.append(_read_break(r, item, ("dagsorden", i), m.agenda[-1].nr if m.agenda else None))
            continue
        parsed = read_agenda_item(r, item, ("dagsorden", i))
        if parsed:
            m.agenda.append(parsed)
    for i, dec in enumerate(r.items(d, "beslutninger", (), what)):
        path = ("beslutninger", i)
        if not isinstance(dec, dict):
            r.out.report(Rule.S002, r.pos(path), "En beslutning skal have 'punkt' og 'tekst'")
            continue
        r.keys(dec, path, DECISION_KEYS, "beslutningen", required=("punkt", "tekst"))
        m.decisions.append(Decision(_nr(dec.get("punkt")), r.text(dec, "tekst", path, "beslutningen"),
                                    r.pos(path + ("punkt",)), _handover(r, dec, path)))
    nxt = r.typed(d, "naeste_moede", (), dict, what)
    if nxt is not None:
        path = ("naeste_moede",)
        r.keys(nxt, path, NEXT_KEYS, "naeste_moede")
        m.next_meeting_date = r.date(nxt, "dato", path, "naeste_moede")
        m.positions["naeste_moede.dato"] = r.pos(path + ("dato",))
        m.next_meeting_items = _next_items(r, nxt, path)
    for i, wg in enumerate(r.items(d, "arbejdsgrupper", (), what)):
        path = ("arbejdsgrupper", i)
        if not isinstance(wg, dict):
            r.out.report(Rule.S002, r.pos(path), "En arbejdsgruppe skal være en mapping med 'navn' og 'medlemmer'")
            continue
        r.keys(wg, path, WORKING_GROUP_KEYS, "arbejdsgruppen", required=("navn",))
        m.working_groups.append(WorkingGroup(
            r.text(wg, "navn", path, "arbejdsgruppen"), _nr(wg.get("punkt")) if wg.get("punkt") is not None else None,
            r.refs(wg, "medlemmer", path, "arbejdsgruppen"), r.text(wg, "note", path, "arbejdsgruppen"),
            r.pos(path + ("punkt",))))
    _read_gaps(r, d, m)


# --- forms added for issue 13 (docs/format.md: pauser, udkast_dato, links uden adresse) ----------


def _read_gaps(r: Reader, d: dict[str, Any], m: MeetingFile) -> None:
    """`udkast_dato`, and the breaks against the items' times (A009)."""
    m.draft_date = r.date(d, "udkast_dato", (), "mødet")
    if m.draft_date is not None:
        pos = r.pos(("udkast_dato",))
        approved = m.approval.date if m.approval and m.status == "godkendt" else None
        if m.status == "planlagt":
            r.out.report(Rule.S007, pos, "Mødet er planlagt, men har en 'udkast_dato'",
                         "Sæt status: udkast, når referatet er skrevet")
        elif m.date and m.draft_date < m.date:
            r.out.report(Rule.S007, pos, f"Udkastet er dateret {datoer.format_date(m.draft_date)}, før mødet "
                         f"({datoer.format_date(m.date)})")
        elif approved and m.draft_date > approved:
            r.out.report(Rule.S007, pos, f"Udkastet er dateret {datoer.format_date(m.draft_date)}, efter "
                         f"godkendelsen ({datoer.format_date(approved)})")
    for b in m.breaks:
        span = clock.parse_span(b.time)
        if span is None or span[1] is None:
            continue
        for item in m.agenda:
            other = clock.parse_span(item.time)
            if other and other[1] and span[0] < other[1] and other[0] < span[1]:
                r.out.report(Rule.A009, b.pos, f"Pausen kl. {clock.shown_time(b.time)} overlapper punkt {item.nr} "
                             f"(kl. {clock.shown_time(item.time)})")


def _read_break(r: Reader, entry: dict[str, Any], path: YamlPath, after: str | None) -> Break:
    r.keys(entry, path, BREAK_KEYS, "pausen")
    if entry.get("pause") in (None, "", True):
        r.out.report(Rule.A009, r.pos(path + ("pause",)), "Pausen har intet tidsrum",
                     'Skriv fx pause: "11.30-12.00"')
        time = ""
    else:
        time = r.time(entry, "pause", path, "pausen")
    return Break(time, r.text(entry, "titel", path, "pausen"), after, r.pos(path))


def _kinds(r: Reader, item: dict[str, Any], path: YamlPath) -> tuple[str, ...]:
    """`type`: one kind, or a list of them (an item both presented and discussed)."""
    kinds = []
    for k in r.items(item, "type", path, "dagsordenspunktet"):
        if not isinstance(k, str) or not k.strip():
            r.out.report(Rule.S002, r.pos(path + ("type",)), f"'type' skal være en punkttype, ikke {describe(k)}")
        elif k.strip() not in ITEM_KINDS:
            r.out.report(Rule.S005, r.pos(path + ("type",)), f"Ukendt punkttype '{k.strip()}'",
                         "Brug " + ", ".join(ITEM_KINDS))
        elif k.strip() not in kinds:
            kinds.append(k.strip())
    return tuple(kinds)


def _attachments(r: Reader, item: dict[str, Any], path: YamlPath, what: str) -> tuple[Attachment, ...]:
    """An item's `bilag`: a title only (an attachment mentioned), or `titel` and `fil` (the file
    in the archive; tjek checks it is there and what it says it is)."""
    found = []
    for i, entry in enumerate(r.items(item, "bilag", path, what)):
        bp = path + ("bilag", i)
        if isinstance(entry, (str, int)) and not isinstance(entry, bool):
            found.append(Attachment(str(entry).strip(), pos=r.pos(bp)))
        elif isinstance(entry, dict):
            r.keys(entry, bp, ATTACHMENT_KEYS, "bilaget", required=("titel",))
            title = r.text(entry, "titel", bp, "bilaget")
            file = r.text(entry, "fil", bp, "bilaget")
            found.append(Attachment(title or file, file, r.pos(bp + ("fil",)) if file else r.pos(bp)))
        else:
            r.out.report(Rule.S002, r.pos(bp), "Et bilag skal være en titel eller have 'titel' og evt. 'fil'")
    return tuple(found)


def _next_items(r: Reader, nxt: dict[str, Any], path: YamlPath) -> list[NextItem]:
    """`naeste_moede.punkter`: a text, or `titel` and the `bilag` to carry to the next agenda."""
    found = []
    for i, entry in enumerate(r.items(nxt, "punkter", path, "naeste_moede")):
        ip = path + ("punkter", i)
        if isinstance(entry, (str, int)) and not isinstance(entry, bool):
            found.append(NextItem(str(entry).strip()))
        elif isinstance(entry, dict):
            r.keys(entry, ip, NEXT_ITEM_KEYS, "punktet til næste møde", required=("titel",))
            found.append(NextItem(r.text(entry, "titel", ip, "punktet til næste møde"),
                                  _attachments(r, entry, ip, "punktet til næste møde")))
        else:
            r.out.report(Rule.S002, r.pos(ip), "Et punkt til næste møde skal være en tekst eller have 'titel' og "
                         "evt. 'bilag'")
    return found


def _read_link(r: Reader, link: dict[str, Any], lp: YamlPath) -> Link:
    """A link; `url:` left empty is one whose address the source lost (A010)."""
    r.keys(link, lp, LINK_KEYS, "linket", required=() if "url" in link else ("url",))
    url = r.text(link, "url", lp, "linket")
    text = r.text(link, "tekst", lp, "linket")
    if "url" in link and not url:
        r.out.report(Rule.A010, r.pos(lp + ("url",)), f"Linket '{text or '(uden tekst)'}' har ingen adresse; "
                     "det vises som teksten med '(link mangler)'", "Skriv adressen under 'url', hvis den findes")
    return Link(text or url, url)


def _handover(r: Reader, dec: dict[str, Any], path: YamlPath) -> Handover | None:
    """A decision's `tovholder:`: who holds the role from `fra`, or from the year `aar`."""
    entry = r.typed(dec, "tovholder", path, dict, "beslutningen")
    if entry is None:
        return None
    where = r.doc.key_pos(*path, "tovholder")  # the line that says 'tovholder:', where G004 points
    path += ("tovholder",)
    what = "tovholder"
    r.keys(entry, path, HANDOVER_KEYS, what, required=("organisation",))
    year = r.typed(entry, "aar", path, int, what)
    if year is not None and not datoer.MIN_DATE.year <= year <= datoer.MAX_DATE.year:
        r.out.report(Rule.S004, r.pos(path + ("aar",)), f"'aar' i tovholder skal være et årstal som 2026, ikke {year}")
        return None
    start = r.date(entry, "fra", path, what)
    if start is not None:
        if year is not None and start.year != year:
            r.out.report(Rule.G005, r.pos(path + ("fra",)),
                         f"Tovholderen skifter {datoer.format_date(start)}, som ikke ligger i 'aar: {year}'",
                         f"Ret 'aar' til {start.year}, eller udelad den ('fra' giver året)")
            return None
        year = start.year
    if year is None:
        if "aar" not in entry and "fra" not in entry:  # else a finding says what is wrong with them
            r.out.report(Rule.S003, r.pos(path), "Nøglen 'aar' (eller 'fra') mangler i tovholder",
                         "Skriv fx 'aar: 2026' for hele året eller 'fra: 2026-03-01'")
        return None
    period = TovholderPeriod(r.ref(entry, "organisation", path, what), r.refs(entry, "personer", path, what),
                             start, None, r.ref(entry, "referent", path, what))
    return Handover(year, period, where)


def _nr(value: object) -> str:
    return str(value).strip().upper() if value is not None else ""


def _attendees(r: Reader, d: dict[str, Any], key: str) -> list[Attendee]:
    result = []
    for i, entry in enumerate(r.items(d, key, (), "mødet")):
        path = (key, i)
        if isinstance(entry, str) and entry.strip():
            result.append(Attendee(Ref(entry.strip(), r.pos(path)), "", None, "", (), False, r.pos(path)))
            continue
        if not isinstance(entry, dict):
            r.out.report(Rule.S002, r.pos(path),
                         f"Et navn i '{key}' skal være en tekst eller en mapping, ikke {describe(entry)}")
            continue
        what = f"'{key}'"
        r.keys(entry, path, ATTENDEE_KEYS, what)
        person = r.ref(entry, "person", path, what)
        name = r.text(entry, "navn", path, what)
        guest = r.typed(entry, "gaest", path, bool, what) or False
        if person is None and not name:
            r.out.report(Rule.S003, r.pos(path), f"Et element i '{key}' mangler 'person' (eller 'navn' for en gæst)")
            continue
        if person is not None and name:
            r.out.report(Rule.S006, r.pos(path + ("navn",)), "Brug enten 'person' eller 'navn', ikke begge")
        items = tuple(_nr(x) for x in r.items(entry, "punkter", path, what))
        result.append(Attendee(person, name, r.ref(entry, "organisation", path, what),
                               r.text(entry, "titel", path, what), items, guest, r.pos(path)))
    return result


def read_agenda_item(r: Reader, item: object, path: YamlPath, require_nr: bool = True) -> AgendaItem | None:
    if not isinstance(item, dict):
        r.out.report(Rule.S002, r.pos(path),
                     f"Et dagsordenspunkt skal være en mapping med 'nr' og 'titel', ikke {describe(item)}")
        return None
    what = "dagsordenspunktet"
    r.keys(item, path, ITEM_KEYS, what, required=("nr", "titel") if require_nr else ("titel",))
    nr = _nr(item.get("nr"))
    if nr and not _ITEM_NR.match(nr):
        r.out.report(Rule.S004, r.pos(path + ("nr",)),
                     f"Punktnummeret '{item.get('nr')}' skal være et tal, evt. med et bogstav (3A)")
    kinds = _kinds(r, item, path)
    focus = []
    for f in r.items(item, "fokusomraade", path, what):
        if isinstance(f, int) and not isinstance(f, bool) and 1 <= f <= 9:
            focus.append(f)
        else:
            r.out.report(Rule.S002, r.pos(path + ("fokusomraade",)),
                         f"Fokusområde skal være et tal som 1, 2 eller 3, ikke {describe(f)}")
    links = []
    for i, link in enumerate(r.items(item, "links", path, what)):
        lp = path + ("links", i)
        if isinstance(link, str):
            links.append(Link(link, link))
        elif isinstance(link, dict):
            links.append(_read_link(r, link, lp))
        else:
            r.out.report(Rule.S002, r.pos(lp), "Et link skal være en adresse eller have 'tekst' og 'url'")
    return AgendaItem(
        nr=nr, title=r.text(item, "titel", path, what),
        responsible=r.refs(item, "ansvarlig", path, what), openers=r.refs(item, "indleder", path, what),
        time=r.time(item, "tid", path, what),
        attachments=_attachments(r, item, path, what),
        links=tuple(links), focus_areas=tuple(focus), kind=kinds[0] if kinds else "",
        closed=bool(r.typed(item, "lukket", path, bool, what)), description=r.text(item, "beskrivelse", path, what),
        pos=r.pos(path), time_pos=r.pos(path + ("tid",)) if "tid" in item else None, kinds=kinds)


def _task(t: body_scan.TaskLine, index: int, out: Collector) -> WrittenTask:
    """Splits a task's text into its text and its Ansvarlig/Frist/Lukket fields."""
    fields: dict[str, tuple[str, tuple[int, int] | None]] = {}
    doubled: set[str] = set()
    matches = list(TASK_FIELD.finditer(t.text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(t.text)
        name = m.group(1).lower().rstrip("e")
        value = t.text[m.end():end].strip().rstrip(".").strip()
        if name in fields:
            if name not in doubled:  # once a field: a pasted text may repeat it a million times
                doubled.add(name)
                out.report(Rule.T006, (t.line, t.box_col), f"Opgaven har '{m.group(1)}:' to gange; den første gælder")
            continue
        fields[name] = (value, _field_pos(t, m.group(1)))
    text = t.text[: matches[0].start()].strip() if matches else t.text.strip()
    owners_text, owners_pos = fields.get("ansvarlig", ("", None))
    deadline_text, deadline_pos = fields.get("frist", ("", None))
    closed_text, closed_pos = fields.get("lukket", ("", None))
    recipients_text, recipients_pos = fields.get("modtager", ("", None))
    if "modtager" in fields and not recipients_text:
        out.report(Rule.T012, recipients_pos or (t.line, t.box_col), "'Modtager:' er tom",
                   "Skriv, hvem opgavens resultat skal sendes til, fx 'Modtager: Pernille Lenzner.'")
    return WrittenTask(item=t.item_nr, text=text, owners=split_owners(owners_text, owners_pos or (t.line, 1)),
                deadline_text=deadline_text, deadline_pos=deadline_pos or (t.line, t.box_col), done=t.done,
                closed_text=closed_text, closed_pos=closed_pos, line=t.line,
                last_line=t.line + len(t.lines) - 1, index=index,
                recipients=split_owners(recipients_text, recipients_pos), recipients_pos=recipients_pos)


def _field_pos(t: body_scan.TaskLine, label: str) -> tuple[int, int] | None:
    for offset, line in enumerate(t.lines):
        col = line.find(label + ":")
        if col < 0:
            col = line.lower().find(label.lower() + ":")
        if col >= 0:
            return (t.line + offset, col + 1)
    return None


# Applied to text whose whitespace runs are single spaces: a pattern like \s*,\s* over a long
# run of spaces would try the whole run again from each of its spaces (quadratic time).
_OWNER_SPLIT = re.compile(r" ?[,;] ?| og | v\. ")


def split_owners(text: str, pos: Pos | None) -> tuple[Ref, ...]:
    """'Helle Stisen, Lotte Christensen og Julie Folke' → three references.
    'alle kommuner' stays one; 'Rammesekretariatet v. Lisbeth Broberg' names both."""
    if not text:
        return ()
    return tuple(Ref(part, pos) for part in _OWNER_SPLIT.split(" ".join(text.split())) if part)
