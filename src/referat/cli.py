"""The command line entry point: the application with every command registered."""

from __future__ import annotations

import sys

from referat.cliapp import app
from referat.commands import aarsrapport, dagsorden, godkend, kalender, ny, opgaver, tjek, vis  # noqa: F401  (importing registers the commands)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader (| head) has gone: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(0)
