"""How long `referat importer` takes per meeting: the four seed texts imported into a copy of
this repository without its meetings, run as the command a user types, best of N. Each text
alone (what importing one old referat costs, start-up included), then all four in one run
(the time per meeting when a secretariat imports its history).

    PYTHONPATH=$PWD/src python3 bench/bench_import_speed.py [--gentag 5]

The issue's target is under 2 s per meeting on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
KEEP = ("personer.yaml", "kommuner.yaml", "schema", "templates")


def _archive(folder: Path) -> Path:
    """This repository's registries and groups, no meetings, in a git repository of its own."""
    root = folder / "arkiv"
    root.mkdir(parents=True)
    for name in KEEP:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        elif src.exists():
            shutil.copy2(src, root / name)
    for group in (ROOT / "moeder").glob("*/gruppe.yaml"):
        (root / "moeder" / group.parent.name).mkdir(parents=True)
        shutil.copy2(group, root / "moeder" / group.parent.name / "gruppe.yaml")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _best(files: list[Path], repeat: int, folder: Path) -> float:
    best = float("inf")
    for i in range(repeat):
        root = _archive(folder / f"run{len(files)}-{i}-{files[0].stem}")
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "referat", "importer", *map(str, files)], cwd=root,
                             capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        if run.returncode:
            sys.exit(f"referat importer sluttede med {run.returncode}:\n{run.stderr}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gentag", type=int, default=5)
    args = parser.parse_args()
    print(f"{os.cpu_count()} kerner; bedste af {args.gentag}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for seed in SEEDS:
            print(f"{seed.name:28} alene      {_best([seed], args.gentag, folder):5.2f} s")
        total = _best(SEEDS, args.gentag, folder)
        print(f"{'alle ' + str(len(SEEDS)) + ' i én kørsel':28} i alt      {total:5.2f} s"
              f"  ({total / len(SEEDS):.2f} s pr. møde)")


if __name__ == "__main__":
    main()
