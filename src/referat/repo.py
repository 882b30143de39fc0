"""Where a minutes repository's files are, and which of them may be read."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from referat.errors import ReferatError
from referat.findings import Collector

MEETINGS_DIR = "moeder"
PERSONS_FILE = "personer.yaml"
ORGS_FILE = "kommuner.yaml"
GROUP_FILE = "gruppe.yaml"
# moeder/<gruppe>/aarsrapport-<ÅR>.md: the network's own words for the annual report, not a meeting
ANNUAL_PREFIX = "aarsrapport-"


def find_root(start: Path) -> Path:
    """The nearest folder at or above start that holds moeder/ or personer.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MEETINGS_DIR).is_dir() or (folder / PERSONS_FILE).is_file():
            return folder
    raise ReferatError(f"Fandt intet mødearkiv i {start} eller mapperne over den "
                       f"(et mødearkiv har mappen {MEETINGS_DIR}/ og filen {PERSONS_FILE})")


@dataclass
class Layout:
    root: Path
    meetings: list[str] = field(default_factory=list)  # relative paths, sorted
    groups: list[str] = field(default_factory=list)  # group folder names with a gruppe.yaml
    folders: list[str] = field(default_factory=list)  # every folder under moeder/
    findings: list = field(default_factory=list)


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def inside(root: Path, path: Path) -> bool:
    """Whether path, with every link followed, stays inside root."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def scan(root: Path) -> Layout:
    """Every meeting file and group folder. Links that lead outside the repository are
    reported and not followed. A group's aarsrapport-<ÅR>.md is not a meeting file."""
    layout = Layout(root)
    base = root / MEETINGS_DIR
    if not base.is_dir():
        return layout
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        here = Path(dirpath)
        dirnames.sort()
        for name in list(dirnames):
            if name.startswith("."):
                dirnames.remove(name)
                continue
            p = here / name
            if p.is_symlink() and not inside(root, p):
                _outside(layout, root, p)
                dirnames.remove(name)
        depth = len(here.relative_to(base).parts)
        if depth == 1:
            layout.folders.append(here.name)
            if (here / GROUP_FILE).is_file():
                layout.groups.append(here.name)
        folder = rel(root, here)
        for name in sorted(filenames):  # plain strings: this loop runs once per meeting
            if not name.endswith(".md") or name.startswith("."):
                continue
            if depth == 1 and name.startswith(ANNUAL_PREFIX):
                continue  # the network's text for the annual report (docs/format.md)
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and not inside(root, Path(full)):
                _outside(layout, root, Path(full))
                continue
            layout.meetings.append(f"{folder}/{name}")
    layout.meetings.sort()
    return layout


def _outside(layout: Layout, root: Path, p: Path) -> None:
    out = Collector(rel(root, p))
    out.error(None, "F005", "Linket peger uden for mødearkivet og følges ikke")
    layout.findings.extend(out.findings)


def group_folder(path: str) -> str | None:
    """moeder/<gruppe>/<fil>.md → <gruppe>; None for a file anywhere else."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == MEETINGS_DIR:
        return parts[1]
    return None


def read_bytes(root: Path, path: str, out: Collector | None = None) -> bytes | None:
    """The file's bytes; None (and a finding) for a link that leads out of the repository.
    Only a link can lead out: scan() never descends into linked folders, and paths named on
    the command line are checked when they are given. Plain os calls: this runs once per
    meeting, and pathlib's overhead was a third of a warm check."""
    full = os.path.join(root, path)
    if os.path.islink(full) and not inside(root, Path(full)):
        if out is not None:
            out.error(None, "F005", "Linket peger uden for mødearkivet og følges ikke")
        return None
    with open(full, "rb") as f:
        return f.read()
