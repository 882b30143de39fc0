"""Writing a file so that it is either wholly old or wholly new, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Writes to a temporary file beside path, flushes it to disk, then renames it over path.
    An error names path, not the temporary file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    tmp = _temporary_copy(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def create_atomic(path: Path, data: bytes) -> None:
    """Like write_atomic, but never replaces an existing file: FileExistsError instead,
    even when another program creates path at the same moment."""
    tmp = _temporary_copy(path, data, 0o644)
    try:
        try:
            os.link(tmp, path)  # fails if path exists; rename would silently replace it
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (some network and synced folders): claim the name, then
            # rename the finished file over our own empty claim.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _temporary_copy(path: Path, data: bytes, mode: int) -> Path:
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    # The rename itself is only durable once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
