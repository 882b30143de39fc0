"""Test helpers: a real minutes repository in a temporary git repository, and the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.dk",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.dk"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def run_referat(cwd: Path, *args: str, timeout: float = 120) -> Result:
    """Runs the installed command exactly as a user would, in cwd."""
    proc = subprocess.run([sys.executable, "-m", "referat", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"})
    return Result(proc.returncode, proc.stdout, proc.stderr)


class MinutesRepo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, cwd: Path | None = None) -> Result:
        return run_referat(cwd or self.root, *args)

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


@pytest.fixture
def minutes(tmp_path: Path) -> MinutesRepo:
    """A copy of this project's own minutes (registries, groups, meetings) in a new git repository."""
    root = tmp_path / "arkiv"
    root.mkdir()
    for name in ("personer.yaml", "kommuner.yaml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "moeder", root / "moeder")
    git(root, "init", "-q", "-b", "main")
    repo = MinutesRepo(root)
    repo.commit("mødearkiv")
    return repo


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
