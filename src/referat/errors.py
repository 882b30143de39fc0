"""The one exception referat raises for a user's mistake; the command layer prints it."""


class ReferatError(Exception):
    """A problem the user can fix: the message is Danish and says what to do."""


class GitError(ReferatError):
    """git could not answer what was asked (an unknown revision, no repository, no git): the
    command was used wrongly or in the wrong place, so the command layer exits with 2."""
