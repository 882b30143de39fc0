"""Speed benchmark for `referat site` (issue 17): a full build and an incremental one at N meetings.

    PYTHONPATH=$PWD/src python3 bench/bench_site.py [--antal 1000] [--grupper 10] [--gentag 3]

Generates N meetings in G groups with bench_tjek's generator (the same realistic corpus the
other benchmarks use, in a temporary git repository), checks that `referat tjek` finds nothing,
then times `referat site --ud <tmp>/_site` as a user runs it, wall clock best of K, each in a
fresh process:
  (a) cold: no .referat-cache/ and no site yet (the first build on a new machine, in CI);
  (b) full: the archive's cache warm (tjek has run), no site yet (a build from scratch);
  (c) nothing changed: the site and the cache there, a build again;
  (d) one meeting changed: a line added to a meeting's minutes, a build again;
and counts the pages written and kept, from the command's last line. The issue's targets at
1,000 meetings on 2 cores: (b) under 30 s, (d) under 3 s. With --dokumenter every build also
makes each meeting's PDF and Word file (use a smaller --antal: a PDF takes seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tjek import ENV, make_corpus, referat_cmd, valid  # noqa: E402  (the corpus generator)

EXTRA: list[str] = []  # more options for every build (--dokumenter)


def _build(referat: list[str], root: Path) -> tuple[float, str]:
    start = time.perf_counter()
    run = subprocess.run([*referat, "site", "--ud", str(root / "_site"), *EXTRA], cwd=root, capture_output=True,
                         text=True, env=ENV)
    took = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"referat site sluttede med {run.returncode}:\n{run.stderr[-3000:]}")
    return took, (run.stdout.strip().splitlines() or [""])[-1]


def _best(k: int, before: Callable[[], None] | None, referat: list[str], root: Path) -> tuple[float, str]:
    best, said = float("inf"), ""
    for _ in range(k):
        if before:
            before()
        took, said = _build(referat, root)
        best = min(best, took)
    return best, said


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--antal", type=int, default=1000)
    ap.add_argument("--grupper", type=int, default=10)
    ap.add_argument("--gentag", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--dokumenter", action="store_true", help="også hvert mødes PDF og Word")
    args = ap.parse_args()
    EXTRA[:] = ["--dokumenter"] if args.dokumenter else []
    referat = referat_cmd()
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "arkiv"
        root.mkdir()
        make_corpus(root, args.antal, args.seed, args.grupper, dt.date.today())
        if not valid(referat, root):
            return 1
        site, cache = root / "_site", root / ".referat-cache"
        meeting = sorted((root / "moeder").glob("*/20*.md"))[len(list((root / "moeder").glob("*/20*.md"))) // 2]

        def clean() -> None:
            shutil.rmtree(site, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

        def no_site() -> None:
            shutil.rmtree(site, ignore_errors=True)

        def touch() -> None:
            with meeting.open("a", encoding="utf-8") as f:
                f.write("\nEn linje mere.\n")

        print(f"{os.cpu_count()} kerner; {args.antal} møder i {args.grupper} grupper; bedste af {args.gentag}"
              f"{'; med PDF og Word' if EXTRA else ''}")
        for label, before in (("koldt (ingen cache, ingen side)", clean), ("fuldt (varm cache, ingen side)", no_site),
                              ("intet ændret", None), (f"ét møde ændret ({meeting.name})", touch)):
            took, said = _best(args.gentag, before, referat, root)
            print(f"{label:40} {took:6.2f} s   {said}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
