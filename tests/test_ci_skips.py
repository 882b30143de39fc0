"""In CI a skipped test is a failure: the Word and PDF tests skip where their extra or
WeasyPrint's system libraries are missing, and CI exists to run them (issue 14)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import PROJECT

SKIPPING = '''
import pytest

pytest.importorskip("referat_has_no_such_module")


def test_never_runs():
    pass
'''

PASSING_AND_SKIPPING = '''
import pytest


def test_runs():
    pass


def test_skips():
    pytest.skip("WeasyPrint mangler Pango")
'''


@pytest.mark.parametrize("ci", ["true", None])
def test_a_skipped_test_fails_the_run_in_ci_and_is_named_with_its_reason(tmp_path, ci):
    shutil.copy(PROJECT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_a.py").write_text(PASSING_AND_SKIPPING, encoding="utf-8")
    (tmp_path / "test_b.py").write_text(SKIPPING, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci else {})
    workers = "2" if ci else "0"  # in CI the reports come from pytest-xdist's workers
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", workers, str(tmp_path)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "1 passed, 2 skipped" in run.stdout, run.stdout + run.stderr
    if ci == "true":
        assert run.returncode == 1, run.stdout
        assert "test_a.py::test_skips: Skipped: WeasyPrint mangler Pango" in run.stdout
        assert "test_b.py: Skipped: could not import 'referat_has_no_such_module'" in run.stdout
    else:
        assert run.returncode == 0, run.stdout
        assert "skipped in CI" not in run.stdout


def test_ci_sets_ci_and_installs_weasyprints_libraries_before_the_tests():
    lines = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines.index('export CI="${CI:-true}"') < lines.index(".ci/system-libraries") < len(lines) - 1
    assert lines.index("python3 -m pip install --quiet --disable-pip-version-check -e '.[test,pdf,docx]'") \
        < lines.index(".ci/system-libraries")
    assert os.access(PROJECT / ".ci" / "system-libraries", os.X_OK)
