"""Builds templates/referat.docx, the reference document every Word file referat writes takes
its styles, page and header/footer from (like pandoc's reference.docx, which it starts from).

    python3 tools/referat_docx.py templates/referat.docx

Run it again after changing a style here; a secretariat that wants its own font or logo copies
the result into its archive's templates/ and edits it in Word instead. The header and footer
hold the placeholders referat.word fills in: {udkast}, {gruppe}, {dokument}, {dato}.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

BLUE = RGBColor(0x1F, 0x3A, 0x5F)   # the headings' colour in the HTML documents (print.css)
GREY = RGBColor(0x55, 0x5F, 0x6B)
RED = RGBColor(0xA4, 0x1E, 0x22)
FONT = "Calibri"


def main(target: Path) -> None:
    from pypandoc import get_pandoc_path

    default = subprocess.run([get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             check=True, capture_output=True).stdout
    target.write_bytes(default)
    doc = docx.Document(str(target))
    _defaults(doc)
    _styles(doc)
    _page(doc)
    doc.core_properties.title = "referat: reference til Word-dokumenter"
    doc.core_properties.author = "referat"
    doc.core_properties.language = "da-DK"
    doc.save(str(target))


def _defaults(doc: docx.document.Document) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.find(qn("w:sz")).set(qn("w:val"), "21")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "21")
    rpr.find(qn("w:lang")).set(qn("w:val"), "da-DK")


def _styles(doc: docx.document.Document) -> None:
    styles = doc.styles
    # Space above a paragraph as well: it follows lists and tables, which end without any.
    for name in ("Body Text", "First Paragraph"):
        styles[name].paragraph_format.space_before = Pt(5)
        styles[name].paragraph_format.space_after = Pt(3)
    styles["Compact"].paragraph_format.space_after = Pt(1)
    for level, size, before in ((1, 17, 0), (2, 13, 14), (3, 11, 10), (4, 10.5, 8)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLUE
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    # The decision box: a pale panel with a blue rule, as in the HTML documents.
    block = styles["Block Text"]
    block.font.italic = False
    block.paragraph_format.left_indent = Mm(3)
    block.paragraph_format.right_indent = Mm(0)
    block.paragraph_format.space_before = Pt(0)
    block.paragraph_format.space_after = Pt(0)
    ppr = block.element.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="4" w:space="4" w:color="C9D6E3"/>'
        '<w:left w:val="single" w:sz="24" w:space="6" w:color="1F3A5F"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="C9D6E3"/>'
        '<w:right w:val="single" w:sz="4" w:space="4" w:color="C9D6E3"/></w:pBdr>'))
    ppr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="EEF3F8"/>'))
    _table_style(styles["Table"].element)


def _table_style(style: docx.oxml.CT_Style) -> None:
    """Thin grey rules between rows and a shaded, bold heading row."""
    tblpr = style.find(qn("w:tblPr"))
    tblpr.append(parse_xml(
        f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="4" w:color="B8C2CC"/>'
        '<w:bottom w:val="single" w:sz="4" w:color="B8C2CC"/>'
        '<w:insideH w:val="single" w:sz="4" w:color="D5DCE3"/></w:tblBorders>'))
    for old in style.findall(qn("w:tblStylePr")):
        style.remove(old)
    style.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:color w:val="1F3A5F"/></w:rPr>'
        '<w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="8" w:color="1F3A5F"/></w:tcBorders>'
        '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/><w:vAlign w:val="bottom"/></w:tcPr>'
        '</w:tblStylePr>'))


def _page(doc: docx.document.Document) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    head = section.header.paragraphs[0]
    run = head.add_run("{udkast}")
    run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(9)
    line = section.header.add_paragraph()
    run = line.add_run("{gruppe} · {dokument}")
    run.font.color.rgb, run.font.size = GREY, Pt(8.5)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in ("Side ", "PAGE", " af ", "NUMPAGES"):
        if piece.isupper():
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), f" {piece} ")
            shown = OxmlElement("w:r")
            shown.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:color w:val="555F6B"/><w:sz w:val="17"/></w:rPr>'))
            text = OxmlElement("w:t")
            text.text = "1"
            shown.append(text)
            field.append(shown)
            foot._p.append(field)
        else:
            run = foot.add_run(piece)
            run.font.size, run.font.color.rgb = Pt(8.5), GREY


if __name__ == "__main__":
    main(Path(sys.argv[1]))
