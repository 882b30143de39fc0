"""Reading a text file from a minutes repository: bytes to text, and front matter to YAML.

Everything a person can get wrong before the content is even read (encoding, missing or
unterminated front matter, a file that is too large) becomes a finding here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from referat.findings import Collector
from referat.rules import Rule
from referat.yamlread import YamlDoc, load

# A real meeting is 5-50 KB. The limit keeps a wrong file (a PDF, a log) from costing time.
MAX_BYTES = 2 * 1024 * 1024

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass
class Source:
    text: str  # with a BOM removed and line endings normalised to \n
    crlf: bool


def decode(raw: bytes, out: Collector) -> Source | None:
    """The file as text, or None with a finding saying why it cannot be read."""
    if len(raw) > MAX_BYTES:  # bytes from git; a file of the archive is refused before it is read
        too_large(len(raw), out)
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        out.report(Rule.F001, (line, 1), "Filen er ikke en tekstfil (den indeholder NUL-tegn)")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        out.report(Rule.F001, (line, col), _not_utf8_message(raw),
                   "Gem filen som UTF-8 (i Word: Gem som > Almindelig tekst > Unicode (UTF-8)), eller "
                   "konvertér den: iconv -f WINDOWS-1252 -t UTF-8 FIL > NY_FIL")
        return None
    crlf = "\r\n" in text
    if crlf or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    control_characters(text, out)
    return Source(text, crlf)


def too_large(size: int, out: Collector) -> None:
    out.report(Rule.F006, None, f"Filen er for stor ({size // 1024} KB); et møde må højst fylde "
               f"{MAX_BYTES // 1024 // 1024} MB")


# Characters that are no text, the one list: tjek warns about them (F012) and every document
# leaves them out (printable.clean). The C0 controls but tab and line feed (a CR is gone by the
# time tjek looks), DEL, the C1 controls, the line and paragraph separators that Python's
# splitlines() and JavaScript take for line breaks, lone surrogates and the two noncharacters
# XML forbids. A form feed comes with text copied out of a PDF.
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {"\x08": "backspace", "\x0b": "lodret tabulator", "\x0c": "sideskift", "\x1b": "escape-tegn",
                  "\x7f": "slettetegn", "\x85": "linjeskift (NEL)", "\u2028": "linjeseparator",
                  "\u2029": "afsnitsseparator"}
MAX_CONTROL_LINES = 10  # warnings a file; a PDF pasted whole would give one a page


def _control_name(c: str) -> str:
    """'sideskift (U+000C)'."""
    return f"{_CONTROL_NAMES.get(c, 'styretegn')} (U+{ord(c):04X})"


def control_characters(text: str, out: Collector) -> None:
    """F012, a warning at the first control character of each line that has one (at most
    MAX_CONTROL_LINES, then one finding that counts the rest). One pass over the text: the
    line number is counted on from the previous hit."""
    shown = rest = 0
    line, line_start, counted = 1, 0, 0
    m = NOT_TEXT.search(text)
    while m is not None:
        at = m.start()
        newlines = text.count("\n", counted, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if shown < MAX_CONTROL_LINES:
            shown += 1
            found = sorted(set(NOT_TEXT.findall(text, at, end)))
            what = "et usynligt styretegn" if len(found) == 1 else "usynlige styretegn"
            out.report(Rule.F012, (line, at - line_start + 1),
                       f"Linjen indeholder {what}: " + " og ".join(map(_control_name, found)),
                       ("Slet tegnet; det" if len(found) == 1 else "Slet tegnene; de")
                       + " kommer typisk med tekst kopieret fra en PDF eller et andet program")
        else:
            rest += 1
        counted = at
        m = NOT_TEXT.search(text, end)
    if rest:
        lines = "1 linje mere indeholder" if rest == 1 else f"{rest} linjer mere indeholder"
        out.report(Rule.F012, None, f"{lines} styretegn; kun de første {MAX_CONTROL_LINES} er vist")


def _not_utf8_message(raw: bytes) -> str:
    # Word on Danish Windows saves æ, ø, å as single bytes 0xE6, 0xF8, 0xE5 (Windows-1252).
    if any(b in raw for b in (b"\xe6", b"\xf8", b"\xe5", b"\xc6", b"\xd8", b"\xc5")):
        return "Filen er ikke UTF-8; den ser ud til at være Windows-1252 (fx gemt fra Word)"
    return "Filen er ikke UTF-8"


@dataclass
class FrontMatter:
    yaml: YamlDoc
    body: str
    body_line: int  # 1-based line number of the body's first line in the file


def split_front_matter(text: str, out: Collector) -> FrontMatter | None:
    """The YAML between the opening and closing `---`, read with positions, and the body."""
    if not text.strip():
        out.report(Rule.F002, (1, 1), "Filen er tom")
        return None
    if not _FENCE.match(text):
        out.report(Rule.F003, (1, 1), "Front matter mangler: filen skal begynde med en linje med ---",
                   "Se et eksempel med 'referat format mødefil'")
        return None
    first_nl = text.find("\n")
    if first_nl < 0:
        out.report(Rule.F004, (1, 1), "Front matter slutter ikke: der mangler en linje med --- efter den")
        return None
    closing = _closing_fence(text, first_nl)
    if closing is None:
        out.report(Rule.F004, (1, 1), "Front matter slutter ikke: der mangler en linje med --- efter den",
                   "Tilføj en linje med --- mellem front matter og referatet")
        return None
    yaml_text = text[first_nl + 1: closing.start()]
    end = text.find("\n", closing.end())
    body = "" if end < 0 else text[end + 1:]
    body_line = text.count("\n", 0, closing.start()) + 2
    doc = load(yaml_text, line_offset=1)
    for p in doc.problems:
        out.report(p.rule, (p.line, p.col), p.message)
    return FrontMatter(doc, body, body_line)


def _closing_fence(text: str, newline: int) -> re.Match[str] | None:
    """_FENCE.search(text, newline + 1), where text[newline] is a newline: str.find jumps
    from candidate to candidate, where the regex would try every character of the YAML."""
    at = newline
    while (at := text.find("\n---", at)) >= 0:
        m = _FENCE.match(text, at + 1)
        if m:
            return m
        at += 1
    return None


def read_yaml_file(raw: bytes, out: Collector) -> YamlDoc | None:
    """A registry or group file: all of it is YAML."""
    source = decode(raw, out)
    if source is None:
        return None
    doc = load(source.text)
    for p in doc.problems:
        out.report(p.rule, (p.line, p.col), p.message)
    return doc
