"""A cache of read and checked meetings in .referat-cache/, so an unchanged repository is
checked in a fraction of a second.

It can never serve a stale result: an entry is used only when the file's bytes hash to the
same digest, and the whole cache is dropped when referat's own code changes. Checked
findings are also keyed by a digest of the registries and group files they were checked
against. The cache is signed with a key kept outside the repository, so a cache file that
came from elsewhere (say, committed by mistake) is ignored rather than unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import referat
from referat.atomic import write_atomic

CACHE_DIR = ".referat-cache"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


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
    changed: bool = False

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
            for rel in [r for r in self.entries if r not in keep]:
                del self.entries[rel]
                self.changed = True
        if self.path is None or not self.changed:
            return
        payload = pickle.dumps((self.fingerprint, self.entries), protocol=pickle.HIGHEST_PROTOCOL)
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
    if not enabled:
        return Cache(None, fingerprint)
    path = root / CACHE_DIR / f"{name}.pickle"
    try:
        blob = path.read_bytes()
    except OSError:
        return Cache(path, fingerprint)
    signature, payload = blob[:32], blob[32:]
    if not hmac.compare_digest(signature, _sign(payload)):
        return Cache(path, fingerprint)
    try:
        stored_fingerprint, entries = pickle.loads(payload)
    except Exception:  # a damaged cache is no cache
        return Cache(path, fingerprint)
    if stored_fingerprint != fingerprint:
        return Cache(path, fingerprint)
    return Cache(path, fingerprint, entries)


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
