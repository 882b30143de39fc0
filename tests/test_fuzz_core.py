"""The core that reads and checks one meeting, fuzzed directly at hundreds of examples: whatever
a file holds, reading it and checking it returns findings and never raises, and every finding
points into the file. This is the path `referat tjek` takes for each meeting (read_meeting_file,
then check_meeting against the archive's registries); test_tjek_input.py fuzzes the same
through the command line, at fewer examples.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ARCHIVE
from meetingtext import FILE, GROUP, VALID
from referat.archive import Archive
from referat.check import check_meeting
from referat.findings import Finding, Severity
from referat.meeting import read_meeting_file

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGISTRY = Archive(ARCHIVE, use_cache=False).registry  # this project's persons, organisations and groups, frozen
CODE = re.compile(r"[A-Z]\d{3}")


def check_one(raw: bytes) -> list[Finding]:
    """What `referat tjek` finds in one meeting file's bytes."""
    meeting, findings = read_meeting_file(raw, FILE, GROUP.removeprefix("moeder/"))
    if meeting is None:
        assert any(f.is_error for f in findings), "a file that is no meeting must say why"
        return findings
    return findings + check_meeting(meeting, REGISTRY)


def assert_findings_point_into(raw: bytes, findings: list[Finding]) -> None:
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1  # a lone CR ends a line too
    for f in findings:
        assert isinstance(f, Finding) and f.path == FILE, f
        assert CODE.fullmatch(f.code) and isinstance(f.severity, Severity), f
        assert 0 <= f.line <= lines and f.col >= 0, (f, lines)
        assert f.message and "Traceback" not in f.message, f


def never_raises(raw: bytes) -> list[Finding]:
    findings = check_one(raw)
    assert_findings_point_into(raw, findings)
    return findings


def test_the_valid_meeting_has_no_findings():
    """So the fuzzing below starts from a meeting the checker reads as valid."""
    assert never_raises(VALID.encode()) == []


# --- anything at all ---------------------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_arbitrary_bytes(raw):
    never_raises(raw)


@FUZZ
@given(text=st.text(max_size=2000))
def test_arbitrary_text(text):
    never_raises(text.encode("utf-8"))


_YAMLISH = st.text(alphabet=st.sampled_from(list("abdgnrst:-[]{}&*!|>'\" \n\t#%@,?012.æøå\r\ufeff")), max_size=600)


@FUZZ
@given(front=st.one_of(_YAMLISH, st.text(max_size=800)), closed=st.booleans(), body=st.text(max_size=500))
def test_front_matter_of_anything(front, closed, body):
    never_raises(("---\n" + front + ("\n---\n" + body if closed else "")).encode("utf-8"))


# --- near-valid meetings: the valid one with a few of its lines changed ---------------------------

LINES = VALID.split("\n")
_VALUE = st.one_of(
    st.sampled_from(["", "~", "null", "[]", "{}", "-", "- x", "[a, b", "{a: b}", "&a x", "*a", "!!python/object x",
                     "|", ">", "'", '"', "2025-13-45", "13. juni 2025", "fredag den 13. juni 2025", "25:99",
                     "10:00-13:00", "0", "-1", "1e9", "true", "ja", "yes", "Povl Skov", "povl-skov",
                     "Povl Skov og Julie Folke", "[Povl Skov, Holbæk]", "{person: Povl Skov}", "alle kommuner",
                     "Holbæk Kommune", "udkast", "godkendt", "planlagt", "aflyst", "beslutning", "[1, 2]", "3"]),
    st.text(max_size=60),
    st.integers().map(str),
)
_LINE = st.one_of(
    st.sampled_from(LINES),
    _VALUE,
    st.builds(lambda indent, key, value: " " * indent + key + ": " + value,
              st.integers(0, 6),
              st.sampled_from(["dato", "tid", "sted", "status", "referent", "deltagere", "afbud", "dagsorden",
                               "nr", "titel", "ansvarlig", "type", "punkt", "tekst", "person", "punkter",
                               "gaest", "godkendt", "moede", "bilag", "links", "url", "lukket"]),
              _VALUE),
    st.builds(lambda box, text, fields: f"- [{box}] {text}{fields}",
              st.sampled_from([" ", "x", "X", "", "  "]), st.text(max_size=30),
              st.sampled_from(["", " Ansvarlig: Povl Skov.", " Frist: 1. september 2025.", " Lukket: 2025-06-20.",
                               " Ansvarlig: Ukendt Person. Frist: 31. februar 2025.", " Frist: i morgen"])),
)


FIELD = re.compile(r"\s*(- )?\w+:")


@st.composite
def near_valid(draw) -> str:
    """VALID with one to four changes: most often a field's value replaced, else a line
    replaced, inserted, deleted, indented differently or doubled."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        change = draw(st.sampled_from(["value", "value", "value", "replace", "insert", "delete", "indent",
                                       "duplicate"]))
        fields = [i for i, line in enumerate(lines) if FIELD.match(line)]
        if change == "value" and fields:
            at = draw(st.sampled_from(fields))
            lines[at] = lines[at].split(":", 1)[0] + ": " + draw(_VALUE)
            continue
        at = draw(st.integers(0, len(lines) - 1))
        if change == "replace":
            lines[at] = draw(_LINE)
        elif change == "insert":
            lines.insert(at, draw(_LINE))
        elif change == "delete" and len(lines) > 1:
            del lines[at]
        elif change == "indent":
            lines[at] = " " * draw(st.integers(0, 5)) + lines[at].lstrip(" ")
        elif change == "duplicate":
            lines.insert(at, lines[at])
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@FUZZ
@given(text=near_valid())
def test_near_valid_meetings(text):
    never_raises(text.encode("utf-8"))


@FUZZ
@given(text=near_valid(), bom=st.booleans(), cut=st.integers(0, len(VALID)))
def test_near_valid_meetings_with_a_bom_or_cut_off(text, bom, cut):
    never_raises((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")[: max(cut, len(text) // 2)])
