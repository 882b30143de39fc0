"""What only a real process shows: the exit codes of the installed `referat` command, a reader
that has gone away (`referat opgaver | head -1`), and a terminal as stdout (colours; a PDF or
DOCX is not shown there). Every other test runs the CLI in the test process (conftest.py).
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV
from meetingtext import FILE, meeting

ANSI = re.compile(r"\x1b\[")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
MEETING = "moeder/boern-og-unge/2025-03-07.md"


def installed() -> str:
    found = shutil.which("referat", path=os.pathsep.join([os.path.dirname(sys.executable), os.environ["PATH"]]))
    assert found, "the referat command is not installed: python3 -m pip install -e '.[test,pdf,docx]'"
    return found


def env(**changes: str | None) -> dict[str, str]:
    merged = {**os.environ, **ENV, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def referat(cwd: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    return subprocess.run([installed(), *args], cwd=cwd, env=kwargs.pop("env", env()), text=True, timeout=120,
                          **kwargs)


def in_terminal(cwd: Path, environ: dict[str, str], *args: str) -> tuple[int, str]:
    """The command with a pseudo-terminal as stdout and stderr, as when a person types it."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([installed(), *args], cwd=cwd, env=environ, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8")


# --- exit codes --------------------------------------------------------------------------------


def test_exit_0_when_the_archive_is_in_order(minutes):
    proc = referat(minutes.root, "tjek")
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    assert proc.stdout.startswith("Alt er i orden: ")


def test_exit_1_on_a_finding_with_no_traceback(minutes):
    minutes.write(FILE, meeting(("status: udkast", "status: kladde")))
    proc = referat(minutes.root, "tjek", FILE)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert " fejl S" in proc.stdout and "Traceback" not in proc.stderr


def test_exit_2_on_wrong_usage_and_1_on_a_danish_error(minutes):
    proc = referat(minutes.root, "opgaver", "--format", "odt")
    assert proc.returncode == 2 and proc.stderr.startswith("Fejl: --format kan være "), proc.stderr
    proc = referat(minutes.root.parent, "opgaver")  # no minutes archive here
    assert proc.returncode == 1 and proc.stderr.startswith("Fejl: "), proc.stderr
    assert "Traceback" not in proc.stderr


def test_python_m_referat_is_the_same_command(minutes):
    proc = subprocess.run([sys.executable, "-m", "referat", "--version"], cwd=minutes.root, capture_output=True,
                          text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "referat 0.1.0\n", "")


# --- a reader that has gone ----------------------------------------------------------------------


def test_a_closed_pipe_is_no_traceback(minutes):
    """`referat opgaver | head -1` where head has exited: the first write fails (EPIPE), and
    referat stops without a word; Python's own flush at exit must not fail again either."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = referat(minutes.root, "opgaver", "--alle", capture_output=False, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert proc.stderr == ""  # (the exit code is click's: 1)


# --- a terminal ----------------------------------------------------------------------------------


def test_overdue_deadlines_are_coloured_on_a_terminal(minutes):
    terminal = env(NO_COLOR=None, FORCE_COLOR=None, TERM="xterm-256color")
    code, out = in_terminal(minutes.root, terminal, "opgaver", "--dato", "2025-05-10")
    assert code == 0 and "09.05.2025 !" in out
    assert ANSI.search(out)  # so test_opgaver's test that finds no colour in piped output can fail


def test_no_color_is_respected_on_a_terminal(minutes):
    code, out = in_terminal(minutes.root, env(FORCE_COLOR=None, TERM="xterm-256color"),
                            "opgaver", "--dato", "2025-05-10", "--ansvarlig", "lisbeth-broberg")
    assert code == 0 and "09.05.2025 !" in out
    colours = COLOUR.findall(out)
    assert not [c for c in colours if re.search(r"(^|;)3[0-9]|(^|;)9[0-7]", c[2:-1])], repr(out[:400])


@pytest.mark.parametrize("fmt, extra", [("pdf", "weasyprint"), ("docx", "docx")])
def test_a_pdf_or_docx_is_not_shown_on_a_terminal(minutes, fmt, extra):
    pytest.importorskip(extra)
    code, out = in_terminal(minutes.root, env(), "dagsorden", MEETING, "--format", fmt)
    assert code == 1
    assert out.replace("\r\n", "\n") == (f"Fejl: En {fmt.upper()}-fil vises ikke i terminalen; skriv den til en fil "
                                         f"med --ud dagsorden.{fmt}\n")
