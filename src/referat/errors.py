"""The one exception referat raises for a user's mistake; the command layer prints it."""


class ReferatError(Exception):
    """A problem the user can fix: the message is Danish and says what to do."""
