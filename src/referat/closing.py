"""`referat opgaver luk`: ticks a task off in its file and records the date, touching
nothing else — the one change allowed to an approved meeting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from referat import datoer, repo
from referat.atomic import rewrite
from referat.errors import ReferatError
from referat.meeting import read_meeting_file
from referat.model import WrittenTask
from referat.tasks import Task

_OPEN_BOX = re.compile(rb"^([ \t]*[-*+][ \t]+)\[ \]")
_ENDING = re.compile(rb"(\r\n|\n|\r)?$")


def close_task(root: Path, task: Task, day: dt.date) -> int:
    """Closes the task in its file, under the file's lock; returns the line it is on now."""
    if task.done:
        _already_closed(task, task.closed.isoformat() if task.closed else "")
    if day < task.meeting:
        raise ReferatError(f"Lukkedatoen {datoer.format_date(day)} ligger før mødet "
                           f"({datoer.format_date(task.meeting)})")
    at = []

    def closed(raw: bytes) -> bytes:
        now = _the_task_now(raw, task)
        at.append(now.line)
        return _ticked(raw, task, now, day)

    rewrite(root / task.path, closed, task.path)
    return at[0]


def _ticked(raw: bytes, task: Task, now: WrittenTask, day: dt.date) -> bytes:
    if now.done:
        _already_closed(task, now.closed_text)
    lines = raw.splitlines(keepends=True)
    first, last = now.line - 1, now.last_line - 1
    if last >= len(lines) or not _OPEN_BOX.match(lines[first]):
        raise ReferatError(f"{task.path}:{now.line} ser ikke længere ud som opgaven; kør 'referat opgaver' igen")
    lines[first] = _OPEN_BOX.sub(rb"\1[x]", lines[first], count=1)
    found = _ENDING.search(lines[last])
    ending = found.group(0) if found else b""
    content = lines[last][: len(lines[last]) - len(ending)]
    lines[last] = content + f" Lukket: {day.isoformat()}.".encode() + ending
    return b"".join(lines)


def _already_closed(task: Task, closed_text: str) -> None:
    try:
        when = f" den {datoer.format_date(datoer.parse_date(closed_text))}" if closed_text else ""
    except datoer.DateError:
        when = ""
    raise ReferatError(f"Opgave {task.id} er allerede lukket{when}")


def _the_task_now(raw: bytes, task: Task) -> WrittenTask:
    """The task in the file as it is now, under the lock: another command may have changed the
    file since the task list was read, so the task is found by what it says (text, item,
    deadline), and among copies by its place among the meeting's tasks."""
    meeting, _ = read_meeting_file(raw, task.path, repo.group_folder(task.path))
    index = int(task.full_id.rsplit("-", 1)[1])
    same = [t for t in (meeting.tasks if meeting else ()) if
            (t.text, t.item, t.deadline_text) == (task.text, task.item, task.deadline_text)]
    same.sort(key=lambda t: abs(t.index - index))
    if not same:
        raise ReferatError(f"Opgave {task.id} ({task.text}) står ikke længere i {task.path}; "
                           "filen er ændret imens. Kør 'referat opgaver' igen")
    return same[0]
