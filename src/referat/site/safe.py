"""Names in the site made from what the archive says (an id, a date, a file under bilag/): a
name never leads out of the output folder, whatever a registry or a pull request wrote."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import quote

from referat import attachments
from referat.atomic import Refused, output_target
from referat.errors import ReferatError

_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]{0,80}")


def slug(value: str) -> str:
    """A file name for an id: the id itself when it is plain (lower-case letters, digits, - and
    _), else a readable part and a short hash, so two ids never share a page."""
    if _PLAIN.fullmatch(value):
        return value
    readable = re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-")[:40] or "x"
    return f"{readable}-{hashlib.blake2b(value.encode('utf-8', 'surrogatepass'), digest_size=4).hexdigest()}"


def href(path: str) -> str:
    """A site path as a link (spaces and Danish letters in attachment names escaped)."""
    return quote(path, safe="/#")


def attachment_path(file: str) -> str | None:
    """Where an attachment (`fil:`) lies in the site: under bilag/, as in the archive; None
    for a path that could lead out of the archive (tjek says so: B002)."""
    if not file or attachments.escapes(file):
        return None
    parts = attachments.normal(file).split("/")
    if parts and parts[0] == attachments.FOLDER:
        parts = parts[1:]
    if not parts:
        return None
    return "/".join([attachments.FOLDER, *parts])


def output_folder(out: Path) -> Path:
    """The output folder, resolved; refused where a page would overwrite a file of the archive
    (moeder/, templates/, .git/, the registries) or where it is a file."""
    if out.exists() and not out.is_dir():
        raise ReferatError(f"Kan ikke bygge sitet i '{out}': det er en fil, ikke en mappe")
    try:
        output_target(out / "index.html")
    except Refused as exc:
        raise ReferatError(f"Kan ikke bygge sitet i '{out}': {exc}") from None
    return Path(os.path.realpath(out))
