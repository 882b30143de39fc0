"""The agenda items of old minutes, read from their (repaired) text: each item's number and
title, its responsible ("v. Julie Folke", resolved as head.py resolves people), its time slot
("kl. 10.10-10.50"), attachments ("Bilag: …"), focus areas ("fokusområde 1 og 3"), its kind
where the text says it ("Til beslutning", "(orientering)") and the minutes under it.

An item starts at a numbered heading at the start of a line: "1. Velkomst", "1) Velkomst",
"Punkt 1: Velkomst", "Punkt 1 – Velkomst", "Ad 1: Velkomst", "3A). Status", "3 B) Status".
Numbers must follow each other (1, 2, 3 …; a letter after the current number is a sub-item),
so a numbered list inside the minutes ("1. At der …", "2. At …") is no item: a list that
starts again at 1 is followed to its end before the next heading is looked for. After the
last numbered item, "Eventuelt" starting a paragraph is one more item, as agendas often leave
it unnumbered. Lines of a table of contents (dot leaders and a page number) are no headings,
but their titles complete a body heading that was cut short ("Møde i …:" where the contents
say "Møde i …: CU …"). Where OCR flattened a two-column table, a heading's first line is short
(the narrow left column) and its title goes on over the following short lines; a tab ends
the title and starts the minutes; a title ending in "+", "og", "&" (or going on with one)
goes on over a blank line; "Link til …" or "Bilag …" after a title is no part of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from referat import datoer
from referat.importing.head import Name, organisation, resolve
from referat.registry import Registry

_HEADING = re.compile(
    r"^[ \t]*(?:<[^>]*>[ \t]*)*(?:(?:ad\.?|vedr\.?)[ \t]+)?(?:(?:dagsorden)?punkt[ \t]+)?"
    r"(?P<nr>\d{1,2})(?:(?P<sub>[A-Za-z])|[ \t](?P<spaced>[A-Za-z])(?=[.)]))?"
    r"(?:(?:\)\.|[.):])[ \t]*|[ \t]+[-–][ \t]+|[ \t]+|$)(?P<rest>.*)$",
    re.IGNORECASE)
_DATED = re.compile(rf"(?:{'|'.join(datoer.MONTHS)})\b", re.IGNORECASE)  # "1. januar": a date, no heading
_TOC = re.compile(r"\.{3,}\s*\d+\s*$|\t\d+\s*$")
_LEADER = re.compile(r"\s*\.{2,}\s*\d*\s*$|\t\d+\s*$")  # a contents line's dots and page number
_SLOT = re.compile(r"\(?\bkl\.?\s*(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*[-–]\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2})\)?",
                   re.IGNORECASE)
_RESPONSIBLE = re.compile(r"[ \t,]+v\.[ \t]*(?P<who>[A-ZÆØÅ][\w.-]*(?:[ \t]+[A-ZÆØÅ][\w.-]*){0,3})[ \t]*$")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_PARAGRAPH = re.compile(r"</p>|<br\s*/?>", re.IGNORECASE)
_ABBREVIATED = {"evt": "Eventuelt"}  # a title written short, as the agenda's own words
_CLOSING = re.compile(r"^[ \t]*(?P<word>eventuelt|evt\.)(?=[\s:]|$)[ \t:]*(?P<rest>.*)$", re.IGNORECASE)
_TABLE_HEAD = re.compile(r"^[ \t]*(?:dagsorden|punkt)\w*\b[^\n]{0,40}\breferat\b[^\n]{0,20}$",
                         re.IGNORECASE | re.MULTILINE)  # "Dagsordenpunkt og ansvarlige | Referat"
_BY = re.compile(r"(?<![(\w])v\.(?:[ \t]+(?P<after>.*))?$")  # "v. " in a left column, not "(v. leder af …)"
_NAME_WORDS = re.compile(r"^[A-ZÆØÅ][\w-]*(?:[ \t]+[A-ZÆØÅ][\w-]*){0,3}")
_ALL = ("alle",)  # "v. alle": the whole group, kept as written
_SHORT = 32  # a line no longer than this, after a short heading line, is the title going on
_MERGED = 40  # a line of a flattened table longer than this holds both columns
_JOINS_END = re.compile(r"(?:[+&,]|\bog|\bsamt|\beller)[ \t]*$", re.IGNORECASE)  # a title going on
_JOINS_START = re.compile(r"^(?:[+&]|og\b|samt\b)", re.IGNORECASE)
_REFERENCE = re.compile(r"[ \t]+(?=Link til\b|Bilag\b)")  # "Titel Link til referat …": no title
_ATTACHMENT = re.compile(r"^[ \t*•-]*(?P<label>bilag(?:[ \t]+\d+)?)[ \t]*(?::[ \t]*(?P<title>.*))?$", re.IGNORECASE)
_LIST_ENTRY = re.compile(r"^[ \t]*[-*•][ \t]+(?P<text>.+)$")
_URL_LINE = re.compile(r"^[ \t]*<?(?:https?://|www\.)\S*>?[ \t]*$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_FOCUS = re.compile(r"\bfokusomr\w{0,7}[ \t]+(?P<nrs>\d(?:[ \t]*(?:,|og|-|–)[ \t]*\d)*)(?![\d/])",
                    re.IGNORECASE)  # not "fokusområder 28/2", a date
_KIND_WORDS = {"beslutning": "beslutning", "drøftelse": "droeftelse", "orientering": "orientering"}
_KINDS = "|".join(_KIND_WORDS)
_KIND = re.compile(rf"[ \t]*(?:[-–,][ \t]*)?(?:\((?:til[ \t]+)?(?P<p>{_KINDS})\)|\btil[ \t]+(?P<k>{_KINDS})\b)"
                   r"[ \t.:]*$", re.IGNORECASE)  # at a title's end: "(orientering)", "– til drøftelse"
_KIND_LINE = re.compile(rf"^[ \t]*til[ \t]+(?P<k>{_KINDS})[ \t.:]*$", re.IGNORECASE | re.MULTILINE)
_KIND_PREFIX = re.compile(rf"^(?P<k>{_KINDS})[ \t]*:[ \t]*", re.IGNORECASE)  # contents: "Beslutning: Godkendelse …"


@dataclass(frozen=True)
class Item:
    number: str  # "1", "3A"
    title: str
    responsible: Name | None = None  # None: the text names no one
    time: str = ""  # "10:10-10:50", as meeting files write it
    minutes: str = ""  # the text under the heading, as it stands
    attachments: tuple[str, ...] = ()  # "Bilag: …" titles; "Bilag 3: …" keeps its number
    focus: tuple[int, ...] = ()  # the framework agreement's focus areas the item names
    kind: tuple[str, ...] = ()  # "beslutning", "droeftelse", "orientering", where the text says it


def read_items(text: str, reg: Registry, day: dt.date | None = None) -> list[Item]:
    """The agenda items of the repaired text, in order; [] when it has no numbered headings."""
    lines = text.splitlines()
    starts: list[tuple[int, str]] = []  # (line index, number)
    contents: dict[str, str] = {}  # number → title in a table of contents
    main, listed = 0, 0  # the last item number; the last number of a list inside the minutes
    closing = -1  # a paragraph starting "Eventuelt" after the last numbered item
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and _TOC.search(line):
            contents.setdefault(_number(m), _LEADER.sub("", m["rest"]).strip())
            continue
        if not m or _DATED.match(m["rest"]) or not m["rest"].strip() and not _letter(m):
            if main and (i == 0 or not lines[i - 1].strip()) and _CLOSING.match(line):
                closing = i
            continue
        n = int(m["nr"])
        if _letter(m):
            if n == main:
                starts.append((i, _number(m)))
            continue
        if listed and n == listed + 1:
            listed = n
        elif n == main + 1:
            main, listed = n, 0
            starts.append((i, str(n)))
        elif n == 1 and main:
            listed = 1
    if not starts:
        return _unnumbered(lines, text, reg, day)
    last = _HEADING.match(lines[starts[-1][0]])
    if closing > starts[-1][0] and not (last and _CLOSING.match(last["rest"])):  # not a second "Eventuelt"
        starts.append((closing, str(main + 1)))
    items: list[Item] = []
    for k, (i, nr) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        m = _HEADING.match(lines[i])
        rest = m["rest"] if m else lines[i]
        items.append(_with_contents(_item(nr, rest, lines[i + 1:end], reg, day), contents.get(nr, "")))
    return items


def _letter(m: re.Match[str]) -> str:
    return (m["sub"] or m["spaced"] or "").upper()


def _number(m: re.Match[str]) -> str:
    return f"{int(m['nr'])}{_letter(m)}"


def _with_contents(item: Item, listed: str) -> Item:
    """The item with what its line in the table of contents adds: a kind written before the
    title ("Beslutning: …") and the rest of a title the body's heading cut short."""
    if not listed:
        return item
    kind = item.kind
    if k := _KIND_PREFIX.match(listed):
        listed = listed[k.end():]
        kind = kind or (_KIND_WORDS[k["k"].casefold()],)
    title = item.title
    short, full = _plain(title), _plain(listed)
    if short and full.startswith(short) and len(full) > len(short):
        title = listed
    return dataclasses.replace(item, title=title, kind=kind)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _paragraphs(cell: str) -> list[str]:
    """The paragraphs of a table cell, without markup."""
    found = [" ".join(_TAG.sub(" ", p).split()) for p in _PARAGRAPH.split(cell)]
    return [p for p in found if p] or [""]


def _item(nr: str, heading: str, lines: list[str], reg: Registry, day: dt.date | None) -> Item:
    cell, tab, right = heading.partition("\t")
    closing = _CLOSING.match(cell) if not _HEADING.match(cell) and not tab else None
    if closing:  # "Eventuelt Kort drøftelse af …": the word is the title, the rest minutes
        cell, right = closing["word"], closing["rest"]
    first, *extra = _paragraphs(cell)
    title, body = [first], [right] if right else []
    rest = list(lines)
    while rest:
        left, tab, right = rest[0].partition("\t")
        if left.strip() and not body and not extra and len(title[0]) <= _SHORT and _title_goes_on(left.strip()):
            rest.pop(0)
            title.append(_paragraphs(left)[0])
            if right:
                body.append(right)
            continue
        if rest[0].strip() or closing:
            break
        nxt = next((j for j, ln in enumerate(rest) if ln.strip()), None)
        if nxt is None:
            break
        left, _, right = rest[nxt].partition("\t")
        more = _paragraphs(left)
        if not (_JOINS_END.search(title[-1]) or _JOINS_START.match(more[0])) or len(more[0]) > 2 * _SHORT:
            break
        del rest[:nxt + 1]
        title.append(more[0])
        extra += more[1:]
        if right:
            body.append(right)
    text = " ".join(t for t in title if t)
    if ref := _REFERENCE.search(text):
        extra.insert(0, text[ref.end():])
        text = text[:ref.start()]
    time = ""
    if s := _SLOT.search(text):
        time = f"{int(s['h1']):02d}:{s['m1']}-{int(s['h2']):02d}:{s['m2']}"
        text = (text[:s.start()] + text[s.end():]).strip(" ,")
    who = None
    if r := _RESPONSIBLE.search(text):
        who = resolve(reg, r["who"], "", "", day)
        text = text[:r.start()].strip()
    minutes = "\n".join([*extra, *body, *rest]).strip()
    return _finished(nr, text, who, time, minutes)


def _finished(nr: str, title: str, who: Name | None, time: str, minutes: str) -> Item:
    """The item with its title tidied and the details its title and minutes state."""
    kind: list[str] = []
    if k := _KIND.search(title):
        kind.append(_KIND_WORDS[(k["k"] or k["p"]).casefold()])
        title = title[:k.start()] + title[k.end():]
    kind += [_KIND_WORDS[k["k"].casefold()] for k in _KIND_LINE.finditer(minutes)]
    title = re.sub(r"\s+", " ", title).strip().rstrip(" :")
    title = _ABBREVIATED.get(title.lower().rstrip("."), title)
    return Item(nr, title, who, time, minutes, _attachments(minutes), _focus(f"{title}\n{minutes}"),
                tuple(dict.fromkeys(kind)))


def _title_goes_on(left: str) -> bool:
    """A short line that ends no sentence, in the left column: more of the title."""
    return bool(left) and len(left) <= _SHORT and not left.endswith(".")


def _attachments(minutes: str) -> tuple[str, ...]:
    """The titles of "Bilag: …" lines, and of the list under a "Bilag:" on its own."""
    found: list[str] = []
    listing = False
    for line in _TAG.sub(" ", minutes).split("\n"):
        if m := _ATTACHMENT.match(line):
            said = (m["title"] or "").strip()
            listing = not said
            if said:
                label = " ".join(m["label"].split())
                found.append(_attachment(said) if label.casefold() == "bilag" else f"{label}: {_attachment(said)}")
            continue
        if listing and (not line.strip() or _URL_LINE.match(line)):
            continue
        entry = _LIST_ENTRY.match(line) if listing else None
        if entry:
            found.append(_attachment(entry["text"]))
        else:
            listing = False
    return tuple(t for t in dict.fromkeys(found) if t)


def _attachment(title: str) -> str:
    title = " ".join(_MD_LINK.sub(lambda m: m["text"], title).split()).rstrip(" :;,.")
    if title.endswith(")") and title.count("(") < title.count(")"):
        title = title[:-1].rstrip()  # "… 5/2)": a stray bracket
    return title


def _focus(text: str) -> tuple[int, ...]:
    """Focus areas named as "fokusområde 2", "fokusområderne 1 og 3", "fokusområde 1-3"."""
    found: set[int] = set()
    for m in _FOCUS.finditer(text):
        nrs = m["nrs"]
        if span := re.fullmatch(r"(\d)[ \t]*[-–][ \t]*(\d)", nrs):
            found.update(range(int(span[1]), int(span[2]) + 1))
        else:
            found.update(int(d) for d in re.findall(r"\d", nrs))
    return tuple(sorted(found))


def _columns(line: str) -> tuple[str, str]:
    """A line of a flattened two-column table as (left, right). A line longer than _MERGED
    without a separator holds both columns (OCR merged them): the left column ends before the
    first capitalised word after at least half a column (a sentence of the right column
    starting; not a name after "v."), else at the last word within _SHORT characters."""
    for sep in (" | ", "\t"):
        if sep in line:
            left, _, right = line.partition(sep)
            return left.strip(), right.strip()
    line = line.strip()
    if len(line) <= _MERGED:
        return line, ""
    ends = [m.start() for m in re.finditer(r"[ \t]+", line)]
    for e in ends:
        if _SHORT // 2 <= e <= _SHORT + 4 and line[e:].lstrip()[:1].isupper() and not line[:e].endswith("v."):
            return line[:e], line[e:].strip()
    fits = [e for e in ends if e <= _SHORT] or ends[:1]
    return (line[:fits[-1]], line[fits[-1]:].strip()) if fits else (line, "")


def _unnumbered(lines: list[str], text: str, reg: Registry, day: dt.date | None) -> list[Item]:
    """A two-column table without numbers, flattened by OCR ("Dagsordenpunkt og ansvarlige |
    Referat"): an item ends where its left column names the responsible ("… v. Julie Folke")
    after a short title part; its title is the left column above, back to a blank line (or
    over it, to a short line that ends no sentence), never into the item before; an
    organisation just before "v." is the responsible's. Numbered 1, 2, … in order."""
    head = _TABLE_HEAD.search(text)
    if not head:
        return []
    first = text.count("\n", 0, head.end()) + 1
    cells = [_columns(line) for line in lines]
    found: list[tuple[int, int, str, str, str]] = []  # (title's first line, line after the name, title, who, org)
    bound = first
    for i in range(first, len(lines)):
        left = cells[i][0]
        m = _BY.search(left)
        if not m or len(left[:m.start()].strip()) > _SHORT:
            continue
        parts = [left[:m.start()].strip()]
        top = _title_top(cells, i, bound)
        parts[:0] = [cells[k][0] for k in range(top, i) if cells[k][0]]
        after_v = (m["after"] or "").strip()
        name = _NAME_WORDS.match(after_v)
        who = name[0] if name else after_v.split(" ")[0]
        after = i + 1
        nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if cells[k][0]), None)
        if nxt is not None and (below := _NAME_WORDS.match(cells[nxt][0])):
            if not name and who not in _ALL:  # "… v." or "v. at løse …" (the right column) / "Helle Stisen …"
                who, after = below[0], nxt + 1
                _recut(cells, lines, i, m.end() - len(m["after"] or ""))
                _recut(cells, lines, nxt, len(below[0]))
            elif name and name[0] == after_v and nxt == i + 1:  # "v. Povl" / "Skov"
                who, after = f"{who} {below[0]}", after + 1
                _recut(cells, lines, nxt, len(below[0]))
        title, org = _without_organisation(reg, parts)
        found.append((top, after, title, who, org))
        bound = after
    items: list[Item] = []
    for k, (top, after, title, who, org) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        person = resolve(reg, who, org, "", day) if who[:1].isupper() else Name(who, None) if who in _ALL else None
        beside = [cells[j][1] for j in range(top, after) if cells[j][1]]  # the right column beside the title
        items.append(_finished(str(k + 1), title, person, "", "\n".join([*beside, *lines[after:end]]).strip()))
    return items


def _recut(cells: list[tuple[str, str]], lines: list[str], k: int, width: int) -> None:
    """Line k's left column is its first width characters, the rest the minutes beside it (a
    name that ends the left column, where the columns were merged)."""
    full = lines[k].strip()
    if full.startswith(cells[k][0]):
        cells[k] = (full[:width].strip(), full[width:].strip())


def _title_top(cells: list[tuple[str, str]], i: int, bound: int) -> int:
    """The first line of the title that ends on line i: up through the left column, over a
    blank line only to a short line of the left column alone that ends no sentence."""
    top = i
    while top - 1 >= bound:
        if cells[top - 1][0]:
            top -= 1
            continue
        up = top - 1
        while up >= bound and not cells[up][0]:
            up -= 1
        if up < bound or cells[up][1] or not _title_goes_on(cells[up][0]):
            break
        top = up
    return top


def _without_organisation(reg: Registry, parts: list[str]) -> tuple[str, str]:
    """The title from its lines, without an organisation that is all of the last line's text
    before "v.", written as a name ("Ny tovholder for netværksgruppen" / "Kalundborg Kommune
    v. Julie"; not "Orientering fra" / "sekretariatet v. …"): that is the responsible's."""
    parts = [p for p in parts if p]
    if len(parts) > 1 and parts[-1][:1].isupper() and organisation(reg, parts[-1]):
        return " ".join(parts[:-1]), parts[-1]
    return " ".join(parts), ""
