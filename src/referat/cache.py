"""The cache in .referat-cache/: what was made from each meeting file (its findings, its
tasks, its summary, the whole meeting), so an unchanged archive is checked and listed in a
fraction of a second.

One file per kind of value and group folder (see open_pack): a command about one group reads
that group's files only. Values are keyed by what they were made from (archive.Archive: the
file's path and content, and for findings the registries'), so the cache can never serve a
stale value; and the whole cache is dropped when referat's own code changes. A file is not
even read when its size, times and inode are what they were when it was last hashed, and it
had not been changed for RACY_NS before that (see known_digest).

A cache file may have come from anyone (say, committed to the repository), so:
- it is MessagePack decoded by msgspec into the cache's own types: reading it runs no code,
  and a damaged or wrongly typed entry is no entry;
- it is signed with a key of this user's kept outside the repository (see _key), so that a
  file claiming "no findings" for a bad meeting cannot make `tjek` pass;
- .referat-cache/ is used only when it is a real folder of this user's, and a link in or
  as it is never followed: referat writes and deletes nothing outside the repository.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

import referat

CACHE_DIR = ".referat-cache"
SUFFIX = ".msgpack"
T = TypeVar("T")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


# A file's stat stands for its content only if the file had been left alone this long when
# it was hashed. A write in the same clock tick as the hashing would otherwise keep the same
# times (git's "racy clean" problem); 2 s also covers coarse clocks and FAT's 2-second times.
RACY_NS = 2_000_000_000

StatKey = tuple[int, int, int, int, int]


def stat_key(st: os.stat_result) -> StatKey:
    # ctime too: every write changes it, and unlike mtime no program can set it back.
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


@functools.cache  # a command may open several caches
def code_fingerprint() -> str:
    """Changes whenever any of referat's modules or its version changes."""
    h = hashlib.blake2b(referat.__version__.encode(), digest_size=16)
    package = Path(referat.__file__).parent
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


class _File(msgspec.Struct, array_like=True, gc=False):
    """A cache file after its signature. Each value stays undecoded (Raw) until it is asked
    for: a command that needs one meeting of a group decodes one, and a value of the wrong
    type costs only that entry."""

    fingerprint: str
    values: dict[bytes, msgspec.Raw]  # content key → value
    known: dict[str, tuple[StatKey, bytes]]  # path → (stat key, content digest)


class Missing:
    """What Pack.get gives for a key it holds no value for."""


MISSING = Missing()


@dataclass
class Pack(Generic[T]):
    """One cache file: values of one kind (say, the tasks of a meeting) for the meeting files of
    one group folder, each keyed by what it was made from (see archive.Archive); and the stat
    shortcut for those files: the digest of a file whose stat is what it was when it was hashed."""

    root: Path
    name: str
    kind: object  # the type of the values
    enabled: bool = True
    raw: dict[bytes, msgspec.Raw] = field(default_factory=dict)
    made: dict[bytes, T] = field(default_factory=dict)
    known: dict[str, tuple[StatKey, bytes]] = field(default_factory=dict)
    used: set[bytes] = field(default_factory=set)
    changed: bool = False
    started: int = field(default_factory=time.time_ns)  # before any file was looked at

    def known_digest(self, rel: str, st: os.stat_result) -> bytes | None:
        """The digest of the file's content, if its stat shows it unchanged since it was hashed."""
        entry = self.known.get(rel)
        return entry[1] if entry is not None and entry[0] == stat_key(st) else None

    def learn(self, rel: str, st: os.stat_result, digest_: bytes) -> None:
        """Remembers the digest of content read after st was taken; only for a file that had
        not been changed for RACY_NS, so a change in the same clock tick cannot hide."""
        if max(st.st_mtime_ns, st.st_ctime_ns) < self.started - RACY_NS:
            entry = (stat_key(st), digest_)
            if self.known.get(rel) != entry:
                self.known[rel] = entry
                self.changed = True
        elif self.known.pop(rel, None) is not None:
            self.changed = True

    def get(self, key: bytes) -> T | Missing:
        """The value made from key, or MISSING. Not None: None is a value (say, the tasks of a
        file that is no meeting), and taking it for a miss would read that file on every run."""
        self.used.add(key)
        if key in self.made:
            return self.made[key]
        raw = self.raw.get(key)
        if raw is None:
            return MISSING
        try:
            value: T = _decoder(self.kind).decode(raw)
        except msgspec.DecodeError:  # ValidationError too: a wrongly typed entry is no entry
            return MISSING
        self.made[key] = value
        return value

    def put(self, key: bytes, value: T) -> None:
        self.used.add(key)
        self.made[key] = value
        self.changed = True

    def save(self, complete: bool, paths: set[str] | None = None) -> None:
        """Writes the file if anything changed. When the command looked at every file of the
        group (complete), values it did not use and stat entries of files that are gone are
        dropped. A cache that cannot be written is simply not written."""
        if complete:
            for key in [k for k in (*self.raw, *self.made) if k not in self.used]:
                self.raw.pop(key, None)
                self.made.pop(key, None)
                self.changed = True
            for rel in [r for r in self.known if paths is not None and r not in paths]:
                del self.known[rel]
                self.changed = True
        if not self.enabled or not self.changed:
            return
        encode = _ENCODER.encode
        values = {**self.raw, **{key: msgspec.Raw(encode(value)) for key, value in self.made.items()}}
        payload = encode(_File(code_fingerprint(), values, self.known))
        folder = _open_folder(self.root, create=True)
        if folder is None:
            return
        try:
            with contextlib.suppress(FileExistsError):  # a file, or a link that is not followed
                _create(folder, ".gitignore", b"*\n")  # never committed by accident
            _write(folder, self.name + SUFFIX, _sign(self.root, self.name, payload) + payload)
            self.changed = False
        except OSError:
            pass
        finally:
            os.close(folder)


_ENCODER = msgspec.msgpack.Encoder()


@functools.cache
def _decoder(kind: object) -> msgspec.msgpack.Decoder:  # type: ignore[type-arg]  # kind is a runtime type
    return msgspec.msgpack.Decoder(kind)


# The kinds of cache files: the stat shortcut, values made of each meeting file, the groups read (archive.py),
# the stems of each page of the site (site/search.py)
KINDS = ("stat", "resume", "moede", "opgaver", "lukkede", "tjek", "grupper", "soeg", "sidetekst")


def pack_name(kind_name: str, folder: str) -> str:
    """The file is named by a hash of the folder: a folder name is archive input."""
    assert kind_name in KINDS
    return f"{kind_name}-{hashlib.blake2b(folder.encode(), digest_size=8).hexdigest()}"


def open_pack(root: Path, kind_name: str, folder: str, kind: object, enabled: bool = True) -> Pack[Any]:
    """The cache file of kind_name's values (of type kind) for the meetings in folder (empty
    if disabled)."""
    name = pack_name(kind_name, folder)
    pack: Pack[Any] = Pack(root, name, kind, enabled)
    found = _load(root, name) if enabled else None
    if found is not None:
        pack.raw, pack.known = found.values, found.known
    return pack


def _load(root: Path, name: str) -> _File | None:
    """The cache file signed by this user and made by this code, or None."""
    folder = _open_folder(root, create=False)
    if folder is None:
        return None
    try:
        blob = _read(folder, name + SUFFIX)
    finally:
        os.close(folder)
    if blob is None:
        return None
    signature, payload = blob[:32], blob[32:]
    if not hmac.compare_digest(signature, _sign(root, name, payload)):
        return None
    try:
        found = msgspec.msgpack.decode(payload, type=_File)
    except msgspec.DecodeError:  # a damaged cache is no cache
        return None
    return found if found.fingerprint == code_fingerprint() else None


def _sign(root: Path, name: str, payload: bytes) -> bytes:
    # The name too: a file of one cache cannot stand in for another's.
    return hmac.new(_key(root), name.encode() + b"\0" + payload, hashlib.sha256).digest()


# --- the folder: only a real one of this user's, and no link in it followed ------------------

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Without O_NOFOLLOW (Windows) a link could not be refused safely: no cache there.
_SAFE = bool(_NOFOLLOW) and os.open in os.supports_dir_fd


def _open_folder(root: Path, create: bool) -> int | None:
    """A descriptor of root/.referat-cache if that is a folder (not a link to one) owned by
    this user; made first if missing and create. Every use goes through the descriptor, so
    the folder cannot be swapped for a link in between."""
    if not _SAFE:
        return None
    path = os.path.join(root, CACHE_DIR)
    if create:
        with contextlib.suppress(OSError):
            os.mkdir(path)  # follows no link: fails if anything is there
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)
    except OSError:  # missing, a link, a file, no permission
        return None
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid():
        return fd
    os.close(fd)
    return None


def _read(folder: int, name: str) -> bytes | None:
    """The content of a regular file in folder, not through a link (nor waiting on a pipe)."""
    try:
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _create(folder: int, name: str, data: bytes) -> None:
    """Creates name in folder with data; FileExistsError if anything, a link too, is there."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644, dir_fd=folder)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _write(folder: int, name: str, data: bytes) -> None:
    """Writes a new file and renames it over name: a link there is replaced, never followed."""
    tmp = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        _create(folder, tmp, data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise


# --- the key ----------------------------------------------------------------------------------

KEY_SIZE = 32


@functools.cache
def _key(root: Path) -> bytes:
    """A secret of this user's: the key file in the user's cache folder, if it is one that
    nobody else can have written or read, and it lies outside the repository (a key the
    repository holds, say by XDG_CACHE_HOME pointing into it, is no secret). Otherwise a new
    key is made there, or, where none can be kept, one for this run: the cache is then
    written but never trusted later."""
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "referat"
        if _within(folder.resolve(), root.resolve()):
            return secrets.token_bytes(KEY_SIZE)
        key = _read_key(folder)
        if key is None:
            _write_key(folder)
            key = _read_key(folder)  # ours, or that of a referat that wrote one at the same time
    except (OSError, RuntimeError, KeyError):  # no home, a loop of links, ...
        key = None
    return key or secrets.token_bytes(KEY_SIZE)


def _within(path: Path, root: Path) -> bool:
    """Whether path lies in root or in the git work tree that holds root."""
    top = next((f for f in (root, *root.parents) if os.path.lexists(f / ".git")), root)
    return path.is_relative_to(top) or path.is_relative_to(root)


def _read_key(folder: Path) -> bytes | None:
    try:
        fd = os.open(folder / "cache-key", os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not (stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) == 0o600
                and st.st_size == KEY_SIZE):
            return None
        key = os.read(fd, KEY_SIZE + 1)
        return key if len(key) == KEY_SIZE else None
    finally:
        os.close(fd)


def _write_key(folder: Path) -> None:
    """A new key, written whole to a file of its own and then renamed into place, so a full
    disk can never leave a short key (nor can a link there lead the write elsewhere)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = folder / f".cache-key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o600)  # whatever the umask
            f.write(secrets.token_bytes(KEY_SIZE))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / "cache-key")
    finally:
        tmp.unlink(missing_ok=True)
