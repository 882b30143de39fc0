"""A cache of read and checked meetings in .referat-cache/, so an unchanged repository is
checked in a fraction of a second.

It can never serve a stale result: an entry is used only when the file's bytes hash to the
same digest, and the whole cache is dropped when referat's own code changes. A file is not
even read when its size, times and inode are what they were when it was last hashed, and
it had not been changed for RACY_NS before that (see known_digest). Checked
findings are also keyed by a digest of the registries and group files they were checked
against. The cache is signed with a key kept outside the repository, so a cache file that
came from elsewhere (say, committed by mistake) is ignored rather than unpickled.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import hmac
import os
import pickle
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import referat
from referat.atomic import write_atomic

CACHE_DIR = ".referat-cache"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


# A file's stat stands for its content only if the file had been left alone this long when
# it was hashed. A write in the same clock tick as the hashing would otherwise keep the same
# times (git's "racy clean" problem); 2 s also covers coarse clocks and FAT's 2-second times.
RACY_NS = 2_000_000_000


def stat_key(st: os.stat_result) -> tuple[int, ...]:
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


@dataclass
class Cache:
    """Values keyed by a file's path, valid only for the digest they were made from."""

    path: Path | None
    fingerprint: str
    entries: dict[str, tuple[bytes, object]] = field(default_factory=dict)
    known: dict[str, tuple[tuple[int, ...], bytes]] = field(default_factory=dict)  # path → (stat key, digest)
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

    def get(self, rel: str, key: bytes):
        entry = self.entries.get(rel)
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, rel: str, key: bytes, value) -> None:
        self.entries[rel] = (key, value)
        self.changed = True

    def save(self, keep: set[str] | None = None) -> None:
        """Writes the cache if anything changed; entries for files that are gone are dropped.
        A cache that cannot be written is simply not written."""
        if keep is not None:
            for table in (self.entries, self.known):
                for rel in [r for r in table if r not in keep]:
                    del table[rel]
                    self.changed = True
        if self.path is None or not self.changed:
            return
        payload = pickle.dumps((self.fingerprint, self.entries, self.known), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.path.parent.mkdir(exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")  # never committed by accident
            write_atomic(self.path, _sign(payload) + payload)
        except OSError:
            pass


def open_cache(root: Path, name: str, enabled: bool = True) -> Cache:
    fingerprint = code_fingerprint()
    path = root / CACHE_DIR / f"{name}.pickle" if enabled else None
    found = _load(path, fingerprint) if path is not None else None
    entries, known = found or ({}, {})
    return Cache(path, fingerprint, entries, known)


def keep_newest(root: Path, prefix: str, count: int) -> None:
    """Removes all but the count newest cache files whose names start with prefix."""
    try:
        found = sorted((root / CACHE_DIR).glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in found[:-count]:
            old.unlink()
    except OSError:
        pass  # another referat tidied up at the same time; or nothing to tidy


def _load(path: Path, fingerprint: str) -> tuple[dict, dict] | None:
    """The entries of a cache file made by this user with this code, or None."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    signature, payload = blob[:32], blob[32:]
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    # Unpickling makes up to millions of objects that live as long as the command. Python's
    # cyclic collector would walk them again and again (it took longer than the unpickling):
    # not collecting meanwhile, and freezing them afterwards, keeps it off them.
    gc.disable()
    try:
        stored_fingerprint, entries, known = pickle.loads(payload)
    except Exception:  # a damaged cache is no cache
        return None
    finally:
        gc.freeze()
        gc.enable()
    return (entries, known) if stored_fingerprint == fingerprint else None


def _sign(payload: bytes) -> bytes:
    return hmac.new(_key(), payload, hashlib.sha256).digest()


_KEY: bytes | None = None


def _key() -> bytes:
    """A secret of this user's, outside any repository."""
    global _KEY
    if _KEY is None:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "referat"
        key_file = base / "cache-key"
        try:
            _KEY = key_file.read_bytes()
        except OSError:
            _KEY = secrets.token_bytes(32)
            try:
                base.mkdir(parents=True, exist_ok=True)
                fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(_KEY)
            except FileExistsError:
                _KEY = key_file.read_bytes()
            except OSError:
                pass  # no home to keep a key in: this run's cache is written but never trusted later
    return _KEY
