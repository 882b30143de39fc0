"""The command line entry point: the application with every command registered."""

from __future__ import annotations

import os
import sys

from referat.cliapp import app
from referat.commands import (  # noqa: F401  (importing registers the commands)
    aarsrapport,
    dagsorden,
    formatet,
    godkend,
    importer,
    init,
    kalender,
    ny,
    opgaver,
    paamind,
    site,
    tjek,
    udsend,
    vis,
)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader (| head) has gone: not an error worth a traceback. Point stdout at
        # /dev/null so Python's own flush at exit does not fail again (Python docs, "SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
