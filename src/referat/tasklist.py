"""Tasks as a table for a person (80 columns or the terminal's width), as JSON and as CSV for
other programs. What comes from a meeting file is shown() in all three, and a CSV cell never
starts a formula."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Callable
from itertools import zip_longest
from typing import Any

import msgspec

from referat import datoer
from referat.shown import cell, shown
from referat.tasks import Task

WIDTH = 80  # the narrowest table; a wider terminal gets a wider one
TEXT_LINES = 4  # a longer task is cut with " …" after this many lines; --format json has all of it


def _clip(lines: list[str], width: int) -> list[str]:
    """A task's wrapped lines, at most TEXT_LINES of them: a long task is wrapped, not cut,
    wherever it fits."""
    if len(lines) <= TEXT_LINES:
        return lines
    last = lines[TEXT_LINES - 1]
    if len(last) > width - 2:
        last = last[: width - 2].rsplit(" ", 1)[0]
    return [*lines[: TEXT_LINES - 1], last + " …"]


def deadline_cell(t: Task) -> str:
    if t.deadline is None:
        return shown(t.deadline_text) or "–"
    if t.deadline.precision == "dag":
        return _day(t.deadline.date)
    return datoer.format_deadline(t.deadline)


def summary(tasks: list[Task], today: dt.date, include_closed: bool) -> str:
    open_ = [t for t in tasks if not t.done]
    overdue = sum(1 for t in open_ if t.overdue(today))
    text = (f"{len(open_)} {'åben opgave' if len(open_) == 1 else 'åbne opgaver'}, "
            f"{overdue} {'overskreden' if overdue == 1 else 'overskredne'}")
    if include_closed:
        closed = len(tasks) - len(open_)
        text += f", {closed} {'lukket' if closed == 1 else 'lukkede'}"
    return text


DEADLINE_WIDTH = 13  # "uge 23 2025 !" fits; "ultimo maj 2025" goes over two lines
OWNER_WIDTH, OWNER_MIN = 20, 12
TEXT_MIN = 28  # narrower than this, and the owners' column gives way
ID_MAX = 15  # a longer id ("gruppe/2025-03-07-3") is shown over two lines, split after the '/'
GAP = "  "
# ANSI styles, only used on a terminal
BOLD, RED, DIM, RESET = "\x1b[1m", "\x1b[1;31m", "\x1b[2m", "\x1b[0m"


def as_table(tasks: list[Task], today: dt.date, include_closed: bool, color: bool, width: int = WIDTH) -> str:
    """A table that fits width columns (at least 80); overdue deadlines marked with '!' (and red
    on a terminal).
    Laid out by hand, not by rich: a rich table costs ~2 ms a row, and a large archive has
    tens of thousands of open tasks."""
    ids = [[i] if len(i) <= ID_MAX else i.replace("/", "/\n", 1).split("\n") for i in (shown(t.id) for t in tasks)]
    owners = [[shown(o.name) for o in t.owners] or ["–"] for t in tasks]
    id_width = max([2] + [len(part) for parts in ids for part in parts])
    width = max(width, WIDTH)
    spare = width - id_width - DEADLINE_WIDTH - 3 * len(GAP)  # for owners and text
    owner_width = min(OWNER_WIDTH, max([len("Ansvarlig")] + [len(o) for names in owners for o in names]),
                      max(OWNER_MIN, spare - TEXT_MIN))
    text_width = spare - owner_width
    row = f"{{:<{id_width}}}{GAP}{{:<{DEADLINE_WIDTH}}}{GAP}{{:<{owner_width}}}{GAP}{{}}"
    wrap_deadline, wrap_owner, wrap_text = _wrapper(DEADLINE_WIDTH), _wrapper(owner_width), _wrapper(text_width)
    out = []
    if tasks:
        head = row.format("Id", "Frist", "Ansvarlig", "Opgave").rstrip()
        out += [f"{BOLD}{head}{RESET}" if color else head, "─" * width]
    for t, id_parts, names in zip(tasks, ids, owners, strict=True):
        deadline, style = deadline_cell(t), RED
        if t.done:
            deadline, style = f"lukket {_day(t.closed)}" if t.closed else "lukket", DIM
        elif t.overdue(today):
            deadline += " !"
        else:
            style = ""
        deadlines = wrap_deadline(deadline)
        if color and style:
            deadlines = [f"{style}{part}{RESET}{' ' * (DEADLINE_WIDTH - len(part))}" for part in deadlines]
        owner_parts = [part for name in names for part in wrap_owner(name)]
        out.extend(row.format(*line).rstrip() for line in zip_longest(
            id_parts, deadlines, owner_parts, _clip(wrap_text(shown(t.text)), text_width), fillvalue=""))
    if tasks:
        out.append("")
    out.append(summary(tasks, today, include_closed))
    if any(t.overdue(today) for t in tasks):
        out.append(f"! = fristen er overskredet pr. {_day(today)}")
    return "\n".join(out) + "\n"


def _day(d: dt.date) -> str:
    return f"{d.day:02}.{d.month:02}.{d.year}"  # strftime is ten times slower, and this runs per row


@functools.cache
def _wrapper(width: int) -> Callable[[str], list[str]]:
    """Greedy word wrap to width, by one regular expression (this runs for every row): each
    line is as many words as fit; a word longer than the column is cut over several lines."""
    line = re.compile(rf"\S.{{0,{width - 1}}}(?=\s|$)|\S{{1,{width}}}")

    def wrap(text: str) -> list[str]:
        return [text] if len(text) <= width else line.findall(text)
    return wrap


def _row(t: Task, today: dt.date) -> dict[str, Any]:  # Any: a row of JSON or CSV
    return {
        "id": shown(t.id), "gruppe": shown(t.group), "moede": t.meeting.isoformat(), "punkt": shown(t.item or ""),
        "punkt_titel": shown(t.item_title), "tekst": shown(t.text),
        "ansvarlige": [shown(o.name) for o in t.owners], "ansvarlige_id": [shown(o.id) for o in t.owners],
        "frist": t.deadline.date.isoformat() if t.deadline else None, "frist_tekst": shown(t.deadline_text),
        "status": "lukket" if t.done else "åben", "overskredet": t.overdue(today),
        "lukket": t.closed.isoformat() if t.closed else None, "fil": shown(t.path), "linje": t.line,
    }


def as_json(tasks: list[Task], today: dt.date) -> str:
    """The same text as json.dumps(..., ensure_ascii=False, indent=2), made by msgspec: Python's
    json writes indented output in pure Python, eight times slower (a large archive has
    thousands of open tasks)."""
    return msgspec.json.format(msgspec.json.encode([_row(t, today) for t in tasks]), indent=2).decode("utf-8")


CSV_FIELDS = ("id", "gruppe", "moede", "punkt", "punkt_titel", "tekst", "ansvarlige", "ansvarlige_id", "frist",
              "frist_tekst", "status", "overskredet", "lukket", "fil", "linje")


def as_csv(tasks: list[Task], today: dt.date, excel: bool = True) -> bytes:
    """CSV as Danish Excel opens it by a double click (UTF-8 with a BOM, ';' between cells, as
    Excel writes it where ',' is the decimal comma), or with excel=False plain RFC 4180 (',' and
    no BOM). Lines end in CRLF in both, as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writeheader()
    for t in tasks:
        row = _row(t, today)
        row["ansvarlige"] = "; ".join(row["ansvarlige"])
        row["ansvarlige_id"] = "; ".join(row["ansvarlige_id"])
        row["overskredet"] = "ja" if row["overskredet"] else "nej"
        writer.writerow({k: cell(v) if isinstance(v, str) else v for k, v in row.items()})
    return (("\ufeff" if excel else "") + out.getvalue()).encode("utf-8")
