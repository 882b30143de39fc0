"""What referat prints from an archive is text, whatever the archive's files and names hold.

A pull request can name a file with a line break and a GitHub workflow command, put terminal
escapes in a title or a person's name, give a file a name that is not UTF-8, or
write a spreadsheet formula as a task. Each test makes such files for real (bytes paths where
the name is not UTF-8), commits them to a real git repository, runs the real CLI and reads
its output as bytes, the way a terminal, a GitHub runner or another program receives it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest

from meetingtext import FINDING, GROUP, VALID, meeting

# A file name that, printed as it is, puts a workflow command on a line of its own.
FORGED = "2025-06-13\n::warning file=x::pwned.md"
FORGED_SHOWN = f"{GROUP}/2025-06-13\\n:\\x3awarning file=x:\\x3apwned.md"
BAD_BYTE_SHOWN = f"{GROUP}/bad\\xff.md"
# Terminal escapes as YAML writes them: red text, and a window title (OSC) ended by BEL.
RED, TITLE = "\\e[31m", "\\e]0;pwned\\a"
RED_SHOWN = "\\x1b[31m"
# The runner reads a workflow command from a line that begins with '::' after blanks, and the
# older syntax '##[command]' anywhere in a line (actions/runner, ActionCommand.cs).
ANNOTATION = re.compile(r"::(error|warning) (?P<props>(?:(?!::).)*)::(?P<data>.*)")


def run(minutes, *args: str):
    """The CLI, its output read as bytes. Its stdout encodes strictly, so printing what is not
    UTF-8 is an error, as under a locale such as en_US.UTF-8 (C.UTF-8 would let it through as
    bytes, which the strict decoding here refuses just the same)."""
    r = minutes.run(*args)
    out, err = r.raw.decode("utf-8"), r.err  # valid UTF-8, or the test fails here
    assert "Traceback" not in err, err
    return r.code, out, err


def controls(text: str) -> list[str]:
    """Control characters in output beyond its line breaks: ESC, BEL, C1 and the like."""
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029")]


def workflow_commands(text: str) -> list[str]:
    """The lines a GitHub runner would obey as workflow commands."""
    return [line for line in text.split("\n") if line.lstrip().startswith("::") or "##[" in line]


def unescape(value: str) -> str:
    """An annotation's property or data as the runner reads it back."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def hostile_meetings(minutes) -> None:
    """A meeting named to forge an annotation, and one with terminal escapes in a person's
    name (with Danish letters and typography) and an agenda item's title; both committed."""
    minutes.write(f"{GROUP}/{FORGED}", VALID)
    minutes.write(f"{GROUP}/2025-06-13.md", meeting(
        ("  - Helle Stisen\n", f'  - "{RED}Søren “Søs” Ærø–Åby — gæst{TITLE}"\n'),
        ("beslutninger:", f'  - nr: 3\n    titel: "{TITLE}Evaluering{RED}"\nbeslutninger:')))
    minutes.commit("fjendtlige navne")


def tjek(minutes, fmt: str) -> tuple[set[str], str]:
    """Runs `tjek --format fmt` over an archive with errors, checks that its output is safe,
    and returns the files its findings name and what they say, as a reader reads them back."""
    code, out, err = run(minutes, "tjek", "--format", fmt)
    assert code == 1, out + err
    assert controls(out) == [] and controls(err) == [], (out, err)
    commands = workflow_commands(out + "\n" + err)
    if fmt != "github":
        assert commands == []
    for line in commands:  # referat's own annotations, each one command on stdout, as the runner reads it
        assert line in out.split("\n")
        found = ANNOTATION.fullmatch(line)
        assert found, line
        props = dict(p.split("=", 1) for p in found["props"].split(","))
        assert set(props) <= {"file", "line", "col", "title"}, line
        assert re.fullmatch(r"[A-Z]\d{3}", props["title"]), line
    if fmt == "json":
        findings = json.loads(out.encode("utf-8"))
        return {f["fil"] for f in findings}, " ".join(f["besked"] + " " + f["forslag"] for f in findings)
    if fmt == "github":
        found = [ANNOTATION.fullmatch(line) for line in commands]
        return ({unescape(f["props"].split(",")[0].removeprefix("file=")) for f in found},
                " ".join(unescape(f["data"]) for f in found))
    return {m["path"] for line in out.split("\n") if (m := FINDING.match(line))}, out


@pytest.mark.parametrize("fmt", ["tekst", "github", "json"])
def test_tjek_prints_hostile_names_and_values_as_visible_escapes(minutes, fmt):
    hostile_meetings(minutes)
    files, said = tjek(minutes, fmt)
    assert {FORGED_SHOWN, f"{GROUP}/2025-06-13.md"} <= files, files
    # the person, as the file writes him: the escapes visible, Danish letters and typography as they are
    assert f"'{RED_SHOWN}Søren “Søs” Ærø–Åby — gæst\\x1b]0;pwned\\x07'" in said
    assert "\\x1b]0;pwned\\x07Evaluering\\x1b[31m" in said  # the agenda item's title


@pytest.mark.parametrize("fmt", ["tekst", "github", "json"])
def test_tjek_names_a_file_whose_name_is_not_utf8(minutes, fmt):
    with open(os.path.join(os.fsencode(minutes.root), b"moeder/boern-og-unge/bad\xff.md"), "wb") as f:
        f.write(VALID.encode("utf-8"))
    minutes.commit()
    files, said = tjek(minutes, fmt)
    assert BAD_BYTE_SHOWN in files
    assert "Navnet er ikke UTF-8" in said  # named, and not read as a meeting (F008)


def test_an_error_line_carries_the_name_and_value_escaped(minutes):
    """'Fejl: …' on stderr quotes the file, or a value from it: neither can end the line."""
    minutes.write(f"{GROUP}/{FORGED}", VALID)
    minutes.write(f"{GROUP}/2025-06-13.md", meeting(("status: udkast", f'status: "{RED}kladde"')))
    minutes.commit()
    for target, quoted in ((f"{GROUP}/{FORGED}", FORGED_SHOWN), (f"{GROUP}/2025-06-13.md", f"{RED_SHOWN}kladde")):
        code, out, err = run(minutes, "godkend", target)
        assert code == 1 and out == ""
        assert err.startswith("Fejl: ") and err.count("\n") == 1, err
        assert quoted in err
        assert controls(err) == [] and workflow_commands(err) == []


def test_a_command_that_succeeds_names_the_task_escaped(minutes):
    """luk's receipt quotes the task as written: escapes and workflow commands stay text."""
    add_task(minutes, HOSTILE_TASK.format(red="\x1b[31m", title="\x1b]0;pwned\x07"))
    code, out, _ = run(minutes, "opgaver", "--dato", "2025-06-14", "--format", "json")
    task = next(r["id"] for r in json.loads(out) if "listen" in r["tekst"])
    code, out, err = run(minutes, "opgaver", "luk", task, "--dato", "2025-06-21")
    assert code == 0, err
    assert out.startswith(f"Lukket {task} (21. juni 2025): Sende \\x1b[31mlisten\\x1b]0;pwned\\x07 videre"), out
    assert controls(out) == [] and workflow_commands(out) == []


def test_an_unreadable_file_is_named_escaped(minutes):
    """A committed link to nothing, named to mask a secret in the log: the finding that names
    it stays on its line."""
    os.symlink("intet.md", minutes.root / GROUP / "2025-07-01\n::add-mask::hemmelig.md")
    minutes.commit()
    for fmt in ("tekst", "github", "json"):
        code, out, err = run(minutes, "tjek", "--format", fmt)
        assert code == 1
        said = " ".join(r["fil"] for r in json.loads(out)) if fmt == "json" else unescape(out + err)
        assert "2025-07-01\\n:\\x3aadd-mask:\\x3ahemmelig.md" in said
        assert not [line for line in workflow_commands(out + "\n" + err) if not ANNOTATION.fullmatch(line)]
        assert "::add-mask::" not in out + err


def test_a_file_that_is_no_meeting_is_named_escaped(minutes):
    minutes.write("noter ::stop-commands::abc.md", "Bare noter.\n")
    minutes.commit()
    code, out, err = run(minutes, "tjek", "--format", "github", "noter ::stop-commands::abc.md")
    assert code == 0, err
    assert "Bemærk: noter :\\x3astop-commands:\\x3aabc.md er ikke et møde" in err
    assert workflow_commands(out + "\n" + err) == []


# --- opgaver ------------------------------------------------------------------------------------

HOSTILE_TASK = ("- [ ] Sende {red}listen{title} videre ::warning file=x::pwned og ##[add-mask]hemmelig "
                "med\u2028et linjeskift. Ansvarlig: Povl Skov. Frist: 1. september 2025.\n")


def add_task(minutes, line: str) -> None:
    """A meeting of 20 June 2025 with one more task, written as line."""
    minutes.write(f"{GROUP}/2025-06-20.md", meeting(
        ("dato: 2025-06-13", "dato: 2025-06-20"),
        ("      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n",
         "      Ansvarlig: Povl Skov. Frist: 1. september 2025.\n" + line)))
    minutes.commit()


@pytest.mark.parametrize("fmt", ["tabel", "json", "csv"])
def test_opgaver_prints_a_hostile_task_as_text(minutes, fmt):
    add_task(minutes, HOSTILE_TASK.format(red="\x1b[31m", title="\x1b]0;pwned\x07"))
    code, out, err = run(minutes, "opgaver", "--dato", "2025-06-14", "--format", fmt)
    assert code == 0, err
    out = out.replace("\r\n", "\n")  # CSV's line end (RFC 4180); a lone CR still counts
    assert controls(out) == [] and controls(err) == []
    assert workflow_commands(out + "\n" + err) == []
    if fmt == "tabel":
        assert "\\x1b[31mlisten" in out
    if fmt == "json":
        rows = json.loads(out.encode("utf-8"))
        text = next(r["tekst"] for r in rows if "listen" in r["tekst"])
        assert text.startswith("Sende \\x1b[31mlisten\\x1b]0;pwned\\x07 videre :\\x3awarning")
        assert "##\\x5badd-mask]hemmelig med\\u2028et linjeskift" in text
    if fmt == "csv":  # as Danish Excel reads it: a BOM and ';'
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
        assert any(r["tekst"].startswith("Sende \\x1b[31mlisten") for r in rows)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","klik")', "+1+2", "-2+3", "@SUM(1+1)"])
def test_csv_never_starts_a_formula(minutes, text):
    """OWASP's advice: a cell a spreadsheet would read as a formula begins with a single quote."""
    add_task(minutes, f"- [ ] {text}. Ansvarlig: Povl Skov. Frist: 1. september 2025.\n")
    code, out, err = run(minutes, "opgaver", "--dato", "2025-06-14", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    cells = [c for r in rows for c in r.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert f"'{text}." in [r["tekst"] for r in rows]
    # ... and JSON, which no spreadsheet reads as formulas, keeps the text as written
    code, out, err = run(minutes, "opgaver", "--dato", "2025-06-14", "--format", "json")
    assert f"{text}." in [r["tekst"] for r in json.loads(out)]
