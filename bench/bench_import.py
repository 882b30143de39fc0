"""Quality benchmark for the importer (issue 16): how much of a meeting's head and agenda it reads.

    PYTHONPATH=$PWD/src python3 bench/bench_import.py [--tekster DIR] [--arkiv DIR] [--uden-aliaser]

For each OCR'd text in DIR (default tests/fixtures/seeds, copies of ../shared/seeds), reads its
head with referat.importing.head and scores it against the hand-made meeting of the same date
in the archive (default tests/fixtures/arkiv, the frozen copy of this repository's meetings),
read with referat's own meeting reader: precision, recall and F1 of attendees, absences and
partial attendance (by person id), agenda items (referat.importing.items, by number and
title: equal or 90 % alike, see score.compare_items), decisions (by item and text), tasks (by
owners and deadline), the tasks' deadlines alone ("frister") and next-meeting items ("naeste", by
text; see score.compare_content), and exact match of date, time, place, meeting number and
referent. Prints a Markdown table (one row per text, totals last; "(15 af 15)": people found
of those in the gold; the figures in docs/import.md).

The registries of this repository were made from these very texts, and keep their damaged
spellings as aliases ("Holbak", "Christel Jgrgensen"). --uden-aliaser reads the texts with
every alias dropped (id, name and the short form left), as an archive that has never seen
them would; the gold is still resolved with the whole registry.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from referat.importing.score import CONTENT, EXACT, ITEMS, SETS, Counts, Score, scores

ROOT = Path(__file__).resolve().parent.parent


COUNTED = (*SETS, ITEMS, *CONTENT)


def table(rows: list[tuple[str, Score | None]]) -> str:
    head = ["tekst", *[f"{k} P/R/F1" for k in COUNTED], *EXACT]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    totals = {k: Counts() for k in COUNTED}
    right = dict.fromkeys(EXACT, 0)
    for name, score in rows:
        if score is None:
            cells = ["intet guldmøde med den læste dato"] + [""] * (len(head) - 2)
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
            for k in COUNTED:
                totals[k] += Counts(missed=1)
            continue
        counts = score.counts
        for k in COUNTED:
            totals[k] += counts[k]
        for k in EXACT:
            right[k] += score.exact[k]
        lines.append(f"| {name} | " + " | ".join([*(_prf(counts[k]) for k in COUNTED),
                                                 *(_mark(score, k) for k in EXACT)]) + " |")
    lines.append("| **i alt** | " + " | ".join([*(_prf(totals[k]) for k in COUNTED),
                                                *(f"{right[k]}/{len(rows)}" for k in EXACT)]) + " |")
    return "\n".join(lines)


def _prf(c: Counts) -> str:
    return f"{c.precision:.2f}/{c.recall:.2f}/{c.f1:.2f} ({c.hits} af {c.hits + c.missed})"


def _mark(score: Score, k: str) -> str:
    got, gold = score.shown[k]
    return "ja" if score.exact[k] else f"nej ({got or '–'} ≠ {gold or '–'})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tekster", type=Path, default=ROOT / "tests/fixtures/seeds")
    ap.add_argument("--arkiv", type=Path, default=ROOT / "tests/fixtures/arkiv")
    ap.add_argument("--uden-aliaser", action="store_true", help="læs teksterne uden registrenes aliaser")
    args = ap.parse_args()
    print(table(scores(args.tekster, args.arkiv, aliases=not args.uden_aliaser)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
