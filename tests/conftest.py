"""Test helpers: a real minutes repository in a temporary git repository, and the real CLI."""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import gc
import os
import pickle
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import traceback
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

import referat.cli  # noqa: F401  (importing registers the commands on the app)
from referat.cliapp import app

PROJECT = Path(__file__).resolve().parent.parent
# The project is itself a live minutes archive that secretaries add to, so tests read a frozen
# copy of its minutes (moeder/, personer.yaml and kommuner.yaml as they stood at 6531f9f): a
# new meeting in moeder/ changes no test. Only the invariants that hold for any archive (in
# test_repository_data.py) read the live ones, through PROJECT.
ARCHIVE = PROJECT / "tests" / "fixtures" / "arkiv"
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}
HANG = 120  # seconds a run may take before the test process is stopped with a traceback of where it hung


@dataclass
class Result:
    code: int
    out: str
    err: str
    raw: bytes = b""  # stdout as written: a PDF or DOCX sent to stdout

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.dk",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.dk"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def run_referat(cwd: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    """Runs the CLI in this process, in cwd, as a user would from a shell whose output is not a
    terminal. An exception that escapes the command fails the test with its traceback: a
    traceback is what a user must never see. What a real process alone shows (exit codes of
    the entry point, broken pipes, terminals, signals) is in test_smoke.py."""
    before = _process_state()
    os.chdir(cwd)
    faulthandler.dump_traceback_later(HANG, exit=True)
    try:
        result = _RUNNER.invoke(app, list(args), env={**ENV, **(env or {})}, catch_exceptions=True)
    finally:
        faulthandler.cancel_dump_traceback_later()
        os.chdir(before[0])
        _forget()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"referat {' '.join(args)} raised {result.exception!r}\n"
                             f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}") from result.exception
    assert _process_state() == before, "the command left its mark on the process"
    return Result(result.exit_code, _text(result.stdout_bytes), _text(result.stderr_bytes), result.stdout_bytes)


def _text(data: bytes) -> str:
    """Output as a shell user's program reads it in text mode: line ends as \\n."""
    return data.decode("utf-8", "backslashreplace").replace("\r\n", "\n").replace("\r", "\n")


def start_forked(cwd: Path, *args: str, env: dict[str, str | None] | None = None) -> tuple[int, int]:
    """run_referat in a forked child of this process: referat is imported already, so the
    child starts at once (two started together run together), and a run that hangs stops only
    the child. Returns its process id and the pipe that brings its Result."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            try:
                answer = run_referat(cwd, *args, env=env)
            except BaseException:
                answer = Result(70, "", traceback.format_exc())
            with open(write, "wb") as f:
                pickle.dump(answer, f)  # to our own parent, from our own code
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


def finish_forked(child: tuple[int, int], timeout: float = HANG) -> Result:
    """The Result of a start_forked child; it is killed, and the test fails, if it takes longer
    than timeout seconds."""
    pid, read = child
    chunks, deadline = [], time.monotonic() + timeout
    with open(read, "rb", buffering=0) as f:
        while select.select([f], [], [], max(0.0, deadline - time.monotonic()))[0]:
            if not (chunk := f.read(1 << 20)):
                break
            chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"referat did not finish within {timeout} s")
    _, status = os.waitpid(pid, 0)
    assert chunks, f"referat's child process ended without a result (wait status {status})"
    return pickle.loads(b"".join(chunks))


def run_forked(cwd: Path, *args: str, env: dict[str, str | None] | None = None, timeout: float = HANG) -> Result:
    return finish_forked(start_forked(cwd, *args, env=env), timeout)


_RUNNER = CliRunner()
# typer's runner builds the click command from the app on each call, which takes about as long as
# a small command itself; the app never changes, so it is built once.
assert hasattr(typer.testing, "_get_command")
typer.testing._get_command = functools.cache(typer.testing._get_command)


def _process_state() -> tuple:
    """What a command could change in the process and must give back: the working folder, the
    address-space limit and the alarm templating.py sets while it renders a repository's
    template, and the cyclic garbage collector."""
    import resource

    return (os.getcwd(), resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM),
            signal.getitimer(signal.ITIMER_REAL), gc.isenabled())


# functools caches whose value depends on nothing a test changes (their arguments, or
# referat's own source files): they may stay from one run to the next.
_PURE = {"referat.cache.code_fingerprint", "referat.registry.key", "referat.mdrender.parser",
         "referat.tasklist._wrapper"}


def _forget() -> None:
    """Forgets what one run remembered, so that the next starts as a new process would: every
    other functools cache of referat's modules (such as the user's cache key, found through
    HOME and XDG_CACHE_HOME) and the objects a cache load froze out of the collector's sight."""
    for name, module in list(sys.modules.items()):
        if name == "referat" or name.startswith("referat."):
            for attr, value in list(vars(module).items()):
                if isinstance(value, functools._lru_cache_wrapper) and f"{name}.{attr}" not in _PURE:
                    value.cache_clear()
    gc.unfreeze()


class MinutesRepo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None) -> Result:
        return run_referat(cwd or self.root, *args, env=env)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def commit(self, message: str = "ændring") -> None:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """test_live_archive.py runs the whole suite again: it comes last, so that its run has the
    cores to itself and no test that measures CPU time shares a core with the other run."""
    items.sort(key=lambda item: item.path.name == "test_live_archive.py")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


_SKIPPED: list[pytest.TestReport | pytest.CollectReport] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remembers each skipped test (under pytest-xdist the main process gets every worker's
    reports too)."""
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPPED.append(report)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    """Remembers a test file skipped whole (a pytest.importorskip outside a test)."""
    if report.skipped:
        _SKIPPED.append(report)


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    return longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _in_ci() and _SKIPPED:
        terminalreporter.section("skipped in CI: a skipped test fails the run where CI is set", sep="=",
                                 red=True, bold=True)
        for report in _SKIPPED:
            terminalreporter.write_line(f"{report.nodeid}: {_skip_reason(report)}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In CI (the environment variable CI, which GitHub Actions and .ci/run set) a skipped test
    fails the run: the PDF and Word tests skip where their extra or WeasyPrint's system
    libraries are missing, and CI exists to run them."""
    if _in_ci() and _SKIPPED and not hasattr(session.config, "workerinput") \
            and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def _archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen copy of this project's minutes (registries, groups, meetings) committed to a
    new git repository, once: each test gets a copy, which costs no git process."""
    root = tmp_path_factory.mktemp("original") / "arkiv"
    shutil.copytree(ARCHIVE, root, ignore=shutil.ignore_patterns(".referat-cache"))  # left by a run by hand
    git(root, "init", "-q", "-b", "main", "--template=")
    MinutesRepo(root).commit("mødearkiv")
    return root


@pytest.fixture
def minutes(tmp_path: Path, _archive: Path) -> MinutesRepo:
    """A copy of the frozen copy of this project's minutes in a git repository of its own."""
    root = tmp_path / "arkiv"
    shutil.copytree(_archive, root, symlinks=True)
    return MinutesRepo(root)


# --- what the command tests share --------------------------------------------------------------


def ok(result: Result) -> Result:
    """A run that succeeded: exit 0 and no traceback."""
    assert result.code == 0, f"exit {result.code}\nstdout:\n{result.out}\nstderr:\n{result.err}"
    assert "Traceback" not in result.err
    return result


def failed(result: Result, *phrases: str, code: int = 1) -> str:
    """The Danish error message of a run that should fail, with no traceback and no output,
    and holding each of phrases."""
    assert result.code == code, f"exit {result.code}\nstdout:\n{result.out}\nstderr:\n{result.err}"
    assert "Traceback" not in result.err
    assert result.out == ""
    assert result.err.startswith("Fejl: "), result.err
    for phrase in phrases:
        assert phrase in result.err, f"{phrase!r} not in {result.err!r}"
    return result.err


def in_order(text: str, parts: list[str]) -> None:
    """Each part occurs in text, after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}"
        at = found + len(part)


def a4_pages(pdf: bytes) -> int:
    """How many pages the PDF has, each of which must be A4. The page objects may be in
    compressed streams, so those are unpacked first."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", b"\n".join(parts))
    assert all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in boxes), boxes  # A4 in points
    return len(boxes)
