"""Names as a colleague matches them: the one matcher behind every suggestion for an unknown
name (`tjek`), `opgaver --ansvarlig` and anything else that turns written names into people.

Exact spellings (id, name, alias) are the registry's own index (registry.py). Beyond them:
- a short form of a registered name, first name and surname without the middle names
  ("Rikke Laursen" for Rikke Kvistgaard Laursen), resolves when exactly one person has it;
- a first name with an organisation, as minutes write it ("Lone (Køge)"), resolves when the
  organisation has exactly one person of that first name on the meeting's date;
- a name that differs only in its middle names (more, fewer, or an initial for one:
  "Pia Fjord Nielsen", "Pia F. Nielsen") counts as SIMILARITY alike when the person is of
  the organisation written with it (else of any on the day, where a day is given), so it is
  a candidate and resolves when it is the only one;
- anything else gets a suggestion only when it is at least SIMILARITY per cent alike
  (rapidfuzz's Indel ratio on the folded names), never for a single word other than an exact
  first name, never a person the registry notes as `ikke_samme_som` the one the name is of.

rapidfuzz is imported only when a suggestion is sought: a name that resolves never needs it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from referat.model import Person
    from referat.registry import Registry

SIMILARITY = 85  # per cent: "Helle Stiesen" → Helle Stisen (96), not "Lone Hansen" → Lone Jensen (82)
SURNAME_SIMILARITY = 75  # per cent: a shared first name alone is no match ("Hansen"/"Jensen": 67)
CLOSE = 5  # per cent: candidates this close to the best are all named ("flere mulige")

Ratio = Callable[[str, str], float]  # rapidfuzz.fuzz.ratio, imported when needed

_WITH_ORG = re.compile(r"^(?P<first>[^\s()]+)\s*\((?P<org>[^()]+)\)$")  # "Lone (Køge)"
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@functools.lru_cache(maxsize=4096)  # a few hundred names, looked up some 60 times per meeting
def key(text: str) -> str:
    """The form names are compared in: case, spacing and a trailing full stop ignored."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold().rstrip(".")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The form names are compared in for similarity: the key, with æ, ø, å spelled out and
    accents dropped, so "Holbek" is as near "Holbæk" as "Holbaek" is."""
    decomposed = unicodedata.normalize("NFKD", key(text).translate(_DANISH))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def first_name(name: str) -> str:
    return fold(name).split(" ", 1)[0]


def short_forms(persons: dict[str, Person], taken: dict[str, str]) -> dict[str, str]:
    """key of "first name surname" → person id, for each name with middle names whose short
    form no other person shares and no registered spelling already is."""
    found: dict[str, list[str]] = {}
    for pid, p in persons.items():
        words = p.name.split()
        if len(words) > 2:
            found.setdefault(key(f"{words[0]} {words[-1]}"), []).append(pid)
    return {k: ids[0] for k, ids in found.items() if len(ids) == 1 and k not in taken}


@dataclass(frozen=True)
class WithOrganisation:
    """A first name with an organisation ("Lone (Køge)"): who it can be on the day."""

    first: str
    organisation: str  # the organisation's name
    candidates: tuple[Person, ...]


def with_organisation(reg: Registry, text: str, day: dt.date | None) -> WithOrganisation | None:
    """The people a "Fornavn (Organisation)" can be: that first name (or a one-word alias)
    and affiliated with the organisation on the day (any time, without a day); None when the
    text has not that form or names no known organisation."""
    m = _WITH_ORG.match(text.strip())
    org = reg.organisation(m["org"]) if m else None
    if m is None or org is None:
        return None
    wanted = fold(m["first"])
    found = sorted((p for p in reg.persons.values()
                    if wanted in _first_names(p) and any(
                        reg.organisation(a.organisation.text) is org and (day is None or a.on(day))
                        for a in p.affiliations)), key=lambda p: p.name)
    return WithOrganisation(m["first"], org.name, tuple(found))


def _first_names(p: Person) -> set[str]:
    return {first_name(p.name)} | {fold(a) for a in p.aliases if " " not in a.strip()}


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    score: float
    tier: int  # 2: of the organisation named with it on the day; 1: has an organisation on the day; 0: else


def candidates(reg: Registry, text: str, persons: bool = True, organisations: bool = False,
               day: dt.date | None = None, organisation: str | None = None) -> list[Candidate]:
    """Who an unknown name may mean, best first: at least SIMILARITY alike and within CLOSE of
    the best; among those, only the ones of the best tier. organisation (an id) is the one the
    name is written with: its people on the day are preferred, then anyone's on the day."""
    from rapidfuzz.fuzz import ratio  # only here: only an unknown name needs it

    wanted = fold(text)
    found: list[Candidate] = []
    if persons:
        found += _people(reg, wanted, day, organisation, ratio)
    if organisations:
        for oid, org in reg.organisations.items():
            score = max(ratio(wanted, fold(n)) for n in (oid, org.name, org.short, *org.aliases) if n)
            if score >= SIMILARITY:
                found.append(Candidate(oid, org.name, score, 0))
    if not found:
        return []
    best = max(c.score for c in found)
    close = [c for c in found if c.score >= best - CLOSE]
    tier = max(c.tier for c in close)
    return sorted((c for c in close if c.tier == tier), key=lambda c: (-c.score, c.name))


def _people(reg: Registry, wanted: str, day: dt.date | None, organisation: str | None,
            ratio: Ratio) -> list[Candidate]:
    words = wanted.split(" ")
    scores: dict[str, float] = {}
    for pid, p in reg.persons.items():
        if len(words) == 1:  # a first name alone: only that first name, never a look-alike
            score = 100.0 if wanted in _first_names(p) else 0.0
        else:
            score = max((ratio(wanted, f) for f in _forms(p)
                         if " " in f and ratio(words[-1], f.rsplit(" ", 1)[-1]) >= SURNAME_SIMILARITY), default=0.0)
            if score < SIMILARITY and any(_middle_names_apart(words, f.split(" "), ratio) for f in _forms(p)) \
                    and _tier(reg, p, day, organisation) >= (2 if organisation else 1 if day else 0):
                score = SIMILARITY  # the least a suggestion needs: a nearer name comes first
        if score >= SIMILARITY:
            scores[pid] = score
    for pid in list(scores):
        # The registry says these look alike but are others: never offer one for a name that
        # is the other's (its first name), nor where the other is nearer.
        for other in reg.not_same.get(pid, ()):
            if other in scores and scores[other] > scores[pid] or \
                    words[0] == first_name(reg.persons[other].name) != first_name(reg.persons[pid].name):
                scores.pop(pid, None)
    return [Candidate(pid, reg.persons[pid].name, score, _tier(reg, reg.persons[pid], day, organisation))
            for pid, score in scores.items()]


def _middle_names_apart(written: list[str], registered: list[str], ratio: Ratio) -> bool:
    """The same name but for its middle names: the same first name, and every further word of
    the shorter name found in order in the longer, alike (SIMILARITY), or as its initial
    ("F." for Fjord), one of them a whole word. "Pia Fjord Nielsen" / "Pia F. Nielsen",
    "Nanett Babet Flamgaard" / "Nanett Flamgaard", "Lone Nygaard" / "Lone Nygaard Jensen"."""
    if len(written) < 2 or len(registered) < 2 or written[0] != registered[0]:
        return False
    short, long = sorted((written[1:], registered[1:]), key=len)
    whole, at = False, 0
    for word in short:
        for k in range(at, len(long)):
            if _initial(word, long[k]) or _initial(long[k], word):
                break
            if ratio(word, long[k]) >= SIMILARITY:
                whole = True
                break
        else:
            return False
        at = k + 1
    return whole


def _initial(word: str, of: str) -> bool:
    """word is the initial of of: "f." or "f" for "fjord"."""
    return len(word.rstrip(".")) == 1 and len(of.rstrip(".")) > 1 and of.startswith(word[0])


def _forms(p: Person) -> list[str]:
    words = p.name.split()
    short = [f"{words[0]} {words[-1]}"] if len(words) > 2 else []
    return [fold(n) for n in (p.name, *short, *p.aliases)]


def _tier(reg: Registry, p: Person, day: dt.date | None, organisation: str | None) -> int:
    if day is None:
        return 0
    aff = p.affiliation_on(day)
    if aff is None:
        return 0
    org = reg.organisation(aff.organisation.text)
    return 2 if organisation and org is not None and org.id == organisation else 1


def suggestion(found: list[Candidate]) -> str:
    """What a user sees: "mente du 'Helle Stisen' (helle-stisen)?", "flere mulige: 'A' (a),
    'B' (b)", or nothing."""
    shown = [f"'{c.name}' ({c.id})" for c in found]
    if len(shown) == 1:
        return f"mente du {shown[0]}?"
    return "flere mulige: " + ", ".join(shown) if shown else ""
