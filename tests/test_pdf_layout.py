"""How the HTML and PDF documents read for the members they are sent to: pages that are filled
before the next begins, no technical footer, and task tables that start with who and when and
give the task's text the room.

The PDF is read without a PDF library (none is in the test extra): its objects are unpacked
and each page's text lines are found by the text positions in its content stream.
"""

from __future__ import annotations

import re
import zlib

import pytest

from conftest import MinutesRepo, ok

GROUP = "boern-og-unge"
REAL = "moeder/boern-og-unge/2025-03-07.md"
PLANNED = "moeder/boern-og-unge/2025-05-09.md"
FOOTER = "lavet med referat"

# WeasyPrint draws in CSS pixels from the top of the page: A4 is 297 mm high, the bottom margin
# (print.css) 18 mm; below that only the page number stands.
PX_PER_MM = 96 / 25.4
BODY_BOTTOM = (297 - 18) * PX_PER_MM
BODY_RIGHT = (210 - 16) * PX_PER_MM


def pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Every object of the PDF by number, streams unpacked, objects in object streams split out."""
    objects: dict[int, bytes] = {}
    for number, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.DOTALL):
        stream = re.search(rb"stream\r?\n(.*)endstream", body, re.DOTALL)
        data = zlib.decompress(stream.group(1)) if stream and b"/FlateDecode" in body else body
        objects[int(number)] = data
        if b"/Type /ObjStm" in body:
            first = int(re.search(rb"/First (\d+)", body).group(1))
            header = [int(n) for n in data[:first].split()]
            pairs = list(zip(header[::2], header[1::2], strict=True))
            for i, (inner, offset) in enumerate(pairs):
                end = first + pairs[i + 1][1] if i + 1 < len(pairs) else len(data)
                objects[inner] = data[first + offset:end]
    return objects


def page_lines(pdf: bytes) -> list[list[float]]:
    """For each page in order, the heights (from the top, in CSS px) of the lines of text in its body."""
    objects = pdf_objects(pdf)
    kids = next(re.search(rb"/Kids \[([^\]]*)\]", o).group(1) for o in objects.values() if b"/Type /Pages" in o)
    pages = []
    for kid in re.findall(rb"(\d+) 0 R", kids):
        contents = int(re.search(rb"/Contents (\d+) 0 R", objects[int(kid)]).group(1))
        ys = {round(float(y), 1) for y in re.findall(rb"[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) Tm",
                                                      objects[contents])}
        pages.append(sorted(y for y in ys if y < BODY_BOTTOM))
    return pages


def text_runs(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """For each page in order, its runs of text as (x, y, text), x and y in CSS px from the top
    left: each run is set at a text position (Tm) in a font (Tf), its glyphs read back to
    characters through the font's ToUnicode map."""
    objects = pdf_objects(pdf)
    to_unicode: dict[bytes, dict[int, str]] = {}
    for obj in objects.values():
        for inline, ref in re.findall(rb"/Font\s*(?:<<(.*?)>>|(\d+) 0 R)", obj, re.DOTALL):
            for name, font in re.findall(rb"/([^\s/<>]+)\s+(\d+) 0 R", inline or objects.get(int(ref), b"")):
                if cmap := re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(font), b"")):
                    pairs = re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                       b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", objects[int(cmap.group(1))],
                                                           re.DOTALL)))
                    to_unicode[name] = {int(g, 16): bytes.fromhex(u.decode()).decode("utf-16-be") for g, u in pairs}
    kids = next(re.search(rb"/Kids \[([^\]]*)\]", o).group(1) for o in objects.values() if b"/Type /Pages" in o)
    pages = []
    for kid in re.findall(rb"(\d+) 0 R", kids):
        contents = objects[int(re.search(rb"/Contents (\d+) 0 R", objects[int(kid)]).group(1))]
        runs, font, at = [], {}, (0.0, 0.0)
        for m in re.finditer(rb"([-\d.]+) ([-\d.]+) Tm|/(\S+) [\d.]+ Tf|\[(.*?)\]\s*TJ", contents, re.DOTALL):
            if m.group(1):
                at = (float(m.group(1)), float(m.group(2)))
            elif m.group(3):
                font = to_unicode.get(m.group(3), {})
            else:
                glyphs = b"".join(re.findall(rb"<([0-9a-fA-F]*)>", m.group(4))).decode()
                text = "".join(font.get(int(glyphs[i:i + 4], 16), "\ufffd") for i in range(0, len(glyphs), 4))
                runs.append((*at, text))
        pages.append(runs)
    return pages


def html(minutes: MinutesRepo, *args: str) -> str:
    if PLANNED in args:  # the next meeting, planned by `referat ny` as the secretariat would
        ok(minutes.run("ny", "--gruppe", GROUP, "--dato", "2025-05-09"))
    return ok(minutes.run(*args, "--format", "html")).out


def task_table(page: str) -> tuple[list[str], list[str]]:
    """The header cells and the first row's cells of the task table, as plain text."""
    section = page[page.index('<section class="opgaver">'):]
    table = section[section.index("<table>"):section.index("</table>")]
    head = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<th[^>]*>(.*?)</th>", table)]
    first_row = table[table.index("<tbody>"):].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", first_row)]
    return head, cells


# --- PDF: pages that are filled -----------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["aarsrapport", "2025", "-g", GROUP, "--dato", "2025-12-31"],
    ["aarsrapport", "2025", "-g", "styregruppen", "--dato", "2025-12-31"],  # 25 decisions under one item
    ["dagsorden", REAL],
])
def test_the_annual_report_and_the_agenda_fill_every_page_but_the_last(minutes, args):
    pytest.importorskip("weasyprint")
    ok(minutes.run(*args, "--ud", "dokument.pdf"))
    pages = page_lines((minutes.root / "dokument.pdf").read_bytes())
    assert len(pages) >= 3
    for n, lines in enumerate(pages[:-1], start=1):
        # A table or a long agenda item kept whole left page 1 half empty; a page of text reaches
        # its last third.
        assert len(lines) >= 10, f"side {n} har kun {len(lines)} linjer"
        assert lines[-1] > 0.7 * BODY_BOTTOM, f"side {n} slutter {lines[-1] / BODY_BOTTOM:.0%} nede"
    assert len(pages[-1]) >= 3  # no page with a lone row or line


# --- no technical footer; the source in the metadata ----------------------------------------------


@pytest.mark.parametrize("args, source", [
    (["vis", REAL], REAL),
    (["dagsorden", PLANNED], PLANNED),
    (["aarsrapport", "2025", "-g", GROUP, "--dato", "2025-12-31"], "moeder/boern-og-unge"),
])
def test_no_footer_for_members_and_the_source_in_a_meta_tag(minutes, args, source):
    page = html(minutes, *args)
    assert FOOTER not in page
    head = page[:page.index("</head>")]
    assert '<meta name="generator" content="referat">' in head
    assert f'<meta name="source" content="{source}">' in head


def test_the_pdf_keeps_the_source_in_its_document_information(minutes):
    pytest.importorskip("weasyprint")
    ok(minutes.run("vis", REAL, "--ud", "referat.pdf"))
    pdf = (minutes.root / "referat.pdf").read_bytes()
    info = b"\n".join(pdf_objects(pdf).values())
    assert f"/source ({REAL})".encode() in info
    assert FOOTER.encode() not in info


# --- task tables: who and when first, the id last --------------------------------------------------


@pytest.mark.parametrize("args, last_columns", [
    (["vis", REAL], ["Status", "Id"]),
    (["dagsorden", PLANNED], ["Id"]),
    (["aarsrapport", "2025", "-g", GROUP, "--dato", "2025-12-31"], ["Status", "Id"]),
])
def test_the_task_table_starts_with_the_responsible_and_the_deadline(minutes, args, last_columns):
    head, first = task_table(html(minutes, *args))
    assert head[:3] == ["Ansvarlig", "Frist", "Opgave"]
    assert head[3:] == last_columns
    task_id = r"\d{4}-\d\d-\d\d-\d+"
    assert first[0] and not re.search(task_id, first[0])
    assert re.fullmatch(task_id, first[-1])
    if args[0] == "vis":
        assert (first[0], first[-1]) == ("alle kommuner", "2025-03-07-1")


# --- task tables: the task's text has the room ------------------------------------------------------


TASK_DOCUMENTS = [
    ["vis", REAL],
    ["dagsorden", PLANNED],
    ["aarsrapport", "2025", "-g", GROUP, "--dato", "2025-12-31"],
]


@pytest.mark.parametrize("args", TASK_DOCUMENTS)
def test_the_task_column_is_the_widest_in_the_pdfs_task_tables(minutes, args):
    """Next to Ansvarlig, Frist, Status and Id the task's text was a narrow column of a few words
    a line; the columns are measured where the header row's cells begin."""
    pytest.importorskip("weasyprint")
    html(minutes, *args)  # plans the next meeting for the agenda
    ok(minutes.run(*args, "--ud", "dokument.pdf"))
    heads = 0
    for runs in text_runs((minutes.root / "dokument.pdf").read_bytes()):
        for _, y, text in runs:
            if text != "Opgave":
                continue
            # the header row: its cells on this line (the small Id a little higher), left to right
            row = sorted((rx, t) for rx, ry, t in runs if abs(ry - y) < 4 and t in HEADER)
            starts = [rx for rx, _ in row] + [BODY_RIGHT]
            widths = {t: starts[i + 1] - starts[i] for i, (_, t) in enumerate(row)}
            assert [t for _, t in row][:3] == ["Ansvarlig", "Frist", "Opgave"], row
            table = BODY_RIGHT - starts[0]
            assert widths["Opgave"] >= 0.4 * table, f"Opgave er {widths['Opgave'] / table:.0%} af tabellen: {widths}"
            assert widths["Opgave"] == max(widths.values()), widths
            heads += 1
    assert heads >= 2  # a header row on each page the table runs over, or a table for each kind of task


HEADER = {"Ansvarlig", "Frist", "Opgave", "Status", "Id"}
