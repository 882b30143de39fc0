"""The head of old minutes, read from their (repaired) text: date, time, place, meeting number,
who attended, who sent apologies, who attended only part, guests, and the referent.

The labels vary between secretariats ("Deltagere"/"Til stede", "Afbud"/"Fraværende",
"Referent"/"Referat ved", "Dato og tidspunkt"/"Dato"/"Tid"/"Sted"); a label is a word or
phrase with a colon, at the start of a line or inside one ("… (Rammeaftale) Referat: Rie
Nielsen"). A list of people is prose ("A (Køge), B og C (begge Holbæk) deltog under punktet om
…") or a table with tabs (name, title, organisation). Each person is resolved to a
personer.yaml id through names.py's matcher: every spelling the registry knows, a short
form, and otherwise one clear candidate of names.candidates (a first name alone only with
its organisation on the meeting's day); anyone else is kept as written and listed as unresolved, never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from referat import datoer, names
from referat.importing import ocr
from referat.model import Organisation
from referat.registry import Registry

_LABELS: dict[str, tuple[str, ...]] = {
    "deltagere": ("deltagere", "til stede", "tilstede", "fremmødte", "deltog", "deltagerliste"),
    "afbud": ("afbud", "fraværende", "fravær", "ikke til stede", "meldt afbud"),
    "gaester": ("gæster", "gæst", "inviterede gæster", "desuden deltog"),
    "referent": ("referent", "referat ved", "referatskriver", "referat", "referat taget af"),
    "dato": ("dato og tidspunkt", "dato og tid", "mødedato", "dato", "tidspunkt"),
    "tid": ("tid", "mødetid", "klokkeslæt"),
    "sted": ("sted", "mødested", "lokale", "lokation"),
    "ordstyrer": ("ordstyrer", "mødeleder", "formand", "dirigent", "mødeleder/ordstyrer"),
}
_LABEL_OF = {w: kind for kind, words in _LABELS.items() for w in words}
_LABEL = re.compile(r"(?:^|(?<=[\s.)]))(?P<label>" + "|".join(
    re.escape(w) for w in sorted(_LABEL_OF, key=len, reverse=True)) + r")[ \t]*:", re.IGNORECASE | re.MULTILINE)
_MONTH = "|".join(datoer.MONTHS)
_DATE = re.compile(rf"(?:(?:{'|'.join(datoer.WEEKDAYS)}),?\s+)?(?:den\s+)?\d{{1,2}}\.\s*(?:{_MONTH}),?\s+\d{{4}}"
                   r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{4}\b", re.IGNORECASE)
_TIME = re.compile(r"\b(?:kl\.?|klokken|tid:)\s*(?P<h1>[01]?\d|2[0-3])(?:[.:](?P<m1>[0-5]\d))?"
                   r"(?:\s*(?:[-–]|til)\s*(?P<h2>[01]?\d|2[0-3])(?:[.:](?P<m2>[0-5]\d))?)?(?!\d)", re.IGNORECASE)
_NUMBER = re.compile(r"\b(?P<n>\d{1,2})\s*/\s*(?P<of>\d{1,2})\s+i\s+\d{4}\b"
                     r"|\bmøde\s+(?:nr\.?|nummer)\s*(?P<nr>\d{1,3})\b", re.IGNORECASE)
_ONLINE = ("Teams", "Zoom", "Skype", "Google Meet", "Webex")
_ONLINE_RE = re.compile(r"\b(?:på|i|via|over)\s+(?P<p>" + "|".join(_ONLINE) + r")\b", re.IGNORECASE)
_PARTIAL = re.compile(r"\b(?:deltog|var\s+til\s+stede|deltager)\s+(?P<note>(?:kun\s+)?(?:under|i|ved|til)\s+"
                      r"(?:punkt|punkterne|punktet|dagsordenspunkt).*)$", re.IGNORECASE | re.DOTALL)
_ITEM = re.compile(r"\bpunkt(?:erne)?\s+(?P<nrs>\d+(?:\s*(?:,|og)\s*\d+)*)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<![A-ZÆØÅ])(?<!\b[a-zæøå]{2})\.\s+(?=[A-ZÆØÅ])")
_EMAIL = re.compile(r"\(?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_AND = re.compile(r"\s+(?:og|&)\s+")
_BOTH = re.compile(r"^(?:begge|alle|alle tre|både)\s+(?:fra\s+)?", re.IGNORECASE)
_ORG_SUFFIX = re.compile(r"\s+kommunes?$", re.IGNORECASE)
# "Referat af møde i …", "Referat fra …", "Udkast til referat: …", "REFERAT - …", not "Referat: Navn"
_TITLE = re.compile(r"^[ \t]*(?:udkast[ \t]+til[ \t]+)?referat\b(?![ \t]*:)[ \t]*[–-]?[ \t]*(?:(?:af|fra|til)[ \t]+)?"
                    r"(?P<title>\S.*)$", re.IGNORECASE | re.MULTILINE)
_CHAIR_TITLE = re.compile(r"\bformand\b", re.IGNORECASE)  # "Direktør, formand"; not "næstformand"
_TOP = 15  # the head's lines, where a title stands


@dataclass(frozen=True)
class Name:
    """A person as the minutes write them, and who that is (None: not resolved with confidence)."""

    written: str
    id: str | None
    organisation: str = ""  # as written
    title: str = ""


@dataclass(frozen=True)
class Attendance:
    name: Name
    note: str = ""  # "" = the whole meeting; else what the text says ("under punktet om …")
    items: tuple[str, ...] = ()  # agenda item numbers, where the text names them
    guest: bool = False


@dataclass
class Head:
    date: dt.date | None = None
    time: str = ""  # "10:00-13:00", as meeting files write it
    place: str = ""
    number: int | None = None  # moede_nr: "1/4 i 2025" → 1
    attendees: list[Attendance] = field(default_factory=list)  # everyone present, partly or as guest
    absent: list[Name] = field(default_factory=list)
    referent: Name | None = None
    chair: Name | None = None  # ordstyrer: "Mødeleder:", "Ordstyrer:", "Formand:" or a chair's title
    title: str = ""  # "Referat af møde i Netværket" → "Møde i Netværket"
    text: str = ""  # the repaired text the head was read from
    repairs: list[ocr.Change] = field(default_factory=list)

    @property
    def partial(self) -> list[Attendance]:
        return [a for a in self.attendees if a.note or a.items]

    @property
    def guests(self) -> list[Attendance]:
        return [a for a in self.attendees if a.guest]

    @property
    def unresolved(self) -> list[Name]:
        """Everyone kept as written, in order, once each."""
        people = [a.name for a in self.attendees] + self.absent + ([self.referent] if self.referent else [])
        seen: dict[str, Name] = {}
        for n in people:
            if n.id is None:
                seen.setdefault(names.key(n.written), n)
        return list(seen.values())


def vocabulary(reg: Registry) -> ocr.Vocabulary:
    """The words letter repair may restore: every registered spelling of a person or organisation."""
    spelled = [s for p in reg.persons.values() for s in (p.name, *p.aliases)]
    spelled += [s for o in reg.organisations.values() for s in (o.name, o.short, *o.aliases)]
    return ocr.Vocabulary.of(spelled)


def read_head(text: str, reg: Registry) -> Head:
    repaired = ocr.repair(text, vocabulary(reg))
    head = Head(text=repaired.text, repairs=repaired.changes)
    sections = _sections(repaired.text)
    head.date = _date(sections.get("dato", ""), repaired.text)
    head.time = _time(sections.get("tid", "") or sections.get("dato", ""), repaired.text)
    head.place = _place(sections.get("sted", ""), sections.get("dato", ""), repaired.text)
    head.number = _number(repaired.text)

    @functools.cache  # a name written again is looked up once
    def person(written: str, org: str, title: str) -> Name:
        return resolve(reg, written, org, title, head.date)

    def is_org(text: str) -> bool:
        return organisation(reg, text) is not None

    def people(kind: str) -> list[Found]:
        return [found for group in _people_groups(sections.get(kind, ""), is_org) for found in group]

    head.attendees = [Attendance(person(p, org, title), note, _items(note), guest=kind == "gaester")
                      for kind in ("deltagere", "gaester") for p, org, title, note in people(kind)]
    head.absent = [person(p, org, title) for p, org, title, _ in people("afbud")]
    referents = people("referent")
    head.referent = person(*referents[0][:3]) if referents else None
    chairs = people("ordstyrer")
    head.chair = person(*chairs[0][:3]) if chairs else next(
        (a.name for a in head.attendees if _CHAIR_TITLE.search(a.name.title)), None)
    head.title = _title(repaired.text)
    return head


# --- where things stand ----------------------------------------------------------------------

def _sections(text: str) -> dict[str, str]:
    """Each label's text, the first that says something: from its colon to the next label, or to a
    blank line once something was read (unless what was read ends with a comma or "og", as a
    list broken over a page does), or to a line that is no table row after a table."""
    found = list(_LABEL.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(found):
        kind = _LABEL_OF[m["label"].casefold()]
        if out.get(kind):
            continue
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        line_end = text.find("\n", m.end())
        if m["label"].casefold() == "referat" and line_end >= 0:  # also a heading over the minutes
            end = min(end, line_end)
        out[kind] = _until_break(text[m.end():end])
    return out


def _until_break(text: str) -> str:
    kept: list[str] = []
    table = False
    for line in text.split("\n"):
        if not line.strip():
            last = kept[-1].rstrip() if kept else ""
            if kept and not table and not (last.endswith(",") or last.endswith(" og")):
                break
            continue
        if kept and table and "\t" not in line:
            break
        table = table or "\t" in line.strip(" ")
        kept.append(line)
    return "\n".join(kept).strip()


def _date(labelled: str, text: str) -> dt.date | None:
    """The labelled date; else the first date with a time of day after it on its line (a
    heading "… den 29. november 2024 kl. 11.05"); else the first date in the text."""
    for where in (labelled, *[ln for ln in text.split("\n") if _TIME.search(ln)], text):
        for m in _DATE.finditer(where):
            try:
                return datoer.parse_date(m[0].strip())
            except datoer.DateError:
                continue
    return None


def _time(labelled: str, text: str) -> str:
    m = _TIME.search(labelled) or re.match(r"\s*(?P<h1>[01]?\d|2[0-3])[.:](?P<m1>[0-5]\d)(?:\s*[-–]\s*"
                                           r"(?P<h2>[01]?\d|2[0-3])[.:](?P<m2>[0-5]\d))?", labelled) \
        or _TIME.search(text)
    if m is None:
        return ""
    start = f"{int(m['h1']):02d}:{m['m1'] or '00'}"
    return f"{start}-{int(m['h2']):02d}:{m['m2'] or '00'}" if m["h2"] else start


def _place(labelled: str, dated: str, text: str) -> str:
    """The labelled place, as written on its line; else an online meeting's platform, named
    where the date is or in the text's first lines ("på Teams", "i TEAMS")."""
    if labelled:
        return " ".join(labelled.split("\n")[0].split()).rstrip(".")
    head = "\n".join([dated, *text.split("\n")[:15]])
    m = _ONLINE_RE.search(head) or re.search(r"\b(?P<p>" + "|".join(_ONLINE) + r")\b", head, re.IGNORECASE)
    if m is None:
        return ""
    return next(p for p in _ONLINE if p.casefold() == m["p"].casefold())


def _title(text: str) -> str:
    """The meeting's title from a heading "Referat …" in the head's lines: without the date,
    time and meeting number that follow it; a heading ending with a comma goes on over the
    next line."""
    top = "\n".join(text.split("\n")[:_TOP])
    m = _TITLE.search(top)
    if m is None:
        return ""
    title = m["title"]
    if title.rstrip().endswith(","):
        title += " " + next((ln for ln in top[m.end():].split("\n") if ln.strip()), "")
    title = _NUMBER.split(title, 1)[0]
    for cut in (_DATE.search(title), _TIME.search(title)):
        title = title[:cut.start()] if cut else title
    title = re.sub(r"\(\s*$|\bden\s*$", "", " ".join(title.split())).strip(" ,.:–-(")
    return title[:1].upper() + title[1:]


def _number(text: str) -> int | None:
    m = _NUMBER.search(text)
    if m is None:
        return None
    return int(m["n"] or m["nr"])


# --- people ----------------------------------------------------------------------------------

Found = tuple[str, str, str, str]  # (name, organisation, title, note) as written


def _people_groups(section: str, is_org: Callable[[str], bool]) -> list[list[Found]]:
    """The people a section lists, by sentence (or table row): the note of a sentence
    ("deltog under punktet om …") and a shared organisation ("(begge Holbæk)") hold for all
    its names."""
    section = _TAG.sub("", _EMAIL.sub("", section))
    if "\t" in section:
        return [[row] for row in _table_rows(section)]
    flat = " ".join(section.split())
    return [g for s in _SENTENCE.split(flat) if (g := _sentence(s.strip().rstrip("."), is_org))]


def _table_rows(section: str) -> list[Found]:
    rows = []
    for line in section.split("\n"):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if not cells or names.key(cells[0]) in ("navn", "name"):
            continue
        org = cells[-1] if len(cells) > 1 else ""
        title = ", ".join(cells[1:-1])
        rows.append((cells[0], org, title, ""))
    return rows


def _sentence(sentence: str, is_org: Callable[[str], bool]) -> list[Found]:
    note = ""
    if m := _PARTIAL.search(sentence):
        note = " ".join(m["note"].split())
        sentence = sentence[:m.start()].strip()
    pieces: list[tuple[str, str]] = []  # (name, organisation)
    shared = ""
    for part in _split(sentence):
        name, org = _name_and_org(part)
        if not name:
            continue
        if _BOTH.match(org):
            shared = _BOTH.sub("", org)
            org = ""
        if pieces and not org and not pieces[-1][1] and is_org(name):
            pieces[-1] = (pieces[-1][0], name)  # "Pernille Lenzner, Kalundborg"
            continue
        pieces.append((name, org))
    return [(n, o or shared, "", note) for n, o in pieces]


def _split(sentence: str) -> list[str]:
    """The comma-, "og"- and ")"-separated parts, parentheses kept whole."""
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(sentence):
        c = sentence[i]
        depth += (c == "(") - (c == ")")
        if depth == 0 and c == ",":
            parts.append(current)
            current = ""
        elif depth == 0 and c == ")":
            parts.append(current + c)  # "(Roskilde) Rikke …": a missing comma
            current = ""
        elif depth == 0 and (m := _AND.match(sentence, i)):
            parts.append(current)
            current = ""
            i = m.end()
            continue
        else:
            current += c
        i += 1
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _name_and_org(part: str) -> tuple[str, str]:
    m = re.match(r"^(?P<name>[^()]*?)\s*(?:\((?P<org>[^()]*)\))?\s*$", part)
    if m is None:
        return part.strip(), ""
    return m["name"].strip(" .;:"), (m["org"] or "").strip()


def _items(note: str) -> tuple[str, ...]:
    m = _ITEM.search(note)
    return tuple(re.findall(r"\d+", m["nrs"])) if m else ()


def organisation(reg: Registry, text: str) -> Organisation | None:
    """The organisation written, also as "Holbæk Kommune" where the registry says "Holbæk"."""
    return reg.organisation(text) or reg.organisation(_ORG_SUFFIX.sub("", text)) if text else None


def resolve(reg: Registry, written: str, org: str, title: str, day: dt.date | None) -> Name:
    """The person written, through the registry's spellings, else the one candidate names.py
    finds: for a first name alone ("Jens (Fanø)") the one with that first name at the
    organisation on the day, for a longer name the one clearly nearest (the organisation's
    people on the day preferred); None when there is not exactly one."""
    if p := reg.person(written):
        return Name(written, p.id, org, title)
    at = organisation(reg, org)
    found = names.candidates(reg, written, day=day, organisation=at.id if at else None)
    if " " not in written.strip() and not (at and found and found[0].tier == 2):
        found = []  # a first name alone is someone only at the organisation written with it
    return Name(written, found[0].id if len(found) == 1 else None, org, title)
