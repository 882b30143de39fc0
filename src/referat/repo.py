"""Where a minutes repository's files are, and the one way any of them is read.

Every file may come from a pull request nobody vetted, so a file is read only if it is a
plain file under a plain name: a link is never followed (whatever it points at), a FIFO or
device is never opened, a name that is not UTF-8 is never used, and a file that cannot be
read is a finding about that file, not the end of the run (docs/format.md, *Filer og links*).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from referat.errors import ReferatError
from referat.findings import Collector, Finding
from referat.rules import Rule
from referat.source import MAX_BYTES, too_large

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
    findings: list[Finding] = field(default_factory=list)


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
    """Every meeting file and group folder under moeder/, without following a link: a linked
    or unreadable folder, and any entry with an unusable name, is a finding and is not
    entered; a meeting file that is a link or no plain file is listed, and reading it says
    so. A group's aarsrapport-<ÅR>.md is not a meeting file."""
    layout = Layout(root)
    out = Collector(MEETINGS_DIR)
    try:
        st = os.lstat(os.path.join(root, MEETINGS_DIR))
    except FileNotFoundError:
        return layout
    except OSError as exc:
        _cannot_read(out, exc, "Mappen")
    else:
        if stat.S_ISDIR(st.st_mode):
            _scan_folder(layout, os.path.join(root, MEETINGS_DIR), MEETINGS_DIR, 0)
            layout.meetings.sort()
        else:
            _not_plain(out, st.st_mode, folder=True)
    layout.findings[:0] = out.findings
    return layout


def _scan_folder(layout: Layout, full: str, folder: str, depth: int) -> None:
    # os.scandir, not os.walk or pathlib: it knows links and folders without a call per file,
    # and this runs once per meeting on every command.
    try:
        with os.scandir(full) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        out = Collector(folder)
        _cannot_read(out, exc, "Mappen")
        layout.findings += out.findings
        return
    if depth == 1:
        layout.folders.append(folder.rsplit("/", 1)[1])
    for e in entries:
        path = f"{folder}/{e.name}"
        if not e.name.isprintable() and _bad_name(path, e.name, layout):
            continue
        # A file's name says it is to be read, whatever it is: reading it says what is wrong.
        if depth == 1 and e.name == GROUP_FILE:
            layout.groups.append(layout.folders[-1])
        elif e.name.endswith(".md") and not (depth == 1 and e.name.startswith(ANNUAL_PREFIX)):
            # (aarsrapport-<ÅR>.md is the network's text for the annual report, docs/format.md)
            layout.meetings.append(path)
        elif e.is_dir(follow_symlinks=False):
            _scan_folder(layout, e.path, path, depth + 1)
        elif e.is_symlink():  # a linked folder, or a linked file nothing reads: said once, here
            out = Collector(path)
            _not_plain(out, stat.S_IFLNK)
            layout.findings += out.findings


def _bad_name(path: str, name: str, layout: Layout) -> bool:
    out = Collector(path)
    _name(out, name)
    layout.findings += out.findings
    return bool(out.findings)


def date_in_name(path: str) -> dt.date | None:
    """moeder/<gruppe>/2025-03-07.md → 7 March 2025: a meeting's date by its file's name (the
    name and the `dato` in the file must agree: D002). Plain string work, as PurePosixPath's
    stem costs more than the rest when it runs for every file of a large archive."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    try:
        return dt.date.fromisoformat(name[:dot] if dot > 0 else name)
    except ValueError:
        return None


def group_folder(path: str) -> str | None:
    """moeder/<gruppe>/<fil>.md → <gruppe>; None for a file anywhere else."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == MEETINGS_DIR:
        return parts[1]
    return None


# --- reading: the one way a file of the archive is read -------------------------------------------

_KIND = {stat.S_IFREG: "en almindelig fil", stat.S_IFDIR: "en mappe", stat.S_IFIFO: "en navngiven pipe (FIFO)",
         stat.S_IFSOCK: "en socket", stat.S_IFCHR: "en enhedsfil", stat.S_IFBLK: "en enhedsfil"}

_NO_ACCESS = "referat har ikke adgang til at læse den"
_WHY = {errno.EACCES: _NO_ACCESS, errno.EPERM: _NO_ACCESS, errno.ENOENT: "den findes ikke (længere)",
        errno.ENOTDIR: "en del af stien er ikke en mappe", errno.ENAMETOOLONG: "navnet er for langt"}


def _name(out: Collector, name: str) -> None:
    """F008 for a name that is not UTF-8 (Python holds its bytes as surrogates) or that holds
    control characters (a newline, an escape sequence)."""
    if name.isprintable():  # the common case, in C; a few good names fail it (a no-break space)
        return
    kinds = {unicodedata.category(c) for c in name}
    what = "Navnet er ikke UTF-8" if "Cs" in kinds else "Navnet indeholder styretegn (fx et linjeskift)" \
        if "Cc" in kinds else None
    if what:
        out.report(Rule.F008, None, f"{what}, så referat læser den ikke",
                   "Omdøb den (fx med git mv) til et navn i UTF-8 uden styretegn")


def _not_plain(out: Collector, mode: int, folder: bool = False) -> None:
    """F005 for a link (every link alike: where it points is never looked at), F007 for
    anything else that is not what its place calls for."""
    if stat.S_ISLNK(mode):
        out.report(Rule.F005, None, "Dette er et link, og referat følger ikke links",
                   "Læg den rigtige fil eller mappe her i stedet for linket")
    elif folder:
        out.report(Rule.F007, None, f"Er {_KIND.get(stat.S_IFMT(mode), 'en fil')}, ikke en mappe",
                   f"Mødearkivets møder ligger i mappen {MEETINGS_DIR}/<gruppe>/")
    else:
        out.report(Rule.F007, None, f"Filen er {_KIND.get(stat.S_IFMT(mode), 'en særlig fil')}, ikke en almindelig fil",
                   "Slet den, og læg en almindelig tekstfil i stedet")


def _cannot_read(out: Collector, exc: OSError, what: str = "Filen") -> None:
    if exc.errno == errno.ELOOP:  # open(O_NOFOLLOW) met a link that came after the lstat
        _not_plain(out, stat.S_IFLNK)
        return
    why = _WHY.get(exc.errno or 0, exc.strerror or str(exc))
    out.report(Rule.F009, None, f"{what} kan ikke læses: {why}",
               "Giv læseadgang (chmod a+r; en mappe: chmod a+rx), eller fjern den fra mødearkivet"
               if exc.errno in (errno.EACCES, errno.EPERM) else "")


def _plain(st: os.stat_result, out: Collector) -> bool:
    """Whether the file may be read: a regular file no larger than MAX_BYTES."""
    if not stat.S_ISREG(st.st_mode):
        _not_plain(out, st.st_mode)
        return False
    if st.st_size > MAX_BYTES:
        too_large(st.st_size, out)
        return False
    return True


def stat_file(root: Path, path: str, out: Collector) -> os.stat_result | None:
    """The lstat of the file root/path, or None with a finding: an unusable name, a link, no
    regular file, too large, or no access. One lstat; a warm run trusts the cache with it."""
    _name(out, path)
    if out.findings:
        return None
    try:
        st = os.lstat(os.path.join(root, path))
    except OSError as exc:
        _cannot_read(out, exc)
        return None
    return st if _plain(st, out) else None


def read_bytes(root: Path, path: str, out: Collector | None = None, st: os.stat_result | None = None) -> bytes | None:
    """The bytes of the file root/path (a path relative to root with forward slashes), or None
    with a finding in out saying why not. Every file of the archive is read here. st is the
    file's stat_file() when the caller already has it.

    The lstat decides before anything is opened; open() with O_NOFOLLOW (a link put there
    since fails) and O_NONBLOCK (a FIFO put there since cannot hang it), then fstat, make
    sure the file read is the one checked. Plain os calls: this runs once per meeting."""
    out = out if out is not None else Collector(path)
    if st is None and (st := stat_file(root, path, out)) is None:
        return None
    try:
        fd = os.open(os.path.join(root, path), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        _cannot_read(out, exc)
        return None
    with open(fd, "rb") as f:
        try:
            if not _plain(os.fstat(fd), out):
                return None
            raw = f.read(MAX_BYTES + 1)  # never more, even if the file grew since its stat
        except OSError as exc:
            _cannot_read(out, exc)
            return None
    if len(raw) > MAX_BYTES:
        too_large(len(raw), out)
        return None
    return raw


def read_required(root: Path, path: str) -> bytes:
    """read_bytes, for a command that cannot go on without the file: the finding becomes the
    error."""
    out = Collector(path)
    raw = read_bytes(root, path, out)
    if raw is None:
        f = out.findings[0]
        raise ReferatError(f"{path}: {f.message}" + (f". {f.suggestion}" if f.suggestion else ""))
    return raw
