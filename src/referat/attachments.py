"""The files that attachments name (`bilag` with `fil:`), as `tjek` checks them: there, inside
the archive, a plain file, of an allowed type by its content, of a sane size; and the files
under bilag/ that no meeting names (docs/format.md, *Bilag*).

A meeting's findings are cached by the meeting file's content, but an attachment's file can
appear or change while the meeting file does not. So the cached check of a meeting only
carries each named file along (a B001 finding without a message, its subject the file, as
`carry` makes), and `settle` looks at the files on every run. That costs an lstat per part of
the path and a few KB read per file: a link is never followed, a FIFO never waited on (the
same open flags as repo.read_bytes), a large file never read whole, a zip never extracted.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import lzma
import os
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from referat.findings import Collector, Finding
from referat.model import Attachment, MeetingFile
from referat.rules import Rule

FOLDER = "bilag"  # the attachments' folder at the repository's root: bilag/<YYYY-MM-DD>/<name>
MAX_SIZE = 20 * 1024 * 1024  # above this a warning (B005): docs/format.md says why
_CARRIER = Rule.B001.code
CODES = frozenset(r.code for r in (Rule.B001, Rule.B002, Rule.B003, Rule.B004, Rule.B005))

# What a name's ending promises, and how each kind is named in a message.
ENDINGS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx", ".png": "png", ".jpg": "jpg",
           ".jpeg": "jpg"}
KIND_TEXT = {"pdf": "en PDF", "docx": "et Word-dokument (docx)", "xlsx": "et Excel-ark (xlsx)",
             "pptx": "en PowerPoint-præsentation (pptx)", "png": "et PNG-billede", "jpg": "et JPEG-billede",
             "zip": "en zip-fil"}
ALLOWED = "pdf, docx, xlsx, pptx, png og jpg"
# An Office file is a zip whose [Content_Types].xml names its main part, which lies in its folder.
_OFFICE = (("docx", b"wordprocessingml.document.main+xml", "word/"),
           ("xlsx", b"spreadsheetml.sheet.main+xml", "xl/"),
           ("pptx", b"presentationml.presentation.main+xml", "ppt/"))
_LFS = b"version https://git-lfs.github.com/spec/v1"
_LFS_MAX = 1024  # a pointer file is ~130 bytes; git-lfs itself reads no pointer larger than this
_HEAD = 64  # bytes read from the start: enough for every signature above
_TAIL = 22 + 65535  # a zip's end record with the longest comment
_MAX_DIRECTORY = 1024 * 1024  # a zip's central directory above this is no Office file worth reading
_MAX_TYPES = 64 * 1024  # [Content_Types].xml is a few KB
_NOT_PLAIN = {stat.S_IFDIR: "en mappe", stat.S_IFIFO: "en navngiven pipe (FIFO)", stat.S_IFSOCK: "en socket",
              stat.S_IFCHR: "en enhedsfil", stat.S_IFBLK: "en enhedsfil"}

Problem = tuple[Rule, str, str]  # rule, message, suggestion


def carry(m: MeetingFile, out: Collector) -> None:
    """For the cached check of a meeting: a carrier (B001 without a message, the file its
    subject) for every file the meeting's attachments name, on the agenda and for the next
    meeting. settle() turns each into what the file is found to be, or nothing."""
    for a in named(m):
        out.report(Rule.B001, a.pos, "", subject=a.file)


def named(m: MeetingFile) -> list[Attachment]:
    """The attachments with a file that the meeting names, on its agenda and for the next one."""
    found = [a for item in m.agenda for a in item.attachments]
    found += [a for nxt in m.next_meeting_items for a in nxt.attachments]
    return [a for a in found if a.file]


def _is_carrier(f: Finding) -> bool:
    return f.code == _CARRIER and not f.message


def settle(root: Path, found: list[Finding], orphans: bool) -> list[Finding]:
    """The findings with every carrier replaced by the findings about its file (none when the
    file is fine); with orphans, also B006 for each file under bilag/ no carrier names."""
    kept: list[Finding] = []
    seen: dict[str, list[Problem]] = {}  # a file named twice is looked at once
    mentioned: set[str] = set()
    for f in found:
        if not _is_carrier(f):
            kept.append(f)
            continue
        mentioned.add(normal(f.subject))
        if f.subject not in seen:
            seen[f.subject] = inspect(root, f.subject)
        kept += [dataclasses.replace(f, code=rule.code, severity=rule.severity, message=message,
                                     suggestion=suggestion) for rule, message, suggestion in seen[f.subject]]
    if orphans:
        kept += unnamed(root, mentioned)
    return kept


def normal(file: str) -> str:
    """'./bilag//x.pdf' → 'bilag/x.pdf': the path as the archive's files are listed."""
    return "/".join(p for p in file.split("/") if p not in ("", "."))


def touches(paths: Iterable[str]) -> bool:
    """Whether any of the paths lies under bilag/ (its orphans are then to be reported)."""
    return any(p == FOLDER or p.startswith(FOLDER + "/") for p in paths)


def concerns(f: Finding, paths: set[str]) -> bool:
    """Whether a finding about a meeting's attachment is about one of the files in paths."""
    return f.code in CODES and normal(f.subject) in paths


# --- one file ------------------------------------------------------------------------------------


def escapes(file: str) -> bool:
    """Whether the path could name something outside the archive, whatever is on disk: an
    absolute path ('/', '~', 'C:', a URL's scheme), a '..', a backslash (a folder separator
    to Windows and to browsers), a NUL."""
    parts = file.split("/")
    return file.startswith(("/", "~")) or ":" in parts[0] or ".." in parts or "\\" in file or "\0" in file


def inspect(root: Path, file: str) -> list[Problem]:
    """What is wrong with the file an attachment names (path relative to root); [] when nothing."""
    shown = f"Bilagsfilen {file}"
    if escapes(file):
        if "\\" in file:
            return [(Rule.B002, f"{shown} er skrevet med \\ (backslash)", "Skriv stien med / mellem mapperne")]
        return [(Rule.B002, f"{shown} ligger uden for mødearkivet",
                 f"Læg filen i mødearkivet, fx under {FOLDER}/<dato>/, og skriv stien fra arkivets rod uden '..'")]
    parts = normal(file).split("/")
    where = str(root)
    for i, part in enumerate(parts):
        where = os.path.join(where, part)
        try:
            st = os.lstat(where)
        except OSError as exc:
            return [_unreadable(shown, exc)]
        if stat.S_ISLNK(st.st_mode):
            what = "er et link" if i == len(parts) - 1 else f"ligger i {'/'.join(parts[:i + 1])}, som er et link"
            return [(Rule.B002, f"{shown} {what}, og referat følger ikke links",
                     "Læg den rigtige fil (i en rigtig mappe) i stedet for linket")]
        if i < len(parts) - 1 and not stat.S_ISDIR(st.st_mode):
            return [(Rule.B001, f"{shown} findes ikke: {'/'.join(parts[:i + 1])} er ikke en mappe", "")]
    if not stat.S_ISREG(st.st_mode):
        return [(Rule.B002, f"{shown} er {_NOT_PLAIN.get(stat.S_IFMT(st.st_mode), 'en særlig fil')}, "
                 "ikke en almindelig fil", "Skriv stien til selve filen")]
    try:
        fd = open_in_archive(root, file)  # no link on the way, even one put there since the lstat
    except OSError as exc:
        return [_unreadable(shown, exc)]
    with open(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):  # swapped since the lstat
                return [(Rule.B002, f"{shown} er ikke en almindelig fil", "")]
            return _content(f, st.st_size, file, shown)
        except OSError as exc:
            return [_unreadable(shown, exc)]


def open_in_archive(root: Path, file: str) -> int:
    """A read-only descriptor of root/file (a normal path inside the archive). Each folder on the
    way is opened with O_NOFOLLOW relative to the one before, so a link anywhere on the path
    (also one put there after a check) fails with ELOOP or ENOTDIR; O_NONBLOCK keeps a FIFO from
    hanging it. The caller closes the descriptor."""
    parts = normal(file).split("/")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    folder = os.open(root, flags | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            inner = os.open(part, flags | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=folder)
    finally:
        os.close(folder)


def _unreadable(shown: str, exc: OSError) -> Problem:
    if exc.errno == errno.ELOOP:  # open(O_NOFOLLOW) met a link put there after the lstat
        return Rule.B002, f"{shown} er et link, og referat følger ikke links", ""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Rule.B001, f"{shown} findes ikke", "Læg filen i mødearkivet (og commit den), eller ret stien i 'fil:'"
    why = "referat har ikke adgang til at læse den" if exc.errno in (errno.EACCES, errno.EPERM) \
        else exc.strerror or str(exc)
    return Rule.B001, f"{shown} kan ikke læses: {why}", ""


def _content(f: BinaryIO, size: int, file: str, shown: str) -> list[Problem]:
    """The type by content against the name's ending, and the size."""
    head = f.read(_HEAD)
    if size <= _LFS_MAX and head.startswith(_LFS):
        return [(Rule.B004, f"{shown} er en Git LFS-pegepind, ikke selve filen: filen er ikke hentet",
                 "Hent filerne med 'git lfs pull' (kræver git-lfs)")]
    found: list[Problem] = []
    if size > MAX_SIZE:
        found.append((Rule.B005, f"{shown} fylder {size / 1024 / 1024:.0f} MB, mere end "
                      f"{MAX_SIZE // 1024 // 1024} MB", "Gem den mindre (fx en PDF med lavere billedkvalitet), "
                      "eller læg den i Git LFS og send et link"))
    dot = file.rfind(".")
    ending = file[dot:].lower() if dot > file.rfind("/") else ""
    wanted = ENDINGS.get(ending)
    kind = _kind(f, head, size)
    if wanted is None:
        found.append((Rule.B003, f"{shown} har en type, der ikke er tilladt som bilag ('{ending or 'ingen endelse'}')",
                      f"Tilladt er {ALLOWED}; gem fx filen som PDF"))
    elif kind is None:
        found.append((Rule.B003, f"{shown} er ikke {KIND_TEXT[wanted]}, som navnet siger"
                      + (": filen er tom" if size == 0 else ": indholdet er ingen af typerne " + ALLOWED),
                      "Gem filen igen i det rigtige format"))
    elif kind != wanted:
        found.append((Rule.B003, f"{shown} hedder {ending}, men er {KIND_TEXT[kind]}",
                      f"Giv filen den rigtige endelse, eller gem den som {KIND_TEXT[wanted]}"))
    return found


def kind_of(raw: bytes) -> str | None:
    """What a whole attachment read into memory is (the PDF with attachments): pdf, docx, xlsx,
    pptx, png or jpg, by the same rules tjek judges the file by; None for anything else."""
    kind = _kind(io.BytesIO(raw), raw[:_HEAD], len(raw))
    return None if kind == "zip" else kind


def _kind(f: BinaryIO, head: bytes, size: int) -> str | None:
    """What the file is by its first bytes (and, for a zip, its directory and content types)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return _office(f, size)
    return None


def _office(f: BinaryIO, size: int) -> str:
    """docx, xlsx or pptx for an Office file, else 'zip'. Reads the zip's end record, its
    central directory (bounded) and [Content_Types].xml (bounded); extracts nothing."""
    try:
        f.seek(max(0, size - _TAIL))
        tail = f.read(_TAIL)
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or len(tail) < end + 22 or int.from_bytes(tail[end + 12:end + 16], "little") > _MAX_DIRECTORY:
            return "zip"
        f.seek(0)
        with zipfile.ZipFile(f) as z:
            info = z.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_TYPES:
                return "zip"
            with z.open(info) as part:
                types = part.read(_MAX_TYPES + 1)
            names = z.namelist()
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError, RuntimeError,
            zlib.error, lzma.LZMAError):  # not a zip zipfile can read, encrypted, an unknown method
        return "zip"
    for kind, mark, folder in _OFFICE:
        if mark in types and any(n.startswith(folder) for n in names):
            return kind
    return "zip"


# --- files nobody names --------------------------------------------------------------------------


def unnamed(root: Path, named: set[str]) -> list[Finding]:
    """B006 for every file under bilag/ (links not followed, hidden files like .gitkeep left
    out) that is not in named."""
    found: list[Finding] = []
    stack = [FOLDER]
    while stack:
        folder = stack.pop()
        try:
            if not stat.S_ISDIR(os.lstat(os.path.join(root, folder)).st_mode):
                continue
            with os.scandir(os.path.join(root, folder)) as it:
                entries = [e for e in it if not e.name.startswith(".")]
        except OSError:
            continue
        for e in entries:
            path = f"{folder}/{e.name}"
            if not e.name.isprintable():  # no meeting can name it in YAML; printing it could fail
                continue
            if e.is_dir(follow_symlinks=False):
                stack.append(path)
            elif path not in named:
                out = Collector(path)
                out.report(Rule.B006, None, "Filen ligger under bilag/, men intet møde nævner den som bilag",
                           "Nævn den under et punkts 'bilag' (titel og 'fil:'), eller slet den")
                found += out.findings
    return found

