"""How an imported meeting compares with a hand-made one (the gold standard): precision and
recall of the people (by person id), the agenda items (number + title), the decisions (item +
text), the tasks (owners + deadline) and the items for the next meeting (text); exact match of
the single values. For bench_import and the tests that keep its figures."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from referat import datoer, names
from referat.archive import Archive
from referat.importing.decisions import Decision
from referat.importing.head import Head, Name
from referat.importing.items import Item
from referat.importing.reading import read_minutes
from referat.importing.tasks import FoundTask, owner
from referat.model import AgendaItem, Attendee, Meeting, Ref
from referat.registry import Registry

SETS = ("deltagere", "afbud", "delvis")
EXACT = ("dato", "tid", "sted", "moede_nr", "referent")
SIMILAR = 90  # a title matches at this rapidfuzz ratio (0-100) of the normalised texts, or when equal
ALIKE = 80  # a decision or a next-meeting item matches at this rapidfuzz partial_ratio (see _alike)
ITEMS = "dagsorden"
CONTENT = ("beslutninger", "opgaver", "frister", "naeste")  # Score.content's keys
T = TypeVar("T")


@dataclass(frozen=True)
class Counts:
    hits: int = 0
    extra: int = 0  # imported, not in the gold
    missed: int = 0  # in the gold, not imported

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.hits + other.hits, self.extra + other.extra, self.missed + other.missed)

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.extra) if self.hits + self.extra else 1.0

    @property
    def recall(self) -> float:
        return self.hits / (self.hits + self.missed) if self.hits + self.missed else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Score:
    sets: dict[str, Counts]  # SETS → counts
    exact: dict[str, bool]  # EXACT → equal
    shown: dict[str, tuple[str, str]]  # EXACT → (imported, gold), as text
    items: Counts = Counts()  # agenda items (compare_items); empty when none were read
    content: dict[str, Counts] = dataclasses.field(default_factory=dict)  # CONTENT → counts (compare_content)

    @property
    def counts(self) -> dict[str, Counts]:
        """Every counted measure by name: SETS, "dagsorden" (the items) and CONTENT."""
        return {**self.sets, ITEMS: self.items, **{k: self.content.get(k, Counts()) for k in CONTENT}}


def compare(head: Head, gold: Meeting, reg: Registry, items: list[Item] | None = None) -> Score:
    """The head against the gold, and the agenda items when given."""
    score = compare_head(head, gold, reg)
    return dataclasses.replace(score, items=compare_items(items, gold.agenda)) if items is not None else score


def compare_head(head: Head, gold: Meeting, reg: Registry) -> Score:
    imported = {
        "deltagere": {_key(a.name) for a in head.attendees},
        "afbud": {_key(n) for n in head.absent},
        "delvis": {_key(a.name) for a in head.partial},
    }
    wanted = {
        "deltagere": _gold(reg, gold.attendees),
        "afbud": _gold(reg, gold.absent),
        "delvis": _gold(reg, (a for a in gold.attendees if a.items)),
    }
    sets = {k: Counts(len(imported[k] & wanted[k]), len(imported[k] - wanted[k]), len(wanted[k] - imported[k]))
            for k in SETS}
    shown = {
        "dato": (str(head.date or ""), str(gold.date)),
        "tid": (head.time, gold.time),
        "sted": (head.place, gold.place),
        "moede_nr": (str(head.number or ""), str(gold.number or "")),
        "referent": (_key(head.referent) if head.referent else "", _ref_key(reg, gold.referent)),
    }
    return Score(sets, {k: a == b for k, (a, b) in shown.items()}, shown)


def compare_items(items: list[Item], gold: list[AgendaItem]) -> Counts:
    """Agenda items by number and title: an imported item is a hit when the gold has an item
    with its number whose normalised title (case, spacing and punctuation ignored) is equal or
    at least SIMILAR % alike (rapidfuzz.fuzz.ratio)."""
    from rapidfuzz import fuzz

    wanted = {str(g.nr).upper(): _norm(g.title) for g in gold}
    hits = sum(1 for i in items if i.number in wanted
               and fuzz.ratio(_norm(i.title), wanted[i.number]) >= SIMILAR)
    return Counts(hits, len(items) - hits, len(wanted) - hits)


def compare_content(decisions: list[Decision], tasks: list[FoundTask], next_items: list[str],
                    gold: Meeting, reg: Registry) -> dict[str, Counts]:
    """Decisions by item and text: a found decision hits a gold decision of the same item whose
    text is ALIKE (each gold decision hit once). Tasks by their owners (as ids, "?" + the name
    where unresolved) and deadline date, as a multiset; "frister" counts only the deadlines
    (the gold tasks' dates, each found once). Next-meeting items by ALIKE text."""
    wanted = [(str(d.item).upper(), d.text) for d in gold.decisions]
    got = [(d.item, d.text) for d in decisions]
    gold_tasks = [(_owner_set(reg, (r.text for r in t.owners), gold.date), _gold_deadline(t.deadline_text, gold))
                  for t in gold.tasks]
    found_tasks = [(frozenset((*t.owners, *("?" + names.key(u) for u in t.unknown))), _found_deadline(t.deadline))
                   for t in tasks]
    return {
        "beslutninger": _matched(got, wanted, lambda a, b: a[0] == b[0] and _alike(a[1], b[1])),
        "opgaver": _matched(found_tasks, gold_tasks, lambda a, b: a == b),
        "frister": _matched([d for _o, d in found_tasks if d], [d for _o, d in gold_tasks if d], lambda a, b: a == b),
        "naeste": _matched(next_items, [str(n) for n in gold.next_meeting_items], _alike),
    }


def _matched(found: list[T], wanted: list[T], same: Callable[[T, T], bool]) -> Counts:
    """Found against wanted, one to one, each found taking the first wanted it matches."""
    left = list(wanted)
    hits = 0
    for f in found:
        if (k := next((i for i, w in enumerate(left) if same(f, w)), None)) is not None:
            left.pop(k)
            hits += 1
    return Counts(hits, len(found) - hits, len(left))


def _alike(a: str, b: str) -> bool:
    """Texts alike: rapidfuzz's partial_ratio (the shorter text against the best-matching part of
    the longer) of the normalised texts at least ALIKE; a decision cut shorter or longer than
    the gold's still counts, a different one does not."""
    from rapidfuzz import fuzz

    x, y = _norm(a), _norm(b)
    return bool(x and y) and fuzz.partial_ratio(x, y) >= ALIKE


def _owner_set(reg: Registry, written: Iterable[str], day: dt.date) -> frozenset[str]:
    return frozenset(owner(reg, w, day) or "?" + names.key(w) for w in written)


def _gold_deadline(text: str, gold: Meeting) -> str:
    try:
        return datoer.parse_deadline(text, gold.date.year, meeting_date=gold.date).date.isoformat() if text else ""
    except datoer.DateError:
        return ""


def _found_deadline(text: str) -> str:
    return datoer.parse_deadline(text, 2000).date.isoformat() if text else ""  # the year is always written


def _norm(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def _key(n: Name) -> str:
    return n.id or "?" + names.key(n.written)


def _ref_key(reg: Registry, ref: Ref | None) -> str:
    if ref is None:
        return ""
    p = reg.person(ref.text)
    return p.id if p else "?" + names.key(ref.text)


def _gold(reg: Registry, attendees: Iterable[Attendee]) -> set[str]:
    return {_ref_key(reg, a.person) if a.person else "?" + names.key(a.name) for a in attendees}


def without_aliases(full: Registry) -> Registry:
    """The registry with no person or organisation alias: what an archive that never saw the
    texts knows (ids, names, short forms). This repository's registries keep the seeds' damaged
    spellings as aliases, which would flatter an import of the seeds."""
    reg = copy.copy(full)
    reg.persons = {k: dataclasses.replace(p, aliases=()) for k, p in full.persons.items()}
    reg.organisations = {k: dataclasses.replace(o, aliases=()) for k, o in full.organisations.items()}
    reg.person_index = {names.key(n): p.id for p in reg.persons.values() for n in (p.id, p.name)}
    reg.org_index = {names.key(n): o.id for o in reg.organisations.values() for n in (o.id, o.name, o.short) if n}
    reg.__dict__.pop("short_index", None)  # made again from the persons without aliases
    return reg


def scores(texts: Path, archive: Path, aliases: bool = True) -> list[tuple[str, Score | None]]:
    """(text file, its score) for each .txt in texts, read with the archive's registries (without
    their aliases unless aliases) and compared with its meeting of the same date; None where no
    meeting has the date read. The one loop bench_import and the tests' floors share."""
    arc = Archive(archive, use_cache=False)
    golds = arc.meetings()
    reg = arc.registry if aliases else without_aliases(arc.registry)
    out: list[tuple[str, Score | None]] = []
    for path in sorted(texts.glob("*.txt")):
        minutes = read_minutes(path.read_text(encoding="utf-8"), reg)  # as `referat importer` reads it
        gold = next((m for m in golds if m.date == minutes.head.date), None)
        if gold is None:
            out.append((path.name, None))
            continue
        score = compare(minutes.head, gold, arc.registry, minutes.items)
        content = compare_content(minutes.decisions, minutes.tasks, minutes.next_items, gold, arc.registry)
        out.append((path.name, dataclasses.replace(score, content=content)))
    return out


def totals(scored: list[tuple[str, Score | None]]) -> dict[str, Counts]:
    """Every counted measure (SETS, "dagsorden", CONTENT) summed over the texts; ValueError for a
    text no meeting of the archive has the date of."""
    out: dict[str, Counts] = {}
    for name, score in scored:
        if score is None:
            raise ValueError(f"{name}: intet møde med den læste dato")
        for k, c in score.counts.items():
            out[k] = out.get(k, Counts()) + c
    return out
