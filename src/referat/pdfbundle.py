"""One PDF of a document and its attachments (`dagsorden`/`vis --med-bilag`): the document
first, then each attachment with a file, in item order, each from a new page with a header
("Bilag 3 til punkt 5: ...") and the page number stamped on every page, bookmarks for every
attachment, and the document's list of attachments linking to their first pages.

The document links each attachment it lists to a placeholder address (PLACEHOLDER + number,
on the reserved .invalid domain, so a link left over leads nowhere); the merge rewrites those
links into jumps to the attachment's first page. PDFs are merged with pypdf; Word, Excel and
PowerPoint go through LibreOffice headless, pictures through Pillow. An attachment that cannot
be included becomes a page saying so and a Problem: the rest is still made.

Pure: returns the PDF and the problems, never prints. Attachment files come from a pull request
nobody can vet, so they are read only through read_attachment (no links, nothing outside the
archive, a size limit) and LibreOffice runs in a temporary folder with its own profile and a
time limit.
"""

from __future__ import annotations

import errno
import html
import io
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from referat.attachments import ENDINGS, kind_of, open_in_archive

if TYPE_CHECKING:
    from pypdf import PageObject, Transformation

    from referat.agenda import ItemView

PLACEHOLDER = "https://bilag.invalid/"
MAX_PAGES = 200  # an attachment longer than this is a book, not a meeting paper: left out
MAX_FILE_BYTES = 50 * 1024 * 1024
CONVERT_SECONDS = 120  # LibreOffice's time for one file
MM = 72 / 25.4
TOP, BOTTOM = 11 * MM, 9 * MM  # the bands of an attachment page the header and page number use
A4 = (210 * MM, 297 * MM)

OFFICE = {"docx": "Word-dokumentet", "xlsx": "Excel-arket", "pptx": "PowerPoint-præsentationen"}
KIND_NAMES = {"pdf": "en PDF-fil", "docx": "et Word-dokument", "xlsx": "et Excel-ark",
              "pptx": "en PowerPoint-præsentation", "png": "et PNG-billede", "jpg": "et JPEG-billede"}
OFFICE_MISSING = ("kan ikke laves om til PDF, fordi LibreOffice ikke er installeret; installér det "
                  "(apt-get install libreoffice-writer libreoffice-calc libreoffice-impress på Debian og "
                  "Ubuntu, brew install --cask libreoffice på macOS) og lav PDF'en igen")

# The profile LibreOffice starts with: no macros, and nothing loaded that a document only links to
# (an image on a web server or elsewhere on the disk), whatever the file asks for.
_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
OFFICE_SETTINGS = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
                   + "".join(f'<item oor:path="{_SCRIPTING}"><prop oor:name="{name}" oor:op="fuse">'
                             f"<value>{value}</value></prop></item>\n"
                             for name, value in (("DisableMacrosExecution", "true"), ("MacroSecurityLevel", "3"),
                                                 ("BlockUntrustedRefererLinks", "true")))
                   + "</oor:items>\n")


@dataclass(frozen=True)
class Attachment:
    number: int
    item: str  # the item's number
    title: str
    file: str  # relative to the archive's root

    @property
    def heading(self) -> str:
        return f"Bilag {self.number} til punkt {self.item}: {self.title}"


@dataclass(frozen=True)
class Problem:
    file: str
    message: str  # Danish, without the file name


@dataclass(frozen=True)
class Bundle:
    pdf: bytes
    problems: tuple[Problem, ...]


class Unusable(Exception):
    """An attachment that cannot be included; the message says why, in Danish."""


def attachments(items: Iterable[ItemView]) -> list[Attachment]:
    """The attachments with a file, in item order."""
    return [Attachment(a.number, it.nr, a.title, a.file) for it in items for a in it.attachments if a.file]


def links(items: Iterable[ItemView]) -> dict[int, str]:
    """The placeholder address each attachment with a file is linked to in the document."""
    return {a.number: f"{PLACEHOLDER}{a.number}" for a in attachments(items)}


def bundle(root: Path, items: Iterable[ItemView], render: Callable[[int | None], bytes]) -> Bundle:
    """The document, rendered by render(total pages or None), followed by its attachments."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    parts: list[tuple[Attachment, list[PageObject]]] = []
    problems: list[Problem] = []
    for a in attachments(items):
        try:
            parts.append((a, _pages(root, a.file)))
        except Unusable as exc:
            problems.append(Problem(a.file, str(exc)))
            parts.append((a, []))
    added = sum(max(len(pages), 1) for _, pages in parts)
    document = render(None)
    first = len(PdfReader(io.BytesIO(document)).pages)
    if added:
        document = render(first + added)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    first = len(writer.pages)
    total = first + added
    why = {p.file: p.message for p in problems}
    stamps = PdfReader(io.BytesIO(_stamps(parts, why, first, total)))
    starts: dict[int, int] = {}
    for a, pages in parts:
        starts[a.number] = len(writer.pages)
        for i in range(max(len(pages), 1)):
            base = writer.add_page(stamps.pages[len(writer.pages) - first])
            if pages:
                base.merge_transformed_page(pages[i], _fit(pages[i], float(base.mediabox.width),
                                                           float(base.mediabox.height)))
    if parts:
        top = writer.add_outline_item(title="Bilag", page_number=first)
        for a, _ in parts:
            writer.add_outline_item(title=a.heading, page_number=starts[a.number], parent=top)
        writer.page_mode = "/UseOutlines"  # a tablet opens it with the bookmarks shown
    for page in writer.pages[:first]:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            uri = str((annot.get("/A") or {}).get("/URI", ""))
            if uri.startswith(PLACEHOLDER) and (number := uri[len(PLACEHOLDER):]).isdigit() \
                    and int(number) in starts:
                target = writer.pages[starts[int(number)]].indirect_reference
                annot[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject([target, NameObject("/Fit")])})
    out = io.BytesIO()
    writer.write(out)
    return Bundle(out.getvalue(), tuple(problems))


def _fit(page: PageObject, width: float, height: float) -> Transformation:
    """The transformation that puts page between the bands of a width x height page, centred."""
    from pypdf import Transformation

    box = page.cropbox
    w, h = float(box.width), float(box.height)
    side = 0.0 if (w, h) == (width, height) else 16 * MM  # a picture gets the margins of a document
    scale = min((width - 2 * side) / w, (height - TOP - BOTTOM) / h, 1.0 if side else 2.0)
    return (Transformation().translate(-float(box.left), -float(box.bottom)).scale(scale)
            .translate((width - w * scale) / 2, BOTTOM + (height - TOP - BOTTOM - h * scale) / 2))


def _stamps(parts: list[tuple[Attachment, list[PageObject]]], why: dict[str, str], first: int, total: int) -> bytes:
    """One page per attachment page, of its size, with the header and the page number; an
    attachment that could not be included gets one A4 page saying why."""
    from referat import formats

    css, pages = [], []
    n = first
    for a, got in parts:
        sizes = [_size(p) for p in got] or [A4]
        for w, h in sizes:
            n += 1
            css.append(f"@page s{n} {{ size: {w:.2f}pt {h:.2f}pt; margin: 0 }} "
                       f".s{n} {{ page: s{n}; height: {h - 1:.2f}pt }}")  # the height: bottom is the page's
            body = ""
            if not got:
                body = (f'<div class="fejl"><p><strong>{html.escape(a.heading)}</strong></p>'
                        f"<p>Bilaget kunne ikke komme med: filen {html.escape(why.get(a.file, ''))}.</p>"
                        f"<p>Filen i mødearkivet: {html.escape(a.file)}</p></div>")
            pages.append(f'<section class="s{n}"><p class="hoved">{html.escape(a.heading)}</p>{body}'
                         f'<p class="side">Side {n} af {total}</p></section>')
    style = "\n".join(css) + """
body { margin: 0; font: 8pt "Liberation Sans", Arial, sans-serif; color: #333; }
section { position: relative; break-after: page; }
section:last-child { break-after: auto; }
.hoved { position: absolute; top: 3.2mm; left: 16mm; right: 16mm; margin: 0; padding-bottom: 1mm;
  border-bottom: 0.4pt solid #1f4e79; color: #1f4e79; font-weight: bold;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.side { position: absolute; bottom: 3mm; right: 16mm; margin: 0; color: #666; }
.fejl { position: absolute; top: 40mm; left: 25mm; right: 25mm; font-size: 12pt; line-height: 1.4; }
"""
    return formats.render_pdf(f'<!DOCTYPE html><html lang="da-DK"><head><meta charset="utf-8"><style>{style}'
                              f'</style></head><body>{"".join(pages)}</body></html>', variant=formats.PLAIN)


def _size(page: PageObject) -> tuple[float, float]:
    """The page size an attachment page gets: its own, or A4 for a picture (made at 150 dpi)."""
    box = page.cropbox
    w, h = float(box.width), float(box.height)
    if page.get("/ReferatPicture"):
        return A4 if h >= w else (A4[1], A4[0])
    return w, h


# --- reading and converting one attachment ---------------------------------------------------


def read_attachment(root: Path, file: str) -> bytes:
    """The bytes of the attachment file (relative to root), or Unusable: never through a link,
    never outside the archive, never more than MAX_FILE_BYTES (attachments.open_in_archive)."""
    parts = file.split("/")
    if file.startswith("/") or "\\" in file or any(p in ("", ".", "..") for p in parts):
        raise Unusable("peger uden for mødearkivet; skriv stien relativt til arkivets rod, "
                       "fx bilag/2025-03-07/oplaeg.pdf")
    try:
        fd = open_in_archive(root, file)
    except FileNotFoundError:
        raise Unusable("findes ikke i mødearkivet") from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Unusable("er et link eller ligger i en mappe, der er et link, og referat følger ikke links") from None
        raise Unusable(f"kan ikke læses ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unusable("er ikke en almindelig fil")
        with open(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise Unusable(f"er større end {MAX_FILE_BYTES // 1024 ** 2} MB")
        return raw
    finally:
        os.close(fd)


def _pages(root: Path, file: str) -> list[PageObject]:
    """The attachment's pages, ready to merge (rotation moved into the content), or Unusable."""
    named = ENDINGS.get(PurePosixPath(file).suffix.lower())  # what the name promises, as tjek reads it
    if named is None:
        raise Unusable("har en filtype, der ikke kan komme med i PDF'en (tilladt: pdf, docx, xlsx, pptx, png og jpg)")
    raw = read_attachment(root, file)
    found = kind_of(raw)  # the rules tjek judges the file by (attachments)
    if found != named:
        what = KIND_NAMES[found] if found else "ingen af de tilladte filtyper"
        raise Unusable(f"er ikke {KIND_NAMES[named]}, som navnet siger, men {what}")
    if named in OFFICE:
        raw = convert_office(raw, named)
    elif named in ("png", "jpg"):
        raw = picture_pdf(raw)
    return read_pdf(raw, picture=named in ("png", "jpg"))


def read_pdf(raw: bytes, picture: bool = False) -> list[PageObject]:
    """The pages of a PDF, checked by writing them once: a damaged file fails here, not in the
    merge. Encrypted files and files over MAX_PAGES are refused."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise Unusable("er krypteret (beskyttet med adgangskode); gem den uden beskyttelse og læg den i "
                           "arkivet igen")
        if len(reader.pages) > MAX_PAGES:
            raise Unusable(f"har {len(reader.pages)} sider; et bilag kan højst have {MAX_PAGES} sider i PDF'en "
                           "med bilag, så del den op eller henvis til den med et link")
        if not reader.pages:
            raise Unusable("har ingen sider")
        writer = PdfWriter()
        for page in reader.pages:
            added = writer.add_page(page)
            added.transfer_rotation_to_content()
            for key in ("/StructParents", "/Annots"):  # its tags and links belong to its own document
                added.pop(key, None)
            if picture:
                added[NameObject("/ReferatPicture")] = BooleanObject(True)
        out = io.BytesIO()
        writer.write(out)
        return list(PdfReader(io.BytesIO(out.getvalue())).pages)
    except Unusable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file; every one means the same here
        raise Unusable(f"er en ødelagt PDF-fil, der ikke kan læses ({type(exc).__name__})") from None


def picture_pdf(raw: bytes) -> bytes:
    """A PNG or JPEG as a one-page PDF at 150 dpi, turned as its EXIF says."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(raw)))
            image.load()
        if image.mode != "RGB":
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.convert("RGBA").getchannel("A"))
            image = flat
        out = io.BytesIO()
        image.save(out, "PDF", resolution=150.0)
        return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Unusable("er et ødelagt billede eller et billede med for mange punkter") from None


def convert_office(raw: bytes, kind: str) -> bytes:
    """A Word, Excel or PowerPoint file as PDF through LibreOffice headless: in a temporary
    folder with a profile of its own (so it neither waits for nor changes the user's
    LibreOffice), stopped with everything it started after CONVERT_SECONDS."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise Unusable(OFFICE_MISSING)
    with tempfile.TemporaryDirectory(prefix="referat-bilag-") as tmp:
        source = Path(tmp, f"bilag.{kind}")
        source.write_bytes(raw)
        Path(tmp, "profil", "user").mkdir(parents=True)
        Path(tmp, "profil", "user", "registrymodifications.xcu").write_text(OFFICE_SETTINGS, encoding="utf-8")
        command = [office, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={Path(tmp, 'profil').as_uri()}",
                   "--convert-to", "pdf", "--outdir", tmp, str(source)]
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TMPDIR")} | {"HOME": tmp}
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, cwd=tmp, env=env, start_new_session=True) as proc:
            try:
                proc.wait(CONVERT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise Unusable(f"blev ikke lavet om til PDF inden for {CONVERT_SECONDS} sekunder") from None
        result = Path(tmp, "bilag.pdf")
        if not result.is_file():
            raise Unusable(f"kunne ikke laves om til PDF af LibreOffice; åbn {OFFICE[kind]} og gem det igen")
        return result.read_bytes()
