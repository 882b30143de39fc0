"""Danish as the documents write it: dictionary order, lists joined with 'og', and counts."""

from __future__ import annotations

from collections.abc import Iterable

_DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "é": "e", "ü": "y"})


def danish_key(text: str) -> str:
    """Sorts as a Danish dictionary does: æ, ø, å after z, and 'aa' as å (Aabenraa after Zealand)."""
    return text.casefold().replace("aa", "å").translate(_DANISH_ORDER)


def join_da(parts: Iterable[str]) -> str:
    """'A', 'A og B', 'A, B og C'; empty parts are left out."""
    kept = [p for p in parts if p]
    if len(kept) <= 1:
        return "".join(kept)
    return ", ".join(kept[:-1]) + " og " + kept[-1]


def count_da(n: int, one: str, many: str) -> str:
    """'1 punkt', '2 punkter', '0 punkter': Danish takes the singular for one alone."""
    return f"{n} {one if n == 1 else many}"
