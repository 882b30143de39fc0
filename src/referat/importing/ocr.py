"""Repair of the damage OCR and text extraction leave in minutes, before anything is read.

- ligatures ("ﬁ") spelled out; soft hyphens, zero-width and control characters dropped;
- running page headers and footers (a line that comes back on several pages with only its
  digits changed) and page numbers ("Side 3 af 12", "- 3 -") removed;
- a word hyphenated at a line break joined: "implemen-\\ntering" → "implementering",
  "Hjulmand-\\nFrandsen" → "Hjulmand-Frandsen" (a capital after the hyphen: a compound name),
  while "børne- og ungeområdet" (a suspended compound) and "KL-\\nudvalg" keep their hyphen;
- letters OCR confuses with Danish ones (ø read as g, oe or a; æ as z, ze, ae or a; å as a or
  aa) put back, but only where the word as written is unknown and is a damaged form of
  exactly one known word: a word is never guessed. The damaged forms of the known words are
  made once (Vocabulary), so a word of the text costs one look-up. Lower-case words are
  repaired only to common words, capitalised ones also to the registries' names ("Kage" →
  "Køge" when Køge is an organisation; "kage" stays).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common Danish words with æ, ø or å that minutes use: the words letter repair may restore in
# lower case. Names come from the registries, not from here.
COMMON_WORDS = _words("""
    på så nå få går får står år året årets årlig både må mål måde måned måneder også
    sådan således næste nære nærmere første øvrige større mødes mødet møde møder
    møderne mødested mødeleder mødedato mødetid børn børne børnene børneområdet børnechef
    før først efter fælles fællesskab tværs særlig særligt særskilt følgende følge
    følger opfølgning støtte løse løsning løsninger drøfte drøftede drøftelse drøftelser
    præsentation præsenterede præsenterer præsentationsrunde ændring ændringer ændre
    område områder området områderne fokusområde fokusområder fokusområderne
    sekretær sekretariat sekretæren netværk netværket netværks netværksgruppe
    netværksgruppen netværksgrupper netværksmøde netværksmøder tilgængelig tilgængelige
    foreslåede foreslået være været hører høre høring hjælp hjælpe gør gøre gået
    behøver kræver krævet øget øge ønske ønsker ønsket udfordring udfordringer
    pårørende fraværende tilstede stående gæst gæster deltog godkendt godkendte
    beslutning konklusion bemærkninger bemærkning orientering opgave opgaver ansvarlig
    tidspunkt dagsorden referat referent afbud deltagere sted dato tid
    kommune kommuner kommunerne region regionen kl
""") | _words("""
    andre anden andet and mand mange gang gange dag dage sag sager lag tag mad lang lange
    god gode mod som og at af for med til er var har kan skal vil ind ud op over under ad hos
    da alle mens egen egne sige sagt sagde ses lave lavet gav give gives tage taget ager
""")  # plain words that only look like damaged ones ("andre", not "ændre")

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                            "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_STRAY = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:side|page|s\.)\s*\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–])\s*$",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SUSPENDED = frozenset(("og", "eller", "samt", "el", "&", "til", "som", "hhv", "henholdsvis"))
# a hyphen at the end of a line (or before a space where text extraction joined the lines)
_BROKEN = re.compile(r"(?P<left>\S+)-(?P<gap>[ \t]*\n[ \t]*|[ \t]+)(?P<right>[^\W\d_][\w-]*)")
_ADDRESS = re.compile(r"((?:https?://|www\.)\S+|\S+@\S+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# what OCR reads for a Danish letter (one character or two)
_DAMAGED: dict[str, tuple[str, ...]] = {"ø": ("g", "oe", "a"), "æ": ("z", "ze", "ae", "a"), "å": ("a", "aa")}
MAX_LETTERS = 4  # a known word with more æ, ø, å is not looked for in damaged forms (4^4 at most)


@dataclass(frozen=True)
class Change:
    """One repair, for a report: what stood, what stands now, and why."""

    before: str
    after: str
    why: str  # "orddeling", "sidehoved", "sidetal", "bogstav", "ligatur", "tegn" (once per character)


@dataclass
class Repaired:
    text: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Vocabulary:
    """Words letter repair may restore: common words (any case) and names (capitalised only),
    case-folded, each under every form OCR may have made of it ("mgde" → {"møde"})."""

    common: frozenset[str]
    names: frozenset[str]
    common_forms: dict[str, frozenset[str]]
    name_forms: dict[str, frozenset[str]]

    @classmethod
    def of(cls, names: Iterable[str], common: Iterable[str] = COMMON_WORDS) -> Vocabulary:
        words = {w.casefold() for n in names for w in _WORD.findall(n) if len(w) > 1}
        common_words = frozenset(w.casefold() for w in common)
        common_forms = _forms(common_words)
        # A registry may keep a damaged spelling as an alias ("Holbak" beside "Holbæk") so that
        # it resolves; as a word to repair towards, it would stop the repair. Drop those.
        name_forms = _forms(words)
        damaged = {w for w in words if name_forms.get(w, frozenset()) - {w}}
        kept = frozenset(words - damaged)
        return cls(common_words, kept, common_forms, _forms(kept))

    def knows(self, word: str) -> bool:
        w = word.casefold()
        return w in self.common or (word[:1].isupper() and w in self.names)

    def repairs(self, word: str) -> frozenset[str]:
        """The known words this word may be a damaged form of."""
        w = word.casefold()
        found = self.common_forms.get(w, frozenset())
        return found | self.name_forms.get(w, frozenset()) if word[:1].isupper() else found


def _forms(words: Iterable[str]) -> dict[str, frozenset[str]]:
    """damaged form → the words it may stand for, for every word with æ, ø or å."""
    found: dict[str, set[str]] = {}
    for word in words:
        spots = [i for i, c in enumerate(word) if c in _DAMAGED]
        if not spots or len(spots) > MAX_LETTERS:
            continue
        for chosen in itertools.product(*[(word[i], *_DAMAGED[word[i]]) for i in spots]):
            form = "".join(chosen[spots.index(i)] if i in spots else c for i, c in enumerate(word))
            if form != word:
                found.setdefault(form, set()).add(word)
    return {form: frozenset(ws) for form, ws in found.items()}


def repair(text: str, vocabulary: Vocabulary) -> Repaired:
    out = Repaired("")
    out.changes += [Change(c, c.translate(_LIGATURES), "ligatur") for c in sorted(set(text)) if ord(c) in _LIGATURES]
    out.changes += [Change(c, "", "tegn") for c in sorted(set(_STRAY.findall(text)))]
    cleaned = _STRAY.sub("", text.translate(_LIGATURES)).replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _drop_page_furniture(cleaned, out.changes)
    cleaned = _BROKEN.sub(lambda m: _join(m, vocabulary, out.changes), cleaned)
    # letters are repaired outside addresses only: "…-pa-det-…" in a link is no word
    seen: dict[str, str] = {}  # each distinct word is weighed once

    def letters(m: re.Match[str]) -> str:
        word = m[0]
        if word not in seen:
            seen[word] = _letters(word, vocabulary)
        if seen[word] != word:
            out.changes.append(Change(word, seen[word], "bogstav"))
        return seen[word]

    pieces = _ADDRESS.split(cleaned)
    out.text = "".join(p if i % 2 else _WORD.sub(letters, p) for i, p in enumerate(pieces))
    return out


def _drop_page_furniture(text: str, changes: list[Change]) -> str:
    """Without page numbers and running headers/footers: a line of a few words, with a digit
    in it, that stands on at least three pages with only its digits changed (a header with
    the page number or the date). A line with no digit is kept: "Beslutning:" comes back on
    every page of a steering group's minutes and is content."""
    pages = text.count("\f") + 1
    lines = text.replace("\f", "\n").split("\n")
    shapes = Counter(_DIGITS.sub("#", ln.strip()) for ln in lines if _DIGITS.search(ln))
    repeated = {s for s, n in shapes.items() if n >= max(3, pages // 2) and len(s.split()) <= 12}
    kept = []
    for ln in lines:
        if _PAGE_NUMBER.match(ln):
            changes.append(Change(ln.strip(), "", "sidetal"))
        elif _DIGITS.search(ln) and _DIGITS.sub("#", ln.strip()) in repeated:
            changes.append(Change(ln.strip(), "", "sidehoved"))
        else:
            kept.append(ln)
    return "\n".join(kept)


def _join(m: re.Match[str], vocabulary: Vocabulary, changes: list[Change]) -> str:
    left, gap, right = m["left"], m["gap"], m["right"]
    if right.casefold() in _SUSPENDED or left.endswith("-"):
        return m[0]  # "børne- og unge…": the hyphen stands for a word's second half
    if "\n" not in gap and not (left[:1].isupper() and right[:1].isupper()):
        return m[0]  # on one line, only "Hjulmand- Frandsen" is surely one name
    if "/" in left or "." in left.rstrip("."):
        joined = f"{left}-{right}"  # an address or abbreviation: its hyphen is real
    elif right[:1].isupper() or left[-1:].isdigit() or (left.isupper() and len(left) > 1):
        joined = f"{left}-{right}"  # "Hjulmand-Frandsen", "2025-2026", "KL-udvalg"
    elif vocabulary.knows(f"{left}-{right}") and not vocabulary.knows(left + right):
        joined = f"{left}-{right}"
    else:
        joined = left + right  # "implemen-tering": the hyphen was the line break's
    changes.append(Change(m[0], joined, "orddeling"))
    return joined


def _letters(word: str, vocabulary: Vocabulary) -> str:
    """The word with OCR's stand-ins for æ, ø, å put back, when it is a damaged form of exactly
    one known word and is not known itself."""
    if vocabulary.knows(word):
        return word
    found = vocabulary.repairs(word)
    return _cased(word, next(iter(found))) if len(found) == 1 else word


def _cased(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word
