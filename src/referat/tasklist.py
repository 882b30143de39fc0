"""Tasks as a table for a person (80 columns), as JSON and as CSV for other programs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from referat import datoer
from referat.tasks import TaskRecord

WIDTH = 80
TEXT_LIMIT = 100  # the table shows the start of a long task; --format json has all of it


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + " …"


def deadline_cell(t: TaskRecord) -> str:
    if t.deadline is None:
        return t.deadline_text or "–"
    if t.deadline.precision == "dag":
        return t.deadline.date.strftime("%d.%m.%Y")
    return datoer.format_deadline(t.deadline)


def owners_cell(t: TaskRecord, separator: str = ", ") -> str:
    return separator.join(o.name for o in t.owners) or "–"


def summary(tasks: list[TaskRecord], today: dt.date, include_closed: bool) -> str:
    open_ = [t for t in tasks if not t.done]
    overdue = sum(1 for t in open_ if t.overdue(today))
    text = f"{len(open_)} {'åben opgave' if len(open_) == 1 else 'åbne opgaver'}, {overdue} {'overskreden' if overdue == 1 else 'overskredne'}"
    if include_closed:
        closed = len(tasks) - len(open_)
        text += f", {closed} {'lukket' if closed == 1 else 'lukkede'}"
    return text


def as_table(tasks: list[TaskRecord], today: dt.date, include_closed: bool, color: bool) -> str:
    """A table that fits 80 columns; overdue deadlines marked with '!' (and red on a terminal)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, width=WIDTH, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Id", no_wrap=True)
    table.add_column("Frist", min_width=12, max_width=12)
    table.add_column("Ansvarlig", max_width=20, overflow="fold")
    table.add_column("Opgave", ratio=1, overflow="fold")
    for t in tasks:
        deadline = deadline_cell(t)
        style = ""
        if t.done:
            deadline, style = f"lukket {t.closed.strftime('%d.%m.%Y')}" if t.closed else "lukket", "dim"
        elif t.overdue(today):
            deadline, style = deadline + " !", "bold red"
        table.add_row(t.id, Text(deadline, style=style), owners_cell(t, ",\n"), _shorten(t.text, TEXT_LIMIT))
    console = Console(width=WIDTH, record=True, file=io.StringIO(), force_terminal=color, no_color=not color,
                      highlight=False, soft_wrap=False)
    if tasks:
        console.print(table)
    console.print(summary(tasks, today, include_closed))
    if any(t.overdue(today) for t in tasks):
        console.print(f"! = fristen er overskredet pr. {today.strftime('%d.%m.%Y')}")
    return console.file.getvalue()


def _row(t: TaskRecord, today: dt.date) -> dict:
    return {
        "id": t.id, "gruppe": t.group, "moede": t.meeting.isoformat(), "punkt": t.item or "",
        "punkt_titel": t.item_title, "tekst": t.text,
        "ansvarlige": [o.name for o in t.owners], "ansvarlige_id": [o.id for o in t.owners],
        "frist": t.deadline.date.isoformat() if t.deadline else None, "frist_tekst": t.deadline_text,
        "status": "lukket" if t.done else "åben", "overskredet": t.overdue(today),
        "lukket": t.closed.isoformat() if t.closed else None, "fil": t.path, "linje": t.line,
    }


def as_json(tasks: list[TaskRecord], today: dt.date) -> str:
    return json.dumps([_row(t, today) for t in tasks], ensure_ascii=False, indent=2)


CSV_FIELDS = ("id", "gruppe", "moede", "punkt", "punkt_titel", "tekst", "ansvarlige", "ansvarlige_id", "frist",
              "frist_tekst", "status", "overskredet", "lukket", "fil", "linje")


def as_csv(tasks: list[TaskRecord], today: dt.date) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for t in tasks:
        row = _row(t, today)
        row["ansvarlige"] = "; ".join(row["ansvarlige"])
        row["ansvarlige_id"] = "; ".join(row["ansvarlige_id"])
        row["overskredet"] = "ja" if row["overskredet"] else "nej"
        writer.writerow(row)
    return out.getvalue()
