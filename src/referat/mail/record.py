"""The record of sent letters: which keys (mail.letter.Letter.keys) went out, per archive.

It lives outside git, so a pull request cannot mark a reminder as sent: by default
$XDG_STATE_HOME/referat/<hash of the archive's path>/sendt.json (~/.local/state when the
variable is unset), or the file REFERAT_SENDT names (a scheduled CI run keeps it there with
actions/cache). JSON and nothing else: reading it never runs code. Each sent letter's keys
are written at once, the whole file through a temporary file and a rename, so a run stopped
halfway leaves the record of what did go out, never half a file. Drafts and dry runs are not
recorded: a draft may never be sent.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from referat import atomic
from referat.errors import ReferatError
from referat.shown import shown

VARIABLE = "REFERAT_SENDT"
MAX_BYTES = 64 * 1024 * 1024  # far above years of daily reminders; a bigger file is not ours
_FORMAT = 1


def location(root: Path, env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(VARIABLE):
        return Path(env[VARIABLE]).expanduser()
    state = env.get("XDG_STATE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "state")
    archive = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(state) / "referat" / archive / "sendt.json"


class Record:
    """What was sent from one archive: key -> when (ISO 8601)."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self._root = root
        self._sent = _read(path)

    def known(self, key: str) -> bool:
        return key in self._sent

    def __len__(self) -> int:
        return len(self._sent)

    def ready(self) -> None:
        """A ReferatError now, before anything is sent, when the record could not be written
        after the first letter went out (a letter sent but not recorded would go again)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not os.access(self.path.parent, os.W_OK):
                raise PermissionError(errno.EACCES, "no access")
        except OSError as exc:
            raise _failed(self.path, "skrives", exc) from None

    def add(self, keys: Iterable[str], when: dt.datetime) -> None:
        """Remembers keys as sent at when, on disk before it returns."""
        stamp = when.isoformat(timespec="seconds")
        self._sent.update(dict.fromkeys(keys, stamp))
        data = {"format": _FORMAT, "arkiv": str(self._root), "sendt": dict(sorted(self._sent.items()))}
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_atomic(self.path, text.encode("utf-8", "surrogateescape"))
        except OSError as exc:
            raise _failed(self.path, "skrives", exc) from None


def open_record(root: Path, env: Mapping[str, str] | None = None) -> Record:
    return Record(location(root, env), root)


def _read(path: Path) -> dict[str, str]:
    """The record's key -> time, {} when there is none yet; a ReferatError for anything else."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise _failed(path, "læses", exc) from None
    try:
        if len(data) > MAX_BYTES:
            raise ValueError("for stor")
        parsed = json.loads(data.decode("utf-8"))
        sent = parsed["sendt"] if isinstance(parsed, dict) and parsed.get("format") == _FORMAT else None
        if not isinstance(sent, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in sent.items()):
            raise ValueError("ikke referats format")
    except (ValueError, RecursionError, KeyError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise ReferatError(f"{shown(path)} er ikke en gyldig liste over sendte e-mails. Flyt den væk (så kan "
                           "allerede sendte påmindelser blive sendt én gang til), eller hent en god kopi") from None
    return sent


def _failed(path: Path, verb: str, exc: OSError) -> ReferatError:
    from referat.cliapp import os_reason  # the Danish words for the system's reasons

    return ReferatError(f"Listen over sendte e-mails ({shown(path)}) kan ikke {verb}: {shown(os_reason(exc))}")
