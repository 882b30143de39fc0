"""Which group and which meeting a command is about: --gruppe, and MØDE (the path of a meeting
file, its date, or 'naeste' for the group's next meeting).

Meetings are found by their paths alone (moeder/<gruppe>/<dato>.md), so nothing is read to
find one; select() then reads the one found. A file that cannot be read is still found, and
refused with a message that says so, rather than reported missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from referat import datoer, repo
from referat.archive import Archive
from referat.errors import ReferatError
from referat.findings import Finding
from referat.model import Group, Meeting

NEXT_WORDS = ("naeste", "næste")


# --- which group -------------------------------------------------------------------------------


_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "é": "e",
                              "-": " ", "_": " "})


def _folded(text: str) -> str:
    """The form --gruppe is compared in: any case, æøå spelt out as in ids (boern), hyphens as
    spaces, one space between words."""
    return " ".join(text.casefold().translate(_SPELLED_OUT).split())


def named_group(rep: Archive, wanted: str) -> Group:
    """The group --gruppe names: its id or name, or a part of either, in any case and with or
    without æ, ø and å ('Børn og Unge', 'boern', 'styregruppe'). A part that fits several
    groups, or none, is refused with the groups to choose from. Every --gruppe comes here."""
    groups = rep.registry.groups
    key = _folded(wanted)
    names = {gid: {_folded(gid), _folded(g.name)} for gid, g in groups.items()}
    found = sorted(gid for gid, known in names.items() if key in known)
    if not found and key:
        found = sorted(gid for gid, known in names.items() if any(key in k for k in known))
    if len(found) == 1:
        return groups[found[0]]
    if found:
        raise ReferatError(f"'{wanted}' passer på flere grupper; skriv mere af navnet eller gruppens id: "
                           f"{_listed(rep, found)}")
    raise ReferatError(f"Ukendt gruppe '{wanted}'. Grupperne er: {_listed(rep, sorted(groups)) or '(ingen)'}")


def _listed(rep: Archive, ids: list[str]) -> str:
    """'boern-og-unge (Netværksgruppe Børn og Unge), styregruppen (Styregruppen)'."""
    groups = rep.registry.groups
    return ", ".join(gid if groups[gid].name == gid else f"{gid} ({groups[gid].name})" for gid in ids)


def choose_group(rep: Archive, wanted: str | None, active: Callable[[Group], bool] | None = None,
                 when: str = "", hint: str = "") -> Group:
    """The group a command is about: the one --gruppe names; else the archive's only group;
    else, when active is given, the only group active (say, with meetings `when` = 'i 2025';
    hint follows the message that none is)."""
    if wanted:
        return named_group(rep, wanted)
    groups = rep.registry.groups
    if not groups:
        raise ReferatError(f"Mødearkivet har ingen grupper ({repo.MEETINGS_DIR}/<gruppe>/{repo.GROUP_FILE})")
    if len(groups) == 1:
        return next(iter(groups.values()))
    chosen = sorted(gid for gid, g in groups.items() if active is None or active(g))
    if len(chosen) == 1:
        return groups[chosen[0]]
    if not chosen:
        raise ReferatError(f"Ingen gruppe har møder {when}{hint}")
    several = "Mødearkivet har flere grupper" if active is None else f"Flere grupper har møder {when}"
    raise ReferatError(f"{several}; vælg én med --gruppe: {_listed(rep, chosen)}")


def group_name(rep: Archive, folder: str) -> str:
    """The name of the group in moeder/<folder>/, or the folder when it has no gruppe.yaml."""
    group = rep.registry.groups.get(folder)
    return group.name if group else folder


# --- which meeting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Dated:
    path: str
    group: str  # the group folder
    date: dt.date  # from the file's name


def _dated(rep: Archive, group: Group | None) -> list[_Dated]:
    """Every meeting file in a group folder (or in the group's) that is named after a date."""
    return [_Dated(path, rep.group_of(path), day) for path, day in rep.dates(group.id if group else None).items()]



def find_meeting(rep: Archive, wanted: str, group_wanted: str | None, today: dt.date, cwd: Path) -> str:
    """The repository-relative path of the meeting file MØDE names: a path to it, its date
    (ISO or Danish), or 'naeste' (the group's next meeting on or after today). group_wanted
    (--gruppe, id or name) chooses among groups that met the same day."""
    text = wanted.strip()
    if not text:
        raise ReferatError("Angiv mødet: stien til mødefilen eller mødets dato, fx 2025-03-07")
    group = named_group(rep, group_wanted) if group_wanted else None
    if text.casefold() in NEXT_WORDS:
        return _next(rep, group, today)
    as_path = Path(text) if Path(text).is_absolute() else cwd / text
    if as_path.exists():
        return _by_path(rep, group, text, as_path)
    try:
        day = datoer.parse_option(text, today)
    except datoer.DateError as exc:
        if isinstance(exc, datoer.NotADate) and _looks_like_path(text):
            return _by_path(rep, group, text, as_path)
        if isinstance(exc, datoer.NotADate) or not any(c in "0123456789" for c in text):  # 'marts', 'primo juni'
            raise ReferatError(f"Kan ikke finde mødet '{text}'. Skriv stien til en mødefil "
                               "(fx moeder/boern-og-unge/2025-03-07.md), mødets dato (2025-03-07 eller "
                               "7. marts 2025) eller 'naeste' for gruppens næste møde") from None
        raise ReferatError(str(exc)) from None  # a date that does not exist: '31/2'
    return _by_date(rep, group, day)


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.lower().endswith(".md")


def _by_path(rep: Archive, group: Group | None, text: str, path: Path) -> str:
    if not path.exists():
        raise ReferatError(f"Mødefilen '{text}' findes ikke")
    if path.is_dir():
        raise ReferatError(f"'{text}' er en mappe; skriv stien til en mødefil ({repo.MEETINGS_DIR}/<gruppe>/<dato>.md)")
    if not repo.inside(rep.root, path):
        raise ReferatError(f"'{text}' ligger uden for mødearkivet {rep.root}")
    rel = repo.rel(rep.root.resolve(), path.parent.resolve() / path.name)  # the file itself may be a link
    folder = repo.group_folder(rel)
    if folder is None or rel not in rep.layout.meetings:
        raise ReferatError(f"'{text}' er ikke en mødefil; mødefiler ligger i "
                           f"{repo.MEETINGS_DIR}/<gruppe>/<dato>.md")
    if group is not None and folder != group.id:
        raise ReferatError(f"{rel} er et møde i {group_name(rep, folder)}, ikke i {group.name}")
    return rel


def _by_date(rep: Archive, group: Group | None, day: dt.date) -> str:
    pool = _dated(rep, group)
    found = [c for c in pool if c.date == day]
    where = f" i {group.name}" if group else ""
    if not found:
        near = sorted(pool, key=lambda c: (abs((c.date - day).days), c.date))[:3]
        hint = ""
        if near:
            hint = ". Nærmeste møder: " + ", ".join(
                f"{datoer.format_date(c.date)}" + ("" if group else f" ({c.group})")
                for c in sorted(near, key=lambda c: c.date))
        raise ReferatError(f"Der er intet møde{where} den {datoer.format_date(day)}{hint}")
    if len(found) > 1:
        names = " og ".join(group_name(rep, c.group) for c in found)
        raise ReferatError(f"{names} holdt begge møde den {datoer.format_date(day)}; vælg gruppen med --gruppe "
                           f"({', '.join(c.group for c in found)})")
    return found[0].path


def _next(rep: Archive, group: Group | None, today: dt.date) -> str:
    pool = [c for c in _dated(rep, group) if c.date >= today]
    if not pool:
        where = f" i {group.name}" if group else ""
        raise ReferatError(f"Der er intet møde{where} den {datoer.format_date(today)} eller senere; "
                           "opret det med 'referat ny" + (f" --gruppe {group.id}" if group else "") + "'")
    first: dict[str, _Dated] = {}
    for c in sorted(pool, key=lambda c: (c.date, c.path)):
        first.setdefault(c.group, c)
    if len(first) > 1:
        listed = ", ".join(f"{g} ({datoer.format_date(c.date)})" for g, c in sorted(first.items()))
        raise ReferatError(f"Flere grupper har et kommende møde; vælg én med --gruppe: {listed}")
    return next(iter(first.values())).path


@dataclass(frozen=True)
class Selected:
    meeting: Meeting
    findings: tuple[Finding, ...]  # what reading the file found; errors mean `tjek` has more to say


def select(rep: Archive, wanted: str, group_wanted: str | None, today: dt.date, cwd: Path) -> Selected:
    """The meeting MØDE names (see find_meeting), read; refused when it cannot be read as a
    meeting with an agenda."""
    path = find_meeting(rep, wanted, group_wanted, today, cwd)
    meeting, findings = rep.meeting(path)
    if meeting is None or not meeting.agenda:
        raise ReferatError(f"{path} kan ikke læses som et møde; kør 'referat tjek {path}' for at se fejlene")
    return Selected(meeting, tuple(findings))
