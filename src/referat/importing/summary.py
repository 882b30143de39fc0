"""The table `referat importer` ends with: each file, the meeting it became (or that it failed),
what was found in it, how many values are marked for checking and what tjek says, so the
secretary sees at once where to look first."""

from __future__ import annotations

import io
from pathlib import PurePath

from referat.danish import count_da
from referat.importing.job import Outcome
from referat.shown import shown

COLUMNS = ("Fil → møde", "Personer", "Punkter", "Beslutninger", "Opgaver", "Mærket", "tjek")


def table(outcomes: list[Outcome], written: bool, width: int = 100) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, leading=1)
    files = [shown(PurePath(o.source).name or o.source) for o in outcomes]
    t.add_column(COLUMNS[0], overflow="fold", min_width=min(30, max(len(f) for f in files)))
    for name in COLUMNS[1:6]:
        t.add_column(name, justify="right")
    t.add_column(COLUMNS[6], no_wrap=True)
    groups = {o.meeting.path.split("/")[1] for o in outcomes if o.meeting}
    for o, file in zip(outcomes, files, strict=True):
        if o.error or o.minutes is None or o.meeting is None:
            t.add_row(f"{file}\n→ ikke importeret")
            continue
        head = o.minutes.head
        people = sum(1 for n in [a.name for a in head.attendees] + head.absent if n.id)
        meeting = o.meeting.path.removeprefix("moeder/").removesuffix(".md")
        t.add_row(f"{file}\n→ {meeting}", str(people),
                  str(len(o.minutes.items)), str(len(o.minutes.decisions)), str(len(o.minutes.tasks)),
                  str(o.meeting.checks), tjek_says(o))
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, highlight=False).print(t)
    done = sum(1 for o in outcomes if not o.error)
    failed = len(outcomes) - done
    line = f"{'Oprettede' if written else 'Læste'} {count_da(done, 'møde', 'møder')}"
    if len(groups) == 1 and done:
        line += f" i moeder/{shown(groups.pop())}/"
    if failed:
        line += f"; {count_da(failed, 'fil', 'filer')} kunne ikke importeres (se fejlene ovenfor)"
    line += "."
    if done and written:
        line += "\nKør 'referat tjek', og se efter alt mærket '# importeret: kontrollér'."
    return out.getvalue() + "\n" + line + "\n"


def tjek_says(o: Outcome) -> str:
    """"i orden", "1 advarsel", "2 fejl, 1 advarsel"."""
    errors = sum(1 for f in o.findings if f.is_error)
    warnings = len(o.findings) - errors
    parts = ([count_da(errors, "fejl", "fejl")] if errors else []) + (
        [count_da(warnings, "advarsel", "advarsler")] if warnings else [])
    return ", ".join(parts) or "i orden"
