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
LINK_OUTSIDE = "Linket peger uden for mødearkivet og følges ikke"  # F005


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
    reported and not followed; linked folders are not entered. A group's
    aarsrapport-<ÅR>.md is not a meeting file."""
    layout = Layout(root)
    base = os.path.join(root, MEETINGS_DIR)
    if os.path.isdir(base):
        _scan_folder(layout, base, MEETINGS_DIR, 0)
        layout.meetings.sort()
    return layout


def _scan_folder(layout: Layout, full: str, folder: str, depth: int) -> None:
    # os.scandir, not os.walk or pathlib: it knows links and folders without a call per file,
    # and this runs once per meeting on every command.
    with os.scandir(full) as it:
        entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    if depth == 1:
        layout.folders.append(folder.rsplit("/", 1)[1])
        if os.path.isfile(os.path.join(full, GROUP_FILE)):
            layout.groups.append(layout.folders[-1])
    for e in entries:
        if e.is_symlink() and not inside(layout.root, Path(e.path)):
            _outside(layout, layout.root, Path(e.path))
        elif e.is_dir(follow_symlinks=False):
            _scan_folder(layout, e.path, f"{folder}/{e.name}", depth + 1)
        elif e.name.endswith(".md") and not (depth == 1 and e.name.startswith(ANNUAL_PREFIX)):
            # (aarsrapport-<ÅR>.md is the network's text for the annual report, docs/format.md)
            layout.meetings.append(f"{folder}/{e.name}")


def _outside(layout: Layout, root: Path, p: Path) -> None:
    out = Collector(rel(root, p))
    out.error(None, "F005", LINK_OUTSIDE)
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
            out.error(None, "F005", LINK_OUTSIDE)
        return None
    with open(full, "rb") as f:
        return f.read()
