"""`referat opgaver luk`: ticks a task off in its file and records the date, touching
nothing else — the one change allowed to an approved meeting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from referat import datoer, repo
from referat.atomic import rewrite
from referat.errors import ReferatError
from referat.meeting import read_meeting
from referat.model import Task
from referat.tasks import TaskRecord

_OPEN_BOX = re.compile(rb"^([ \t]*[-*+][ \t]+)\[ \]")
_ENDING = re.compile(rb"(\r\n|\n|\r)?$")


def close_task(root: Path, task: TaskRecord, day: dt.date) -> None:
    if day < task.meeting:
        raise ReferatError(f"Lukkedatoen {datoer.format_date(day)} ligger før mødet ({datoer.format_date(task.meeting)})")

    def closed(raw: bytes) -> bytes:
        # The file as it is now, under the lock: another command may have changed it since
        # the task list was read, so the task is found again by what it says.
        now = _the_task_now(raw, task)
        if now.done:
            _already_closed(task, now.closed_text)
        lines = raw.splitlines(keepends=True)
        first, last = now.line - 1, now.last_line - 1
        if last >= len(lines) or not _OPEN_BOX.match(lines[first]):
            raise ReferatError(f"{task.path}:{now.line} ser ikke længere ud som opgaven; kør 'referat opgaver' igen")
        lines[first] = _OPEN_BOX.sub(rb"\1[x]", lines[first], count=1)
        ending = _ENDING.search(lines[last]).group(0)
        content = lines[last][: len(lines[last]) - len(ending)]
        lines[last] = content + f" Lukket: {day.isoformat()}.".encode() + ending
        return b"".join(lines)

    if task.done:
        _already_closed(task, task.closed.isoformat() if task.closed else "")
    rewrite(root / task.path, closed, task.path)


def _already_closed(task: TaskRecord, closed_text: str) -> None:
    try:
        when = f" den {datoer.format_date(datoer.parse_date(closed_text))}" if closed_text else ""
    except datoer.DateError:
        when = ""
    raise ReferatError(f"Opgave {task.id} er allerede lukket{when}")


def _the_task_now(raw: bytes, task: TaskRecord) -> Task:
    """The task in the file's current bytes with the same text, item and deadline: the one at
    the same place among the meeting's tasks when there are several such (copied lines)."""
    meeting, _ = read_meeting(raw, task.path, repo.group_folder(task.path))
    index = int(task.full_id.rsplit("-", 1)[1])
    same = [t for t in (meeting.tasks if meeting else ()) if
            (t.text, t.item, t.deadline_text) == (task.text, task.item, task.deadline_text)]
    same.sort(key=lambda t: abs(t.index - index))
    if not same:
        raise ReferatError(f"Opgave {task.id} ({task.text}) står ikke længere i {task.path}; "
                           "filen er ændret imens. Kør 'referat opgaver' igen")
    return same[0]
