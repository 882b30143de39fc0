"""The agenda items of old minutes, read from their (repaired) text: each item's number and
title, its responsible ("v. Julie Folke", resolved as head.py resolves people), its time slot
("kl. 10.10-10.50") and the minutes under it.

An item starts at a numbered heading at the start of a line: "1. Velkomst", "1) Velkomst",
"Punkt 1: Velkomst", "Ad 1: Velkomst", "Ad punkt 1 Velkomst", "3A). Status". Numbers must
follow each other (1, 2, 3 …; a letter after the current number is a sub-item), so a numbered
list inside the minutes ("1. At der …", "2. At …") is no item: a list that starts again at 1
is followed to its end before the next heading is looked for. Lines of a table of contents
(dot leaders and a page number) are skipped. Where OCR flattened a two-column table, a
heading's first line is short (the narrow left column) and its title goes on over the
following short lines; a tab on the heading line ends the title and starts the minutes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from referat import datoer
from referat.importing.head import Name, resolve
from referat.registry import Registry

_HEADING = re.compile(
    r"^[ \t]*(?:<[^>]*>[ \t]*)*(?:(?:ad\.?|vedr\.?)[ \t]+)?(?:(?:dagsorden)?punkt[ \t]+)?"
    r"(?P<nr>\d{1,2})(?P<sub>[A-Za-z])?(?:(?:\)\.|[.):])[ \t]*|[ \t]+|$)(?P<rest>.*)$",
    re.IGNORECASE)
_DATED = re.compile(rf"(?:{'|'.join(datoer.MONTHS)})\b", re.IGNORECASE)  # "1. januar": a date, no heading
_TOC = re.compile(r"\.{3,}\s*\d+\s*$|\t\d+\s*$")
_SLOT = re.compile(r"\(?\bkl\.?\s*(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*[-–]\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2})\)?",
                   re.IGNORECASE)
_RESPONSIBLE = re.compile(r"[ \t,]+v\.[ \t]*(?P<who>[A-ZÆØÅ][\w.-]*(?:[ \t]+[A-ZÆØÅ][\w.-]*){0,3})[ \t]*$")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ABBREVIATED = {"evt": "Eventuelt"}  # a title written short, as the agenda's own words
_TABLE_HEAD = re.compile(r"^[ \t]*(?:dagsorden|punkt)\w*\b[^\n]{0,40}\breferat\b[^\n]{0,20}$",
                         re.IGNORECASE | re.MULTILINE)  # "Dagsordenpunkt og ansvarlige | Referat"
_BY = re.compile(r"(?<![(\w])v\.[ \t]+(?P<after>.*)$")  # "v. " in a left column, not "(v. leder af …)"
_NAME_WORDS = re.compile(r"^[A-ZÆØÅ][\w-]*(?:[ \t]+[A-ZÆØÅ][\w-]*){0,3}")
_ALL = ("alle",)  # "v. alle": the whole group, kept as written
_SHORT = 32  # a line no longer than this, after a short heading line, is the title going on


@dataclass(frozen=True)
class Item:
    number: str  # "1", "3A"
    title: str
    responsible: Name | None = None  # None: the text names no one
    time: str = ""  # "10:10-10:50", as meeting files write it
    minutes: str = ""  # the text under the heading, as it stands


def read_items(text: str, reg: Registry, day: dt.date | None = None) -> list[Item]:
    """The agenda items of the repaired text, in order; [] when it has no numbered headings."""
    lines = text.splitlines()
    starts: list[tuple[int, str]] = []  # (line index, number)
    main, listed = 0, 0  # the last item number; the last number of a list inside the minutes
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if not m or _TOC.search(line) or _DATED.match(m["rest"]) or not m["rest"].strip() and not m["sub"]:
            continue
        n = int(m["nr"])
        if m["sub"]:
            if n == main:
                starts.append((i, f"{n}{m['sub'].upper()}"))
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
    items: list[Item] = []
    for k, (i, nr) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        items.append(_item(nr, lines[i:end], reg, day))
    return items


def _item(nr: str, lines: list[str], reg: Registry, day: dt.date | None) -> Item:
    m = _HEADING.match(lines[0])
    assert m  # the line was found as a heading
    first, _, minutes_start = _TAG.sub(" ", m["rest"]).partition("\t")
    title, body = [first.strip()], [minutes_start] if minutes_start else []
    rest = lines[1:]
    if not minutes_start and len(first.strip()) <= _SHORT:
        while rest and _title_goes_on(left := rest[0].partition("\t")[0].strip()):
            right = rest.pop(0).partition("\t")[2]
            title.append(left)
            if right:
                body.append(right)
                break
    text = " ".join(t for t in title if t)
    time = ""
    if s := _SLOT.search(text):
        time = f"{int(s['h1']):02d}:{s['m1']}-{int(s['h2']):02d}:{s['m2']}"
        text = (text[:s.start()] + text[s.end():]).strip(" ,")
    who = None
    if r := _RESPONSIBLE.search(text):
        who = resolve(reg, r["who"], "", "", day)
        text = text[:r.start()].strip()
    minutes = "\n".join([*body, *rest]).strip()
    text = re.sub(r"\s+", " ", text).rstrip(" :")
    return Item(nr, _ABBREVIATED.get(text.lower().rstrip("."), text), who, time, minutes)


def _title_goes_on(left: str) -> bool:
    """A short line that ends no sentence, in the left column: more of the title."""
    return bool(left) and len(left) <= _SHORT and not left.endswith(".")


def _unnumbered(lines: list[str], text: str, reg: Registry, day: dt.date | None) -> list[Item]:
    """A two-column table without numbers, flattened by OCR ("Dagsordenpunkt og ansvarlige |
    Referat"): an item ends where its left column names the responsible ("… v. Julie Folke")
    after a short title part; its title is the short lines above, back to a blank line, and
    its minutes run to the next item's title. Numbered 1, 2, … in order."""
    head = _TABLE_HEAD.search(text)
    if not head:
        return []
    first = text.count("\n", 0, head.end()) + 1
    found: list[tuple[int, int, str, str]] = []  # (title's first line, line after the name, title, who)
    for i in range(first, len(lines)):
        left = lines[i].partition(" | ")[0]
        m = _BY.search(left)
        if not m or len(left[:m.start()].strip()) > _SHORT:
            continue
        parts = [left[:m.start()].strip()]
        top = i
        while top - 1 >= first and (up := lines[top - 1].partition(" | ")[0].strip()) and len(up) <= 2 * _SHORT:
            parts.insert(0, up)
            top -= 1
        name = _NAME_WORDS.match(m["after"].strip())
        who = name[0] if name else m["after"].split(" ")[0]
        after = i + 1
        goes_on = after < len(lines) and _NAME_WORDS.fullmatch(lines[after].strip())
        if name and name[0] == m["after"].strip() and goes_on:  # "v. Povl" / "Skov"
            who, after = f"{who} {lines[after].strip()}", after + 1
        found.append((top, after, " ".join(t for t in parts if t), who))
    items: list[Item] = []
    for k, (_top, after, title, who) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        person = resolve(reg, who, "", "", day) if who[:1].isupper() else Name(who, None) if who in _ALL else None
        items.append(Item(str(k + 1), re.sub(r"\s+", " ", title), person, "", "\n".join(lines[after:end]).strip()))
    return items
