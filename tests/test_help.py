"""Every command's --help speaks the user's language: option values are named in Danish
(DATO, GRUPPE, ...), not by their Python type."""

from __future__ import annotations

import re

import pytest

from conftest import ok
from test_dansk_cli import COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "referat")
def test_help_names_option_values_in_danish(minutes, command):
    out = ok(minutes.run(*command, "--help")).out
    assert "Brug:" in out  # the help was shown
    assert not re.search(r"<str>|<path>|\bTEXT\b|\bPATH\b|\[default:", out), out
    for option in ("--dato", "--gruppe", "--format", "--inden", "--moede", "--ansvarlig", "--kommune"):
        for line in out.splitlines():
            if re.search(rf"{option}\b", line):
                assert re.search(rf"{option} [A-ZÆØÅ]+\b", line), line
