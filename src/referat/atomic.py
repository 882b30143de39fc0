"""The one place referat writes files: either wholly old or wholly new, never half-written;
an archive file changed under a lock so that no concurrent edit is lost; and document output
that never replaces a device, a link or a file of the archive."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from referat import repo
from referat.errors import ReferatError

# What document output (--ud) never replaces, relative to an archive's root.
_ARCHIVE_FOLDERS = (repo.MEETINGS_DIR, "templates", ".git")
_ARCHIVE_FILES = (repo.PERSONS_FILE, repo.ORGS_FILE)


class Refused(ReferatError):
    """A target referat will not write; the message says why, without the path."""


# --- archive files: lock, re-read, rewrite ---------------------------------------------------


def rewrite(path: Path, change: Callable[[bytes], bytes], shown: str) -> None:
    """Replaces path's bytes with change(its bytes), holding an exclusive lock on the file
    from the read to the rename, so that two referat commands changing one file take turns
    and each sees the other's change. change runs under the lock and may raise to leave the
    file as it is. Links, special files and read-only files are refused: the rename would
    replace them. shown names the file in messages."""
    fd = _open_locked(path, shown)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        new = change(b"".join(chunks))
        write_atomic(path, new, os.fstat(fd).st_mode & 0o777)
    finally:
        os.close(fd)  # releases the lock


def _open_locked(path: Path, shown: str) -> int:
    while True:
        _editable(os.lstat(path), path, shown)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # became a link since lstat
                continue
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            # The writer before us renamed a new file into place: our lock is on the old one,
            # which nobody reads any more. Lock the file the path names now.
            now = os.lstat(path)
            held = os.fstat(fd)
            if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                _editable(now, path, shown)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _editable(st: os.stat_result, path: Path, shown: str) -> None:
    if stat.S_ISLNK(st.st_mode):
        raise ReferatError(f"{shown} er et symbolsk link; referat ændrer ikke en fil gennem et link, for linket "
                           "ville blive erstattet af en fil. Ret filen, linket peger på, eller erstat linket med filen")
    if not stat.S_ISREG(st.st_mode):
        raise ReferatError(f"{shown} er ikke en almindelig fil; intet er ændret")
    if _read_only(st, path):
        raise ReferatError(f"{shown} er skrivebeskyttet (rettigheder {stat.S_IMODE(st.st_mode):o}); intet er ændret. "
                           f"Gør filen skrivbar først (chmod u+w), hvis ændringen skal med")


def _read_only(st: os.stat_result, path: Path) -> bool:
    # root may write anything (os.access says yes), but a file without write permission is
    # someone's wish that it stays as it is.
    return not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK)


# --- document output (--ud) ------------------------------------------------------------------


def output_target(path: Path) -> Path:
    """Where output given as path ends up, every link followed; Refused when that is a file
    of a minutes archive (a meeting, a registry, a template) or a read-only file."""
    target = Path(os.path.realpath(path))
    for root in target.parents:
        if (root / repo.MEETINGS_DIR).is_dir() or (root / repo.PERSONS_FILE).is_file():
            rel = target.relative_to(root)
            if rel.parts[0] in _ARCHIVE_FOLDERS or rel.as_posix() in _ARCHIVE_FILES:
                raise Refused(f"{rel.as_posix()} hører til mødearkivet {root} og overskrives ikke; skriv til en fil "
                              f"uden for {repo.MEETINGS_DIR}/ og templates/ (og ikke {' eller '.join(_ARCHIVE_FILES)})")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target
    if stat.S_ISREG(st.st_mode) and _read_only(st, target):
        raise Refused(f"filen er skrivebeskyttet (rettigheder {stat.S_IMODE(st.st_mode):o})")
    return target


def write_output(path: Path, data: bytes) -> None:
    """Writes document output: a regular file is replaced whole (write_atomic); a device or
    a FIFO (/dev/null, a named pipe) is written through, never replaced; a link is followed
    to its target; /dev/stdout and its like are the open file itself. Refused or OSError
    when it cannot."""
    alias = _FD_ALIAS.fullmatch(os.path.abspath(path))
    if alias:  # the process's own open file: opening it anew would start at its beginning
        n = {"stdout": 1, "stderr": 2}.get(alias.group(1)) or int(alias.group(2) or alias.group(3))
        return _write_all(n, data)
    target = output_target(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:  # a new file, or a link to one
        return write_atomic(target, data)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # O_NONBLOCK: say so rather than wait for a reader
            if stat.S_ISFIFO(os.stat(path).st_mode):
                raise Refused("det er en FIFO (navngivet rør), som intet program læser fra") from None
            raise Refused("det er hverken en fil eller en enhed, der kan skrives til") from None
        raise
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return write_atomic(target, data)
        os.set_blocking(fd, True)
        _write_all(fd, data)
    finally:
        os.close(fd)


_FD_ALIAS = re.compile(r"/dev/(stdout|stderr)|/dev/fd/(\d+)|/proc/self/fd/(\d+)")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# --- the atomic write -------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Writes to a temporary file beside path, flushes it to disk, then renames it over path.
    The mode is path's own (or mode, or 0644 for a new file). An error names path, not the
    temporary file."""
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    with _staged(path, data, mode) as tmp:
        os.replace(tmp, path)
    _sync_folder(path.parent)


def create_atomic(path: Path, data: bytes) -> None:
    """Like write_atomic, but never replaces an existing file: FileExistsError instead,
    even when another program creates path at the same moment."""
    with _staged(path, data, 0o644) as tmp:
        try:
            os.link(tmp, path)  # fails if path exists; rename would silently replace it
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (some network and synced folders): claim the name, then
            # rename the finished file over our own empty claim.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            os.replace(tmp, path)
    _sync_folder(path.parent)


@contextmanager
def _staged(path: Path, data: bytes, mode: int) -> Iterator[Path]:
    """A temporary file beside path holding data, locked while it exists so that
    _remove_stale (run first) knows it from one left behind by a killed referat."""
    _remove_stale(path)
    while True:
        try:
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:  # else another referat took it for stale before we locked it
            break
        os.close(fd)
    tmp = Path(name)
    try:
        _write_all(fd, data)
        os.fsync(fd)
        os.fchmod(fd, mode)
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)  # gone already when it was renamed into place
        os.close(fd)


def _remove_stale(path: Path) -> None:
    """Removes the temporary files of path that no running referat holds: those a killed
    referat left behind."""
    own = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    try:
        names = [n for n in os.listdir(path.parent) if own.fullmatch(n)]
    except OSError:
        return
    for name in names:
        stale = path.parent / name
        try:
            fd = os.open(stale, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            st, held = os.lstat(stale), os.fstat(fd)
            if stat.S_ISREG(held.st_mode) and (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino):
                stale.unlink()
        except OSError:
            pass  # in use by a running referat, or gone already
        finally:
            os.close(fd)


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
