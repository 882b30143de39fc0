"""Which of the archive's groups old minutes belong to, from the group's name near their start
("REFERAT - Netværksgruppe Børn og Unge den …", "Styregruppen, rammeaftale Sjælland")."""

from __future__ import annotations

import re

from referat import names
from referat.model import Group

OPENING = 1500  # characters: the title and head of minutes; later text names other groups
_SMALL = {"for", "og", "i", "af", "til", "med", "om", "den", "det", "de"}
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(names.fold(text)) if w not in _SMALL]


def _phrase(words: list[str]) -> str:
    return " " + " ".join(words) + " "


def mentions(text: str, group: Group) -> bool:
    """Whether text names the group: its name's words in order, small words aside."""
    name = _words(group.name)
    return bool(name) and _phrase(name) in _phrase(_words(text))


def guess_group(text: str, groups: list[Group]) -> Group | None:
    """The group whose name (its words in order, small words aside) comes first in the opening of
    text: the title names the meeting's own group before the minutes mention others ("referat
    fra styregruppen i …"). Without a whole name, the group with the largest share of its name's
    words there, when that is at least two thirds and no other group has as much; else None."""
    opening = _words(text[:OPENING])
    joined = _phrase(opening)
    firsts = sorted((pos, g.id, g) for g in groups
                    if (name := _words(g.name)) and (pos := joined.find(_phrase(name))) >= 0)
    if firsts:
        return firsts[0][2]
    present = set(opening)
    shares = sorted(((len(set(w) & present) / len(set(w)), g) for g in groups if (w := _words(g.name) or [g.id])),
                    key=lambda s: s[0], reverse=True)
    if not shares or shares[0][0] < 2 / 3 or len(shares) > 1 and shares[1][0] == shares[0][0]:
        return None
    return shares[0][1]
