"""The table `referat importer` ends with: each file, the meeting it became (or why not), and
what was found in it, so the secretary sees at once where to look first."""

from __future__ import annotations

import io
from pathlib import PurePath

from referat.danish import count_da
from referat.importing.job import Outcome
from referat.shown import shown


def table(outcomes: list[Outcome], written: bool, width: int = 100) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    files = [shown(_name(o.source)) for o in outcomes]
    t.add_column("Fil", overflow="fold", min_width=min(30, max(len(f) for f in files)))
    t.add_column("Møde", no_wrap=True)
    t.add_column("Fundet", ratio=2)
    t.add_column("Se efter", ratio=1)
    for o, file in zip(outcomes, files, strict=True):
        if o.error or o.minutes is None or o.meeting is None:
            t.add_row(file, "–", "ikke importeret (se fejlen ovenfor)", "")
            continue
        t.add_row(file, shown(o.meeting.path.removeprefix("moeder/").removesuffix(".md")),
                  found(o), to_check(o))
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, highlight=False).print(t)
    done = sum(1 for o in outcomes if not o.error)
    failed = len(outcomes) - done
    verb = "Oprettede" if written else "Læste"
    line = f"{verb} {count_da(done, 'møde', 'møder')}"
    if failed:
        line += f"; {count_da(failed, 'fil', 'filer')} kunne ikke importeres"
    line += "."
    if done and written:
        line += " Kør 'referat tjek', og se efter alt mærket '# importeret: kontrollér'."
    return out.getvalue() + "\n" + line + "\n"


def _name(source: str) -> str:
    return PurePath(source).name or source


def found(o: Outcome) -> str:
    """"22 personer, 1 ukendt navn, 9 punkter, 5 beslutninger, 2 opgaver"."""
    assert o.minutes is not None
    head = o.minutes.head
    known = sum(1 for n in [a.name for a in head.attendees] + head.absent if n.id)
    parts = [count_da(known, "person", "personer")]
    if o.unknown:
        parts.append(count_da(len(o.unknown), "ukendt navn", "ukendte navne"))
    parts.append(count_da(len(o.minutes.items), "punkt", "punkter"))
    parts.append(count_da(len(o.minutes.decisions), "beslutning", "beslutninger"))
    parts.append(count_da(len(o.minutes.tasks), "opgave", "opgaver"))
    return ", ".join(parts)


def to_check(o: Outcome) -> str:
    """The values marked for checking, and what tjek says: "4 mærket, 3 advarsler"."""
    assert o.meeting is not None
    errors = sum(1 for f in o.findings if f.is_error)
    parts = [f"{o.meeting.checks} mærket"]
    if errors:
        parts.append(count_da(errors, "fejl", "fejl"))
    parts.append(count_da(len(o.findings) - errors, "advarsel", "advarsler"))
    return ", ".join(parts)
