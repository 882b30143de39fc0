"""The tasks of old minutes, read from each agenda item's minutes (importing.items), and the
"Punkter til næste møde" of the whole text.

A sentence of the minutes is a task when it states a deadline, when it names who is to act
("Povl Skov sender …", "Rammesekretariatet v. Lisbeth Broberg laver …", "Hvis I har input,
skal I sende dem …") with an action verb, or when it has "Ansvarlig:". Deadlines are those
datoer.find_dates_in_text reads (the finder `tjek` uses for T009: "senest 17. december",
"Deadline er 1. januar 2026", "sendes ud med dagsordenen til næste møde 9. maj 2025"), with
the year resolved from the meeting's date; "inden næste møde" is the next meeting's date when
the text states it ("Næste møde … 2. maj 2025", "Punkter til næste møde 9. maj 2025"), else no
deadline and the task is unsure. Owners resolve as the head's people do (importing.head.resolve
for a person, the registry for an organisation or a group); "I", "kommunerne" and "alle
kommuner" are all municipalities. A name that does not resolve is kept as written in
`unknown`, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from referat import datoer, names
from referat.importing.decisions import LABEL, SUBSECTION, entries, sentences, tidy
from referat.importing.head import resolve
from referat.importing.items import Item
from referat.registry import Registry


@dataclass(frozen=True)
class FoundTask:
    item: str  # agenda item number
    text: str  # what is to be done, one sentence, as the task line's text
    owners: tuple[str, ...]  # references `tjek` accepts in "Ansvarlig:"
    unknown: tuple[str, ...]  # owner names as written that could not be resolved with confidence
    deadline: str  # a form `Frist:` accepts, the year resolved; "" if none
    sure: bool = True


ALL = "alle kommuner"
_NAME = r"[A-ZÆØÅ][\w-]*(?:[ \t]+[A-ZÆØÅ][\w-]*){0,3}"
_VERB = (r"(?:sender|fremsender|videresender|eftersender|indsender|p[åa]tog\s+sig|p[åa]tager\s+sig|tilbød|tilbyder"
         r"|kontakter|tager\s+kontakt|booker|indkalder|udarbejder|laver|følger\s+op|undersøger|vender\s+tilbage"
         r"|melder\s+tilbage|afholder|rammesætter|har\s+bolden|sørger\s+for|går\s+i\s+gang|skal|bedes)")
_SUBJECT = re.compile(  # at the sentence's start or after "at" ("Det blev aftalt, at Næstved vender tilbage")
    rf"(?:^|\bat\s+)"
    rf"(?P<who>{_NAME}(?:[ \t]+v\.[ \t]+{_NAME})?(?:[ \t]*(?:,|og)[ \t]+{_NAME})*)[ \t]+(?:i\s+\w+\s+)?"
    rf"(?P<verb>{_VERB})\b")
_YOU = re.compile(r"\b(?:skal|kan|bedes|må|Hvis)\s+I\b|\b(?:alle\s+)?kommunerne\s+(?:skal|bedes|sender)\b")
_NO_SUBJECT = frozenset(("der", "det", "de", "den", "dette", "disse", "hvis", "følgende", "sagen", "ift", "nu", "så",
                         "her", "vi", "man", "alle", "hvordan", "hvad", "hvem", "hvorfor", "hvor", "hvilke",
                         "hvornår"))  # words that start a sentence and name no one
_TO_BE_SENT = re.compile(r"\b(?:skal|bedes)\s+(?:sendes|indsendes|sendt)\s+til\b")  # "Navnene skal sendes til X"
_TOLD = re.compile(r"^(?:resum|indstilling|baggrund|det\s+indstilles)", re.IGNORECASE)
_LABEL = re.compile(r"\bAnsvarlige?\s*:\s*(?P<who>[^.:]+)")
_SPLIT = re.compile(r"\s*(?:,|\bog\b)\s*")
_BY = re.compile(r"\bv\.\s+")
_NEXT = re.compile(r"\b(?:inden|til|på|før|forud\s+for)\s+(?:det\s+)?(?:næste|kommende)\s+\w*møde\b"
                   r"(?!\s+i\s+(?-i:[A-ZÆØÅ]))", re.IGNORECASE)  # "næste møde i KL": another body's
_DATE = re.compile(rf"\b\d{{1,2}}\.\s*(?:{'|'.join(datoer.MONTHS)})(?:\s+\d{{4}})?"
                   r"|\b\d{1,2}/\d{1,2}(?:-\d{2,4})?", re.IGNORECASE)
_NEXT_DATE = re.compile(r"\bnæste\s+\w*møde\b", re.IGNORECASE)  # a date within _NEAR characters after it
_NEAR = 60
_NEXT_HEADING = re.compile(
    r"^[ \t]*(?:<[^>\n]*>[ \t]*)*(?:(?:ad\.?[ \t]+)?(?:punkt[ \t]+)?\d{1,2}[A-Za-z]?[.):]*[ \t]*)?"
    r"(?:punkter[ \t]+til|til)[ \t]+(?:det[ \t]+)?(?:næste|kommende)[ \t]+\w*møde\b[^\t\n]{0,30}?"
    r"(?<![.,;])[ \t]*(?P<rest>\t.*)?$",  # a heading: short, no sentence ("til næste møde 9. maj.")
    re.IGNORECASE | re.MULTILINE)
_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]")
_LOOK = 60  # lines after a "Punkter til næste møde" heading that may hold its list
_LONGEST = 1000  # characters of a sentence searched for its subject: OCR can make one of a whole page


def read_tasks(items: list[Item], reg: Registry, day: dt.date) -> list[FoundTask]:
    """The tasks of each item, in order."""
    following = next_meeting(items, day)
    found: list[FoundTask] = []
    for item in items:
        told = False  # in a Resume, Indstilling or Baggrund: what was proposed or told, not agreed
        for entry in entries(item.minutes):
            if SUBSECTION.match(entry.text) or LABEL.match(entry.text):
                told = not LABEL.match(entry.text) and bool(_TOLD.match(entry.text))
            before: FoundTask | None = None  # the entry's last task: "X laver …. Det sendes senest …"
            for sentence in sentences(entry.text):
                task = _task(item.number, sentence, reg, day, following)
                if not task or not task.deadline and told:
                    continue
                if before and task.deadline and not task.owners and not task.unknown and before.owners \
                        and not before.deadline:
                    task = FoundTask(task.item, f"{before.text} {task.text}", before.owners, before.unknown,
                                     task.deadline, before.sure)
                    found.pop()  # before, the last one found
                found.append(task)
                before = task
    return found


def next_meeting(items: list[Item], day: dt.date) -> dt.date | None:
    """The next meeting's date, where a title ("Punkter til næste møde 9. maj 2025") or else the
    minutes state it after "næste møde", from the last item back: the next meeting is named
    near the end, other bodies' next meetings ("forud for næste møde i KL 9/4") earlier."""
    for text in [*(i.title for i in reversed(items)), *(i.minutes for i in reversed(items))]:
        for m in _NEXT_DATE.finditer(text):
            if (d := _DATE.search(text, m.end(), m.end() + _NEAR)) and (when := _date(d[0], day)):
                return when
    return None


def _date(text: str, day: dt.date) -> dt.date | None:
    try:
        found = datoer.parse_deadline(text, day.year, meeting_date=day).date
    except datoer.DateError:
        return None
    return found if found > day else None


def _task(nr: str, sentence: str, reg: Registry, day: dt.date, following: dt.date | None) -> FoundTask | None:
    dated = datoer.find_dates_in_text(sentence, day.year, meeting_date=day)
    deadline, sure = (datoer.format_deadline(dated[0][2]), True) if dated else ("", True)
    if not dated and _NEXT.search(sentence):
        deadline, sure = (datoer.format_date(following), True) if following else ("", False)
    owners: list[str] = []
    unknown: list[str] = []
    written, named = _owners_written(sentence[:_LONGEST])
    for who in written:
        ref = owner(reg, who, day)
        if ref:
            owners.append(ref)
        elif named or " " in who:  # one capitalised word before "skal" that resolves to no one is no name
            unknown.append(who)
    if _members_guessed(sentence, owners + unknown):
        owners, sure = [ALL], False
    if not deadline and sure and not owners and not unknown:
        return None
    text = tidy(_LABEL.sub("", sentence))
    return FoundTask(nr, text, tuple(dict.fromkeys(owners)), tuple(unknown), deadline,
                     sure and bool(owners) and not unknown)


def _owners_written(sentence: str) -> tuple[list[str], bool]:
    """Who the sentence says is to act, as written: "Ansvarlig: …", the subject before an
    action verb ("X v. Y" is Y), or the reader ("skal I sende") as all municipalities; and
    whether they are surely names (a label, or a subject before a verb only people do: not
    "skal", which "Nu skal …" or "Portalen skal …" have too)."""
    if m := _LABEL.search(sentence):
        return [w for w in _SPLIT.split(m["who"].strip()) if w], True
    if m := _SUBJECT.search(sentence):
        who = m["who"]
        if by := _BY.search(who):
            who = who[by.end():]
        if who.split()[0].lower() not in _NO_SUBJECT and not sentence.endswith("?"):
            return [w for w in _SPLIT.split(who) if w], m["verb"] not in ("skal", "bedes")
    if _YOU.search(sentence):
        return [ALL], True
    return [], False


def _members_guessed(sentence: str, owners: list[str]) -> bool:
    """A passive "skal sendes til X" with no one named: the members send, as an unsure guess."""
    return not owners and bool(_TO_BE_SENT.search(sentence))


def owner(reg: Registry, written: str, day: dt.date | None) -> str | None:
    """The reference `Ansvarlig:` takes for a name as written: a person, organisation or group
    id, or "alle kommuner"; None when it is not one with confidence."""
    text = " ".join(written.split())
    if names.key(text) in ("i", "kommunerne", "alle kommuner", "alle kommunerne"):
        return ALL
    bare = re.sub(r"\s+kommunes?$", "", text, flags=re.IGNORECASE)
    if found := reg.resolve(text) or reg.resolve(bare):
        return ALL if found.kind == "alle_kommuner" else found.id
    if " " in text and (person := resolve(reg, text, "", "", day)).id:
        return person.id
    return None


def _list_end(lines: list[str]) -> int:
    """Where the next agenda item begins: a table's next row (a tab), or a numbered line that
    does not go on from the list's own numbers ("5. Eventuelt" after "- …" or after "1. … 2. …")."""
    counted = 0
    for i, line in enumerate(lines):
        if "\t" in line:
            return i
        if m := _NUMBERED.match(line):
            if int(m[1]) != counted + 1:
                return i
            counted += 1
    return len(lines)


def read_next_items(text: str) -> list[str]:
    """The entries under "Punkter til næste møde" / "Til næste møde" / "Punkter til kommende
    møde": the list that follows the heading (an introducing sentence or two before it is
    skipped); [] when the text has no such heading or no list under it."""
    m = _NEXT_HEADING.search(text)
    if not m:
        return []
    after = text[m.end():].split("\n", _LOOK + 1)[:_LOOK]
    after = after[:_list_end(after)]
    found: list[str] = []
    for entry in entries("\n".join([m["rest"] or "", *after])):
        if entry.bullet:
            found.append(entry.text.strip().rstrip("."))
        elif found:
            break
    return found
