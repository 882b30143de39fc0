"""Writing the site's files: each page through an atomic write, only when its content changed;
a manifest in the output folder remembers each page's inputs (a key) and content (a hash), so
the next build skips making a page whose inputs are unchanged and removes the pages it no
longer makes. Only files the manifest lists are ever removed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath

from referat.atomic import write_atomic
from referat.errors import ReferatError

MANIFEST = ".referat-site.json"


def key(*parts: object) -> str:
    """A page's inputs as one short hash."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _plain(page: str) -> bool:
    """A relative path without '..', '.' or an empty part: it stays inside the output folder."""
    p = PurePosixPath(page)
    return bool(page) and not p.is_absolute() and "\\" not in page and "\0" not in page \
        and all(part not in ("", ".", "..") for part in page.split("/"))


class Writer:
    def __init__(self, out: Path, version: str) -> None:
        self.out = out
        self.version = version
        self.old: dict[str, dict[str, str]] = {}
        self.new: dict[str, dict[str, str]] = {}
        self.written = 0
        self.kept = 0
        self.removed = 0
        try:
            saved = json.loads((out / MANIFEST).read_text("utf-8"))
            pages = saved.get("pages", {}) if isinstance(saved, dict) else {}
            if isinstance(pages, dict):
                self.old = {p: v for p, v in pages.items() if _plain(p) and isinstance(v, dict)}
                if saved.get("version") != version:  # other code: every page is made again
                    self.old = {p: {"key": "", "hash": v.get("hash", "")} for p, v in self.old.items()}
        except (OSError, ValueError):
            pass

    def unchanged(self, page: str, inputs: str) -> bool:
        """Whether the page is there and was made from these inputs: then it is kept as it is."""
        old = self.old.get(page)
        if old and old.get("key") == inputs and (self.out / page).is_file():
            self.new[page] = old
            self.kept += 1
            return True
        return False

    def write(self, page: str, data: bytes, inputs: str = "") -> None:
        """The page written, unless the same content is there already."""
        if not _plain(page):
            raise ReferatError(f"Siden '{page}' ville ligge uden for sitets mappe; den er ikke skrevet")
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        old = self.old.get(page)
        self.new[page] = {"key": inputs, "hash": digest}
        path = self.out / page
        if old and old.get("hash") == digest and path.is_file():
            self.kept += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        self.written += 1

    def finish(self) -> None:
        """Removes the pages the last build made and this one did not, and saves the manifest."""
        for page in sorted(set(self.old) - set(self.new)):
            try:
                os.unlink(self.out / page)
                self.removed += 1
            except FileNotFoundError:
                pass
            except IsADirectoryError:
                continue
        manifest = {"version": self.version, "pages": dict(sorted(self.new.items()))}
        write_atomic(self.out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=0).encode("utf-8"))
