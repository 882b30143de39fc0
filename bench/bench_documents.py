"""How long a secretary waits for each document in each format: `referat vis`, `dagsorden` and
`aarsrapport` on this repository's own minutes, run as the command a user types, best of N.

    PYTHONPATH=$PWD/src python3 bench/bench_documents.py [--gentag 5]

Prints one line per document and format: the best wall time, and the peak memory of the
largest process the run started (for docx that is pandoc).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {
    "referat (styregruppen 2025-03-14)": ["vis", "moeder/styregruppen/2025-03-14.md"],
    "dagsorden (børn og unge 2025-03-07)": ["dagsorden", "moeder/boern-og-unge/2025-03-07.md"],
    "årsrapport (børn og unge 2025)": ["aarsrapport", "2025", "-g", "boern-og-unge"],
}
FORMATS = ("md", "html", "pdf", "docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gentag", type=int, default=5)
    args = parser.parse_args()
    print(f"{os.cpu_count()} kerner; bedste af {args.gentag}")
    with tempfile.TemporaryDirectory() as folder:
        for name, command in DOCUMENTS.items():
            for fmt in FORMATS:
                best, peak = float("inf"), 0
                for _ in range(args.gentag):
                    target = Path(folder) / f"dokument.{fmt}"
                    start = time.perf_counter()
                    child = subprocess.Popen([sys.executable, "-m", "referat", *command, "--format", fmt,
                                              "--ud", str(target)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL)
                    _, status, usage = os.wait4(child.pid, 0)  # this run's own peak (and its pandoc's)
                    child.returncode = os.waitstatus_to_exitcode(status)
                    best = min(best, time.perf_counter() - start)
                    peak = max(peak, usage.ru_maxrss)
                    if child.returncode:
                        sys.exit(f"{name} {fmt}: referat sluttede med {child.returncode}")
                print(f"{name:38} {fmt:5} {best:5.2f} s  {peak // 1024:4d} MB")


if __name__ == "__main__":
    main()
