"""`referat opgaver luk`: ticks a task off in its file and records the date, touching
nothing else — the one change allowed to an approved meeting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from referat import datoer, repo
from referat.atomic import write_atomic
from referat.errors import ReferatError
from referat.tasks import TaskRecord

_OPEN_BOX = re.compile(rb"^([ \t]*[-*+][ \t]+)\[ \]")
_ENDING = re.compile(rb"(\r\n|\n|\r)?$")


def close_task(root: Path, task: TaskRecord, day: dt.date) -> None:
    if task.done:
        when = f" den {datoer.format_date(task.closed)}" if task.closed else ""
        raise ReferatError(f"Opgave {task.id} er allerede lukket{when}")
    if day < task.meeting:
        raise ReferatError(f"Lukkedatoen {datoer.format_date(day)} ligger før mødet ({datoer.format_date(task.meeting)})")
    path = root / task.path
    lines = repo.read_required(root, task.path).splitlines(keepends=True)
    first, last = task.line - 1, task.last_line - 1
    if last >= len(lines) or not _OPEN_BOX.match(lines[first]):
        raise ReferatError(f"{task.path}:{task.line} ser ikke længere ud som opgaven; kør 'referat opgaver' igen")
    lines[first] = _OPEN_BOX.sub(rb"\1[x]", lines[first], count=1)
    ending = _ENDING.search(lines[last]).group(0)
    content = lines[last][: len(lines[last]) - len(ending)]
    lines[last] = content + f" Lukket: {day.isoformat()}.".encode() + ending
    write_atomic(path, b"".join(lines))
