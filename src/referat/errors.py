"""The one exception referat raises for a user's mistake; the command layer prints it. And the
Danish words for the system's reasons a file could not be read or written."""

import errno


class ReferatError(Exception):
    """A problem the user can fix: the message is Danish and says what to do."""


class GitError(ReferatError):
    """git could not answer what was asked (an unknown revision, no repository, no git): the
    command was used wrongly or in the wrong place, so the command layer exits with 2."""


_ERRNO_DA = {
    errno.ENOENT: "findes ikke",
    errno.EACCES: "du har ikke adgang",
    errno.EPERM: "du har ikke adgang",
    errno.EISDIR: "er en mappe",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.ENOSPC: "disken er fuld",
    errno.EROFS: "filsystemet er skrivebeskyttet",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Danish (the system's own text is English)."""
    return _ERRNO_DA.get(exc.errno or 0, exc.strerror or str(exc))
