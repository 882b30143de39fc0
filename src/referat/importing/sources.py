"""The text of an input file for the importer: Word (.docx, through python-docx), PDF with a
text layer (pypdf) or plain text (.txt/.md, OCR output), as lines the importer's parsers read
(ocr.repair → head.read_head → items.read_items).

Word is walked in the body's order, paragraphs and tables interleaved: a numbered paragraph
gets its number written in front ("3. Titel", counted per list and level as Word counts
them), a table row becomes its cells joined by tabs (head.py's attendance table; a label cell
("Deltagere:") and its value by a space), and a blank
line stands between blocks (a heading, a list, a table, a long paragraph) so head.py's
sections end where the document's do; runs of short lines ("Dato: …", one name a line) stay
together. A short heading ("Til stede", "Beslutning") is written as the label it is, with a
colon, as the parsers know labels. A PDF has no paragraphs or cells, only text placed on a
page: a blank line goes where the gap between lines is wide, and a tab between a table row's
cells, found where each cell's text starts in a column shared with the row above or below.

Input files are the user's own, named on the command line, yet nothing in one may stall or
crash the tool: only a regular file is opened (never a FIFO), at most MAX_BYTES of it; a
.docx's zip is checked before python-docx reads it (member count, declared sizes of the XML
it parses; zipfile never returns more than a member's declared size, and python-docx parses
without resolving entities); a PDF over MAX_PAGES is refused before a page is read. Every
problem is a SourceError with a Danish message naming the file."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referat.errors import ReferatError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

MAX_BYTES = 50 * 1024 * 1024  # no minutes are this large; a larger file is something else
MAX_PAGES = 100  # minutes are never this long: a longer PDF is a report or a book
MAX_XML = 50 * 1024 * 1024  # the uncompressed XML python-docx may parse, all parts together
MAX_MEMBERS = 5000  # parts in a .docx's zip
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .doc, or a .docx with a password
BLOCK_GAP = 1.5  # line gap / font size above which a PDF's lines are separate blocks (1.2 in a paragraph)
_SHORT = 60  # a paragraph this short, not ending a sentence, is a line (a label, a name)
READ = ".docx (Word), .pdf med tekst og .txt/.md (tekst, fx fra OCR)"
KINDS = {".docx": "docx", ".pdf": "pdf", ".txt": "tekst", ".md": "tekst"}
_TOO_LARGE = (f"filen er større end {MAX_BYTES // 1024 ** 2} MB, det største, der importeres",
              "Et referat er aldrig så stort: er det den rigtige fil?")
_OTHER = {".doc": "Åbn den i Word og gem den som .docx (Word-dokument)",
          ".odt": "Åbn den i LibreOffice eller Word og gem den som .docx eller PDF",
          ".rtf": "Åbn den i Word og gem den som .docx eller PDF"}


class SourceError(ReferatError):
    """An input file that cannot be read as minutes; the message names the file."""


_Fail = Callable[..., SourceError]  # (problem, advice="") → the error naming the file


@dataclass(frozen=True)
class Source:
    path: str  # as given
    kind: str  # "docx" | "pdf" | "tekst"
    text: str  # plain text, lines as the parsers expect
    pages: int | None = None  # PDF pages read


def read_source(path: Path) -> Source:
    shown = str(path)

    def fail(problem: str, advice: str = "") -> SourceError:
        return SourceError(f"{shown}: {problem}" + (f". {advice}" if advice else ""))

    ending = path.suffix.lower()
    kind = KINDS.get(ending)
    if kind is None:
        raise fail(f"filtypen '{ending or 'ingen endelse'}' kan ikke importeres; der læses {READ}",
                   _OTHER.get(ending, "Gem filen som .docx eller PDF"))
    raw = _read(path, fail)
    if not raw:
        raise fail("filen er tom")
    if kind == "docx":
        return Source(shown, kind, _docx(raw, fail))
    if kind == "pdf":
        text, pages = _pdf(raw, fail)
        return Source(shown, kind, text, pages)
    return Source(shown, kind, _plain(raw, fail))


def _read(path: Path, fail: _Fail) -> bytes:
    """The file's bytes: a regular file (a link to one is followed: the user named it), opened
    without blocking so a FIFO put there since cannot hang the import, never over MAX_BYTES."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise fail("filen findes ikke") from None
    except OSError as exc:
        raise fail(f"filen kan ikke læses ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise fail("er en mappe, ikke en fil", "Nævn filerne i mappen, fx mappe/*.docx")
    if not stat.S_ISREG(st.st_mode):
        raise fail("er ikke en almindelig fil (fx en FIFO eller en enhed)")
    if st.st_size > MAX_BYTES:
        raise fail(*_TOO_LARGE)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise fail("er ikke en almindelig fil (fx en FIFO eller en enhed)")
            raw = f.read(MAX_BYTES + 1)  # never more, even if it grew since its stat
    except OSError as exc:
        raise fail(f"filen kan ikke læses ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise fail(*_TOO_LARGE)
    return raw


# --- plain text --------------------------------------------------------------------------------

def _plain(raw: bytes, fail: _Fail) -> str:
    """UTF-8 (a BOM dropped), UTF-16 with its BOM (Notepad's "Unicode"), else cp1252 (old
    Windows exports); lines end in \\n."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise fail("er ikke tekst (ødelagt UTF-16)") from None
    elif b"\x00" in raw:
        raise fail("er ikke tekst (filen rummer nul-tegn)", "Er det en Word-fil eller PDF med forkert endelse?")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise fail("er ikke tekst i UTF-8 eller Windows-1252") from None
    if "\x00" in text:
        raise fail("er ikke tekst (filen rummer nul-tegn)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- PDF ---------------------------------------------------------------------------------------

def _pdf(raw: bytes, fail: _Fail) -> tuple[str, int]:
    if not raw.lstrip(b"\r\n\t ")[:5] == b"%PDF-":
        raise fail("er ikke en PDF (filen begynder ikke med %PDF-)")
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError
    except ImportError:
        raise fail("PDF kræver pypdf", "Installér det med: pip install 'referat[pdf]'") from None
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens many
            raise fail("PDF'en er beskyttet med adgangskode",
                       "Gem den uden adgangskode (fx Udskriv til PDF), og importér den igen")
        count = len(reader.pages)
        if count == 0:
            raise fail("PDF'en har ingen sider")
        if count > MAX_PAGES:
            raise fail(f"PDF'en har {count} sider; et referat har højst {MAX_PAGES}, så den læses ikke",
                       "Importér referatet alene, ikke et samlet dokument eller en rapport")
        pages = [_page_text(reader.pages[i]) for i in range(count)]
    except SourceError:
        raise
    except DependencyError:
        raise fail("PDF'en er krypteret med AES, som kræver pakken cryptography",
                   "Installér den med: pip install cryptography") from None
    except Exception as exc:  # pypdf meets broken files with many kinds of errors
        raise fail(f"PDF'en er ødelagt og kan ikke læses ({type(exc).__name__})") from None
    if not any(p.strip() for p in pages):
        raise fail("PDF'en har intet tekstlag (en skannet side er et billede); referat læser ikke billeder",
                   "Læg et tekstlag på med OCR, fx: ocrmypdf --language dan ind.pdf ud.pdf (eller tesseract), "
                   "og importér ud.pdf")
    return "\n".join(p.rstrip("\n") for p in pages), count


def _page_text(page: Any) -> str:
    """The page's text layer as pypdf extracts it, with a blank line where the gap to the line
    above is wider than BLOCK_GAP times the font (a paragraph or section break, as head.py's
    sections end at blank lines), and a table's rows with their cells joined by tabs."""
    lines: list[tuple[float | None, str]] = []  # (y, text); y None for a blank line put in
    last: tuple[float, float] | None = None  # the last line's y and font size
    shown: list[tuple[float, float, int]] = []  # each text-showing operator: x, y, glyphs
    width = [1]  # bytes per glyph in the current font: 2 in a Type0 (CID) font
    lost: list[bytes] = []  # operators that could not be followed

    def chunk(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        nonlocal last
        if not text:
            return
        y = _at(cm, tm)[1]
        size = size * (abs(tm[3] * cm[3]) or 1.0)
        if lines and not lines[-1][1].endswith("\n"):
            lines[-1] = (lines[-1][0], lines[-1][1] + text)
            return
        if last is not None and abs(last[0] - y) > BLOCK_GAP * max(size, last[1]):
            lines.append((None, "\n"))
        last = (y, size)
        lines.append((y, text))

    def operator(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        try:
            if op == b"Tf" and args:
                font = fonts.get(args[0])
                width[0] = 2 if font is not None and font.get_object().get("/Subtype") == "/Type0" else 1
            elif op in (b"Tj", b"TJ", b"'", b'"') and args:
                strings = args[0] if op == b"TJ" else args[-1:]
                glyphs = sum(len(_raw(t)) for t in strings if not isinstance(t, (int, float))) // width[0]
                shown.append((*_at(cm, tm), glyphs))
        except Exception:  # an operator these columns cannot follow: the text is read without them
            lost.append(op)

    resources = page.get("/Resources")
    fonts = (resources.get_object().get("/Font") or {}) if resources is not None else {}
    fonts = fonts.get_object() if hasattr(fonts, "get_object") else fonts
    plain = page.extract_text(visitor_text=chunk, visitor_operand_before=operator) or ""
    spaced = "".join(t for _, t in lines)
    # the visitor sees what extract_text returns; should a pypdf version differ, keep its text
    if spaced.replace("\n", "") != plain.replace("\n", ""):
        return str(plain)
    return spaced if lost else "".join(_rows(lines, shown))


def _at(cm: list[float], tm: list[float]) -> tuple[float, float]:
    return tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]


def _raw(text: Any) -> bytes:
    return bytes(text.get_original_bytes() if hasattr(text, "get_original_bytes") else text)


# a list's number or bullet (also Word's "o" and Symbol-font bullets in the private use area): no column
_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[a-zA-Z][.)]|[^\w\s]|o)$")


def _joined(cells: list[str]) -> str:
    """A table row's cells, joined by tabs (head.py's table: name, title, organisation), but
    with a space after a label ("Deltagere:" | "A og B" is a labelled line) or a list marker."""
    line = cells[0]
    for cell in cells[1:]:
        line += (" " if line.endswith(":") or _MARKER.match(line) else "\t") + cell
    return line


def _rows(lines: list[tuple[float | None, str]], shown: list[tuple[float, float, int]]) -> list[str]:
    """The lines, with a tab between the cells of a table row: a line drawn by several
    operators whose texts are exactly its text (pypdf puts one space between them), where a
    cell starts at an x where a cell of the line above or below starts too (a column)."""
    by_y: dict[int, list[tuple[float, float, int]]] = {}
    for op in shown:
        by_y.setdefault(round(op[1]), []).append(op)
    cells: list[list[str] | None] = []
    starts: list[set[int]] = []
    for y, text in lines:
        on_line = [] if y is None else [(x, g) for key in (round(y) - 1, round(y), round(y) + 1)
                                        for x, oy, g in by_y.get(key, []) if abs(oy - y) < 0.5 and g]
        split = _cells(text.rstrip("\n"), on_line)
        cells.append([c for c, _ in split] if split else None)
        starts.append({round(x) for c, x in split[1:]} if split else set())
    drawn = [k for k, (y, _) in enumerate(lines) if y is not None]  # the lines, not the blank ones put in
    near: dict[int, set[int]] = {k: set() for k in range(len(lines))}
    for before, after in zip(drawn, drawn[1:], strict=False):
        near[before] |= starts[after]
        near[after] |= starts[before]
    out = []
    for k, (_, text) in enumerate(lines):
        row = cells[k]
        if row is None or not starts[k] & near[k]:
            out.append(text)
            continue
        out.append(_joined(row) + "\n" * text.endswith("\n"))
    return out


def _cells(text: str, ops: list[tuple[float, int]]) -> list[tuple[str, float]]:
    """(text, x) of each operator's part of the line, when the glyph counts add up to the line
    (with one space between parts, or none); [] otherwise (a ligature, a kerned space)."""
    if len(ops) < 2:
        return []
    parts, at = [], 0
    for k, (x, glyphs) in enumerate(ops):
        parts.append((text[at:at + glyphs].strip(), x))
        at += glyphs
        if k + 1 < len(ops) and text[at:at + 1] == " ":
            at += 1
    return parts if at == len(text) and all(p for p, _ in parts) else []


# --- Word --------------------------------------------------------------------------------------

def _docx(raw: bytes, fail: _Fail) -> str:
    if raw.startswith(_OLE):
        raise fail("er ikke en .docx, men en Word-fil beskyttet med adgangskode eller et gammelt "
                   "Word-dokument (.doc)",
                   "Åbn den i Word, fjern adgangskoden, og gem den som .docx (Word-dokument)")
    if not raw.startswith(b"PK"):
        raise fail("er ikke en Word-fil (.docx er en zip-fil, og denne er ikke)")
    _check_zip(raw, fail)
    try:
        import docx
    except ImportError:
        raise fail("Word kræver python-docx", "Installér det med: pip install 'referat[docx]'") from None
    try:
        document = docx.Document(io.BytesIO(raw))
        return _Walk(document).text()
    except Exception as exc:  # python-docx and lxml meet a broken file with many kinds of errors
        raise fail(f"Word-filen er ødelagt og kan ikke læses ({type(exc).__name__})",
                   "Åbn den i Word, og gem den igen som .docx") from None


def _check_zip(raw: bytes, fail: _Fail) -> None:
    """A readable zip with a Word document, whose XML is not larger than MAX_XML when unpacked
    (zipfile stops at a member's declared size, so the declared sizes are the bound)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise fail("Word-filen er ødelagt (zip-filen kan ikke læses)", "Åbn den i Word, og gem den igen") from None
    if len(members) > MAX_MEMBERS:
        raise fail(f"Word-filen har {len(members)} dele; en .docx har højst {MAX_MEMBERS}")
    if not any(m.filename == "word/document.xml" for m in members):
        raise fail("er en zip-fil, men ikke et Word-dokument (word/document.xml mangler)")
    xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML:
        raise fail(f"Word-filens tekst fylder {xml // 1024 ** 2} MB pakket ud; der læses højst "
                   f"{MAX_XML // 1024 ** 2} MB", "Er det den rigtige fil?")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Walk:
    """The document's body as lines: see the module's docstring."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.levels = _numbering(document)
        self.count: dict[tuple[str, int], int] = {}  # (list, level) → the last number written

    def text(self) -> str:
        blocks: list[list[str]] = []
        joinable = False  # the last block is a run of short lines a short line may join
        last_list = ""
        from docx.table import Table

        for paragraph in self.document.iter_inner_content():  # body order: paragraphs and tables
            if isinstance(paragraph, Table):
                blocks.append(_table_lines(paragraph))
                joinable, last_list = False, ""
                continue
            line = " ".join(paragraph.text.replace("\t", " ").split("\n")).strip()
            if not line:
                joinable, last_list = False, ""
                continue
            numbered = self._number(paragraph)
            style = (paragraph.style.name or "") if paragraph.style is not None else ""
            heading = style.startswith(("Heading", "Title", "Overskrift", "Titel"))
            if numbered is not None:
                list_id, prefix = numbered
                if list_id == last_list and not heading:
                    blocks[-1].append(prefix + line)
                else:
                    blocks.append([prefix + line])
                last_list, joinable = ("" if heading else list_id), False
                continue
            short = len(line) <= _SHORT and not line.endswith((".", "!", "?"))
            if heading and not style.startswith(("Title", "Titel")) and short and not line.endswith(":"):
                line += ":"  # a heading over a list or table ("Til stede") is its label
            if joinable and short and not heading:
                blocks[-1].append(line)
            else:
                blocks.append([line])
            joinable, last_list = short and not heading, ""
        return "\n\n".join("\n".join(b) for b in blocks) + "\n"

    def _number(self, paragraph: Paragraph) -> tuple[str, str] | None:
        """(the list's id, "3. ") for a numbered paragraph; ("…", "") for a bulleted one."""
        num_id, level = _num_pr(paragraph)
        if num_id is None or num_id == "0":
            return None
        definition = self.levels.get(num_id, {})
        if not definition and not num_id.startswith("style:"):
            return None
        for (list_id, lvl) in list(self.count):
            if list_id == num_id and lvl > level:
                del self.count[(list_id, lvl)]  # a deeper level starts again under a new item
        fmt, start, pattern = definition.get(level, ("decimal", 1, f"%{level + 1}."))
        self.count[(num_id, level)] = self.count.get((num_id, level), start - 1) + 1
        if fmt in ("bullet", "none"):
            return num_id, ""
        written = re.sub(r"%([1-9])", lambda m: self._shown(num_id, int(m[1]) - 1), pattern)
        return num_id, f"{written} " if written.strip() else ""

    def _shown(self, num_id: str, level: int) -> str:
        n = self.count.get((num_id, level), self.levels.get(num_id, {}).get(level, ("", 1, ""))[1])
        fmt = self.levels.get(num_id, {}).get(level, ("decimal", 1, ""))[0]
        if fmt == "lowerLetter":
            return chr(ord("a") + (n - 1) % 26)
        if fmt == "upperLetter":
            return chr(ord("A") + (n - 1) % 26)
        return str(n)


def _table_lines(table: Table) -> list[str]:
    """A row a line, its cells joined by a tab; a cell spanning columns once; a cell's
    paragraphs joined by a space."""
    lines = []
    for row in table.rows:
        seen: list[object] = []
        cells = []
        for cell in row.cells:
            if any(cell._tc is s for s in seen):
                continue
            seen.append(cell._tc)
            cells.append(" ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            lines.append(_joined([c for c in cells if c]))
    return lines


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """The paragraph's list and level: its own numPr, else its style's (through basedOn); a
    "List Number" style without numbering in the file is a list of its own."""
    num_id, level = _num_of(paragraph._p)
    if num_id is not None:
        return num_id, level if level is not None else 0
    style = paragraph.style
    depth = 0
    while style is not None and depth < 20:  # a basedOn cycle in a broken file ends here
        style_id, style_level = _num_of(style.element)
        if style_id is not None:
            return style_id, level if level is not None else style_level or 0
        if (style.name or "").startswith("List Number"):
            return f"style:{style.name}", level or 0
        style = style.base_style
        depth += 1
    return None, level or 0


def _num_of(element: Any) -> tuple[str | None, int | None]:
    """numId and ilvl of a paragraph's or style's w:pPr/w:numPr, where written."""
    num_pr = element.find(f"{_W}pPr/{_W}numPr")
    if num_pr is None:
        return None, None
    num_id, level = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
    return (num_id.get(_W + "val") if num_id is not None else None,
            _int(level.get(_W + "val")) if level is not None else None)


Levels = dict[str, dict[int, tuple[str, int, str]]]  # numId → level → (format, start, pattern "%1.")


def _numbering(document: Document) -> Levels:
    """Each list's levels from numbering.xml, with a list's own start overrides."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, tuple[str, int, str]]] = {}
    for a in root.iterchildren(_W + "abstractNum"):
        abstract[a.get(_W + "abstractNumId", "")] = {_int(lvl.get(_W + "ilvl")): _level(lvl)
                                                     for lvl in a.iterchildren(_W + "lvl")}
    out: Levels = {}
    for num in root.iterchildren(_W + "num"):
        ref = num.find(_W + "abstractNumId")
        levels = dict(abstract.get(ref.get(_W + "val", "") if ref is not None else "", {}))
        for override in num.iterchildren(_W + "lvlOverride"):
            start = override.find(_W + "startOverride")
            lvl = _int(override.get(_W + "ilvl"))
            if start is not None and lvl in levels:
                fmt, _, pattern = levels[lvl]
                levels[lvl] = (fmt, _int(start.get(_W + "val"), 1), pattern)
        out[num.get(_W + "numId", "")] = levels
    return out


def _level(lvl: Any) -> tuple[str, int, str]:
    def val(tag: str) -> str | None:
        el = lvl.find(_W + tag)
        return el.get(_W + "val") if el is not None else None
    return val("numFmt") or "decimal", _int(val("start"), 1), val("lvlText") or ""


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
