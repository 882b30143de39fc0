"""Word files for every document: the document's own Markdown (what `--format md` gives)
turned into .docx by pandoc with a reference document, then finished with python-docx.

Why pandoc: it is the well-kept converter that takes its styles, page, header and footer from a
reference .docx, so a secretariat restyles every Word file by editing one file in Word
(templates/referat.docx in its archive, else the package's). The shape of each document is
declared once, in its Markdown template; this module knows no document.

What pandoc does not do is done here: the file's properties (title, subject, author, dates,
language), the header's placeholders ({udkast}, {gruppe}, {dokument}, {dato}), table columns as
wide as their content, and rows that do not break across pages.

The Markdown holds text from meeting files, which anyone may have written. Pandoc reads it as
GitHub Markdown with raw HTML and every other raw or metadata extension off (raw OOXML could
otherwise put fields or external content into the file), runs with --sandbox (it reads no file
but its input and the reference document, and fetches nothing: an image stays its description),
with a memory cap and a time limit; its filter (data/word.lua) shows raw HTML as text and an
image as its description, and keeps links to the web and mail only, as the HTML documents do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referat import repo
from referat.errors import ReferatError
from referat.formats import DOCX_MISSING
from referat.printable import clean
from referat.source import MAX_BYTES
from referat.templating import PACKAGED, TEMPLATE_DIR, own_templates

REFERENCE = "referat.docx"
SHOWN = f"{TEMPLATE_DIR}/{REFERENCE}"
FILTER = Path(__file__).parent / "data" / "word.lua"  # raw HTML as text, images as words, safe links only
MAX_SECONDS = 60  # pandoc turns a real document in well under a second
# GitHub Markdown as markdown-it reads it for HTML: tables, strikethrough, task lists; nothing raw.
READER = "gfm-raw_html-yaml_metadata_block-tex_math_dollars-tex_math_gfm-footnotes-alerts-emoji"
_PLACEHOLDER = re.compile(r"\{(udkast|gruppe|dokument|dato)\}")
_TEXT_WIDTH_CHARS = 95  # characters of body text a line of an A4 page holds at 10.5 pt
_CHAR = 115 * 635  # EMU a character of 10.5 pt text takes, with room for a bold heading row
_CELL_PADDING = 2 * 108 * 635  # EMU: the reference document's cell margins, left and right


@dataclass(frozen=True)
class WordInfo:
    """What a Word file says about itself: its properties and its header line."""

    title: str  # "Udkast til referat: Netværksgruppe Børn og Unge, 7. marts 2025"
    subject: str  # the group
    author: str  # the referent, or whoever made the document
    day: dt.date  # the document's date: created and modified
    document: str  # the header's {dokument}: "Referat af mødet 7. marts 2025"
    date_text: str  # the header's {dato}: "7. marts 2025"
    draft: bool  # the header's {udkast}: "UDKAST" on every page, or nothing
    source: str = ""  # the file it was made from, kept in the properties, never shown


def render(root: Path | None, markdown: str, info: WordInfo) -> bytes:
    """The Markdown as a finished Word file."""
    # The Markdown is clean (templating.render); the properties come straight from the archive.
    info = dataclasses.replace(info, title=clean(info.title), subject=clean(info.subject), author=clean(info.author),
                               document=clean(info.document), date_text=clean(info.date_text),
                               source=clean(info.source))
    own = own_reference(root)
    if own is None:
        data = _pandoc(markdown, PACKAGED / REFERENCE, own=False)
    else:  # pandoc reads a copy outside the archive: what it opens is what was checked
        with tempfile.TemporaryDirectory(prefix="referat-") as folder:
            copy = Path(folder) / REFERENCE
            copy.write_bytes(own)
            data = _pandoc(markdown, copy, own=True)
    import docx

    doc = docx.Document(io.BytesIO(data))
    _properties(doc, info)
    _header_and_footer(doc, info)
    _language(doc)
    for table in doc.tables:
        _table(doc, table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def own_reference(root: Path | None) -> bytes | None:
    """The archive's own templates/referat.docx, read as every archive file is (a regular file,
    no link, of a sane size), or None when the package's is used."""
    own = own_templates(root)
    if root is None or own is None or not os.path.lexists(own / REFERENCE):
        return None
    if own.is_symlink():
        raise ReferatError(f"{TEMPLATE_DIR}/ er et link; referat følger ikke links i mødearkivet, "
                           "så Word-dokumentet er ikke lavet")
    size = os.lstat(own / REFERENCE).st_size
    if size > MAX_BYTES:  # said here, for a template; read_required guards it again
        raise ReferatError(f"{SHOWN} fylder {size // 1024} KB; en skabelon til Word (typografier, sidehoved, "
                           f"logo) må højst fylde {MAX_BYTES // 1024 ** 2} MB; Word-dokumentet er ikke lavet")
    return repo.read_required(root, SHOWN)


@functools.lru_cache(maxsize=1)
def pandoc_path() -> str | None:
    """pandoc from the pypandoc-binary package (the docx extra), else one on PATH. (pypandoc
    asks the binary its version to find it: once per run is enough.)"""
    try:
        from pypandoc import get_pandoc_path

        found: str = get_pandoc_path()
        return found
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _pandoc(markdown: str, reference: Path, own: bool) -> bytes:
    pandoc = pandoc_path()
    if pandoc is None:
        raise ReferatError(DOCX_MISSING)
    command = [pandoc, "+RTS", "-M1g", "-RTS", "--sandbox", "--from", READER, "--to", "docx",
               "--lua-filter", str(FILTER), "--reference-doc", str(reference), "--metadata", "lang=da-DK",
               "--output", "-"]
    try:
        done = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True,
                              timeout=MAX_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ReferatError(f"pandoc blev ikke færdig med Word-dokumentet inden for {MAX_SECONDS} sekunder; "
                           "dokumentet er ikke lavet") from None
    except OSError as exc:
        raise ReferatError(f"pandoc kunne ikke starte ({exc.strerror}); {DOCX_MISSING}") from None
    if done.returncode != 0 and own:
        raise ReferatError(f"{SHOWN} kan ikke bruges: pandoc kan ikke læse den som et Word-dokument (.docx). "
                           f"Gem den i Word som .docx, eller fjern den for at bruge den indbyggede; "
                           "Word-dokumentet er ikke lavet")
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReferatError(f"pandoc kunne ikke lave Word-dokumentet ({reason[0] if reason else done.returncode})")
    return done.stdout


def _properties(doc: Any, info: WordInfo) -> None:
    props = doc.core_properties
    when = dt.datetime.combine(info.day, dt.time(12))
    props.title, props.subject, props.author = info.title, info.subject, info.author
    props.last_modified_by = info.author
    props.created = props.modified = when
    props.language = "da-DK"
    props.comments = info.source
    props.keywords = props.category = props.identifier = ""
    props.revision = 1


def _header_and_footer(doc: Any, info: WordInfo) -> None:
    """Fills in the placeholders; a paragraph that held only {udkast} goes when the document
    is no draft, so an approved document has no empty first line."""
    values = {"udkast": "UDKAST" if info.draft else "", "gruppe": info.subject,
              "dokument": info.document, "dato": info.date_text}
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                held = paragraph.text
                if not _PLACEHOLDER.search(held):
                    continue
                _replace_in_runs(paragraph, values)
                if not paragraph.text.strip() and not _PLACEHOLDER.sub("", held).strip():
                    paragraph._p.getparent().remove(paragraph._p)


def _replace_in_runs(paragraph: Any, values: dict[str, str]) -> None:
    """Replaces placeholders even where Word split one over several runs: the replacement
    goes into the run where the placeholder starts, its other characters are taken out."""
    runs = [r for r in paragraph.runs if r.text]
    text = "".join(r.text for r in runs)
    owner = [i for i, r in enumerate(runs) for _ in r.text]
    pieces = [list(r.text) for r in runs]
    offset = {i: sum(len(r.text) for r in runs[:i]) for i in range(len(runs))}
    for match in reversed(list(_PLACEHOLDER.finditer(text))):
        first = owner[match.start()]
        for pos in range(match.start(), match.end()):
            pieces[owner[pos]][pos - offset[owner[pos]]] = ""
        pieces[first][match.start() - offset[first]] = values[match.group(1)]
    for run, chars in zip(runs, pieces, strict=True):
        run.text = "".join(chars)


def _language(doc: Any) -> None:
    """Danish everywhere a language is named (pandoc sets the defaults; a reference document
    made in an English Word names en-US on its styles too), so Word spell-checks in Danish."""
    from docx.oxml.ns import qn

    for root in (doc.styles.element, doc.element):
        for lang in root.iter(qn("w:lang")):
            lang.set(qn("w:val"), "da-DK")


def _table(doc: Any, table: Any) -> None:
    """Columns as wide as their content needs (a word is never broken, the text column gets the
    room), the heading row repeated on every page, and no row split across two pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = doc.sections[-1]
    available = int(section.page_width - section.left_margin - section.right_margin)
    rows = table.rows
    columns = [[row.cells[c].text for row in rows if c < len(row.cells)] for c in range(len(table.columns))]
    widths = [w - w % 635 for w in _widths(columns, available)]  # whole twips, so they add up to no more
    tblpr = table._tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblpr.append(layout)
    layout.set(qn("w:type"), "fixed")
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for i, row in enumerate(rows):
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
        if i == 0 and trpr.find(qn("w:tblHeader")) is None:
            trpr.append(OxmlElement("w:tblHeader"))
    width = tblpr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(sum(widths) // 635))  # EMU to twentieths of a point


def _widths(columns: list[list[str]], available: int) -> list[int]:
    """Column widths (EMU) that fit the page: each column its longest word first, so no word is
    broken; what is left goes to the columns whose text wants more (a task, not a date)."""
    floor = [_CELL_PADDING + _CHAR * (max((len(w) for t in texts for w in t.split()), default=1) + 1)
             for texts in columns]
    want = [max(low, _CELL_PADDING + _CHAR * _column_need(texts)) for low, texts in zip(floor, columns, strict=True)]
    if sum(floor) >= available:  # more long words than the page holds: shrink them alike
        return [available * low // sum(floor) for low in floor]
    room, extra = available - sum(floor), [w - low for w, low in zip(want, floor, strict=True)]
    if sum(want) <= available:  # everything fits: the spare room in proportion to the want
        return [w + (available - sum(want)) * w // sum(want) for w in want]
    return [low + room * e // sum(extra) for low, e in zip(floor, extra, strict=True)]


def _column_need(texts: list[str]) -> int:
    """How many characters wide a column wants to be: its longest word, a short text whole
    (a date, a status), a long text by its average length, never more than a line."""
    longest_word = max((len(w) for t in texts for w in t.split()), default=1)
    longest = max((len(t) for t in texts), default=1)
    mean = sum(len(t) for t in texts) // max(len(texts), 1)
    return max(longest_word + 2, min(longest, 16) + 1, min(mean, _TEXT_WIDTH_CHARS))
