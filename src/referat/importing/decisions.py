"""The decisions of old minutes, read from each agenda item's minutes (importing.items).

Two ways a decision stands in a text:

- under a label: "Beslutning:", "Konklusion:", "Besluttet:", "Drøftelse og beslutning:" (the
  steering group's Resume / Indstilling / Beslutning / Baggrund: only the Beslutning part is
  decided). Text after the label on its line is one decision; a list under it ("- …", "• …",
  "1. …") gives one decision per entry; an entry ending in ":" goes on in the next one. The
  section ends at the next subsection (Resume, Indstilling, Baggrund, Bilag, …) or at a plain
  paragraph after the list.
- under "Indstilling" alone (the steering group's layout, the item has no Beslutning): what
  was proposed, each entry an unsure decision.
- in prose, an item without a label: a sentence saying something was decided ("Det blev
  besluttet, at …", "Netværket besluttede …", "Konklusionen blev, at …", "… blev godkendt",
  "Det blev aftalt …", "Der var enighed om …", "OK til …"). "Konklusionen blev, at X" gives X.
  The weaker cues (approved, agreed, noted) are marked unsure.

The minutes are first cut into entries (paragraphs and list entries, lines joined), with the
HTML some converters leave ("<p>", "<ul>", "•" inside a line) turned into line breaks: the
tasks reader (importing.tasks) reads the same entries.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from referat import datoer
from referat.importing.items import Item


@dataclass(frozen=True)
class Decision:
    item: str  # the agenda item's number ("3", "3A") as items.Item.number
    text: str  # one decision, as it would stand in `beslutninger:` (no "Beslutning:" label)
    sure: bool = True  # False: found by a weak cue; the writer adds "# importeret: kontrollér"


@dataclass(frozen=True)
class Entry:
    """A paragraph or a list entry of an item's minutes, its lines joined."""

    text: str
    bullet: bool  # a list entry ("- …", "• …", "1. …")


_BREAK_TAGS = re.compile(r"</?(?:p|li|ul|ol|br|div|tr|td|th|table)\b[^>\n]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")  # a tag within its line: an unclosed "<" scans no further
_INLINE_BULLET = re.compile(r"[ \t]*[•○▪■◦][ \t]*")
_BULLET = re.compile(rf"^[ \t]*(?:[-–•○▪■◦*]|o(?=[ \t])|\d{{1,2}}[.)](?![ \t]*(?:{'|'.join(datoer.MONTHS)}))"
                     r"|[a-hA-H][.)])(?:[ \t]+|$)", re.IGNORECASE)  # "19. august: …" is a date, no entry
_EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")
LABEL = re.compile(
    r"^(?:drøftelse\s+og\s+)?(?:beslutning(?:er|en)?|konklusion(?:er|en)?|besluttet|afgørelse)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL)
SUBSECTION = re.compile(
    r"^(?:resum[eé]|indstilling|baggrund|bilag|sagsfremstilling|opgaver|økonomi|det\s+indstilles)\s*(?::|$)",
    re.IGNORECASE)
_HEADING_ALONE = re.compile(
    r"^[ \t]*(?:resum[eé]|indstilling|baggrund|bilag|sagsfremstilling|opgaver|økonomi|det\s+indstilles"
    r"|(?:drøftelse\s+og\s+)?(?:beslutning(?:er|en)?|konklusion(?:er|en)?|besluttet))[ \t]*:?[ \t]*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"»])")
_LAST_WORD = re.compile(r"(?:^|\s)(\S+)\.$")
_ABBREVIATIONS = frozenset(("v", "jf", "fx", "bl.a", "dvs", "ift", "evt", "mht", "f.eks", "ca", "nr", "kl", "pkt",
                            "hhv", "inkl", "ang", "vedr", "mv"))
_STRONG = re.compile(
    r"\b(?:blev\b[^.]{0,60}?\b(?:besluttet|vedtaget)|besluttede|vedtog|(?:hoved)?konklusionen\s+(?:\w+\s+){0,3}?"
    r"(?:blev|var|er)|blev\s+prioriteret)\b", re.IGNORECASE)
_WEAK = re.compile(
    r"\b(?:blev\b[^.]{0,60}?\b(?:godkendt|aftalt)|(?<!de\s)(?<!den\s)(?<!det\s)(?:godkendte|aftalte)\b"
    r"|som\s+godkendt|der\s+var\s+(?:enighed|opbakning)\s+(?:om|til)|tog\s+\w+\s+til\s+efterretning|ok\s+til"
    r"|^der\s+(?:skal\s+)?(?:nedsættes|laves|udarbejdes|etableres|oprettes|udpeges)"
    r"|^(?:næste\s+)?møde(?:t|rne)?\b[^.:]{0,40}?\b(?:afholdes|holdes|flyttes|aflyses)"  # the meeting plan
    r"|\btovholder\w*\b[^.]{0,40}?\b(?:videre|overtager|overtages|skifter)"  # a new tovholder
    r"|\b(?:overtager|overtages|giver)\b[^.]{0,40}?\btovholder\w*)\b",
    re.IGNORECASE)
_NOT_DECIDED = re.compile(r"\b(?:at\s+få|kan\s+blive|skal\s+(?:\w+\s+)?)besluttet\b|\bbehov\s+for\b",
                          re.IGNORECASE)
_THAT = re.compile(
    r"^.{0,80}?\b(?:besluttet|aftalt|vedtaget|(?:hoved)?konklusionen[^,]{0,30}?\b(?:blev|var|er))\b[^,]{0,30}?,?\s+at\s+"
    r"(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)


def read_decisions(items: list[Item]) -> list[Decision]:
    """The decisions of each item, in order: labelled ones, else those its prose states."""
    found: list[Decision] = []
    for item in items:
        parts = entries(item.minutes)
        labelled = _labelled(parts)
        if labelled:
            found += [Decision(item.number, t) for t in labelled]
            continue
        if proposed := _proposed(parts):  # the steering group's layout without a decision: as proposed, unsure
            found += [Decision(item.number, t, False) for t in proposed]
            continue
        found += [Decision(item.number, text, sure) for text, sure in _in_prose(parts)]
    return found


def _in_prose(parts: list[Entry]) -> list[tuple[str, bool]]:
    """(text, sure) of the sentences saying something was decided. One that ends in ":" is
    followed by what was decided: a list (one decision with it: "OK til datoerne: - 19/8 - 11/11")
    or paragraphs (one decision each, with the list entries under them), to the item's end."""
    found: list[tuple[str, bool]] = []
    for k, entry in enumerate(parts):
        for sentence in sentences(entry.text):
            if _NOT_DECIDED.search(sentence) and not _STRONG.search(_NOT_DECIDED.sub(" ", sentence)):
                continue
            sure = bool(_STRONG.search(sentence))
            if not sure and not _WEAK.search(sentence):
                continue
            rest = parts[k + 1:]
            if not sentence.endswith(":") or not rest:
                m = _THAT.match(sentence)
                found.append((tidy(m["rest"] if m else sentence), sure))
            elif rest[0].bullet:
                listed = list(itertools.takewhile(lambda e: e.bullet, rest))
                found.append((tidy(sentence + " " + "; ".join(e.text.rstrip(".") for e in listed)), sure))
            else:
                return found + [(tidy(t), sure) for t in _paragraphs(rest)]
    return found


def _paragraphs(parts: list[Entry]) -> list[str]:
    """Each paragraph with the list entries under it."""
    out: list[str] = []
    for e in parts:
        if e.bullet and out:
            out[-1] += " " + e.text
        elif not e.bullet:
            out.append(e.text)
    return out


def entries(minutes: str) -> list[Entry]:
    """The minutes as paragraphs and list entries: a blank line, a new list entry or a line that
    begins with a decision's label ends one, any other line goes on with it (text wrapped by the
    PDF or the OCR)."""
    text = _TAG.sub(" ", _BREAK_TAGS.sub("\n", minutes))
    text = _INLINE_BULLET.sub("\n• ", text)
    out: list[Entry] = []
    current: list[str] = []
    bullet = False

    def close() -> None:
        joined = " ".join(" ".join(current).split())
        if joined:
            out.append(Entry(joined, bullet))
        current.clear()

    for line in text.splitlines():
        if not line.strip():
            close()
            continue
        if _HEADING_ALONE.match(line):  # "Baggrund", "Beslutning:" on a line of its own: an entry
            close()
            bullet = False
            current.append(line)
            close()
        elif m := _BULLET.match(line):
            close()
            bullet = True
            current.append(line[m.end():])
        elif LABEL.match(line.strip()):  # "Beslutning: …" under a sentence of the minutes starts anew
            close()
            bullet = False
            current.append(line)
        else:
            if not current:
                bullet = False
            current.append(line)
    close()
    return out


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if out and _abbreviated(out[-1]):
            out[-1] += " " + piece
        elif piece.strip():
            out.append(piece.strip())
    return out


def _abbreviated(text: str) -> bool:
    """Whether text ends in an abbreviation's full stop ("v.", "jf.", "kl."), which ends no
    sentence; "KL." in capitals is the organisation, and does."""
    m = _LAST_WORD.search(text)
    return m is not None and m[1].lower() in _ABBREVIATIONS and not m[1].isupper()


def tidy(text: str) -> str:
    """A decision's or a task's text: emphasis marks and spacing gone, capital first, full stop."""
    text = " ".join(_EMPHASIS.sub("", text).split()).strip(" -–")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:)»\"" else text + "."


def _labelled(parts: list[Entry]) -> list[str]:
    """The texts under decision labels; [] when the item has none."""
    found: list[str] = []
    inside, pending, taken, last = False, "", 0, ""  # taken: decisions in this section; last: the latest, raw
    for entry in parts:
        text = _EMPHASIS.sub("", entry.text).strip()
        if m := LABEL.match(text):
            inside, pending, taken = True, "", 0
            if rest := m["rest"].strip():
                found.append(tidy(rest))
                inside = False
            continue
        if not inside:
            continue
        if SUBSECTION.match(text):
            inside = False
            continue
        if not entry.bullet and taken and not pending:
            if last[-1:] in ".!?":
                inside = False
                continue
            last = f"{last} {text}"  # the list entry goes on after a page break or a blank line
            found[-1] = tidy(last)
            continue
        if text.endswith(":"):
            pending += text + " "
            continue
        last = pending + text
        found.append(tidy(last))
        pending, taken = "", taken + 1
    if pending:
        found.append(tidy(pending))
    return [f for f in found if f]


def _proposed(parts: list[Entry]) -> list[str]:
    """The texts under "Indstilling" (what the item proposed), for an item without a decision."""
    found: list[str] = []
    inside = False
    for entry in parts:
        text = _EMPHASIS.sub("", entry.text).strip()
        if SUBSECTION.match(text) or LABEL.match(text):
            inside = text.lower().startswith("indstilling")
            continue
        if inside and not re.match(r"det\s+indstilles", text, re.IGNORECASE):
            found.append(tidy(text))
    return found
