"""What a minutes archive cannot do to the documents made from it: its own templates run in
Jinja's sandbox, read no file outside templates/ and cannot stall the tool; a control character
in a meeting (a form feed pasted out of a PDF, a vertical tab in a title, an ESC) reaches no
document, in any format, and breaks none."""

from __future__ import annotations

import io
import os
import re

import pytest

from conftest import MinutesRepo, a4_pages, failed, ok
from meetingtext import FILE, VALID, meeting
from referat import templating

MEETING = "2025-06-13"
GROUP = "boern-og-unge"
DRAFT = "moeder/boern-og-unge/2025-03-07.md"

# --- the repository's own templates -----------------------------------------------------------

PAYLOADS = {
    "cycler": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "self": "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch MARKER') }}",
    "mro": ("{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == '_wrap_close' %}"
            "{{ c.__init__.__globals__['system']('touch MARKER') }}{% endif %}{% endfor %}"),
}
# (template, the command that renders it): a template of the repository's own, and one a
# packaged template includes (print.css in the HTML)
RENDERS = {
    "referat.md.j2": ("vis", DRAFT),
    "print.css": ("vis", DRAFT, "--format", "html"),
    "dagsorden.md.j2": ("dagsorden", DRAFT),
    "aarsrapport.md.j2": ("aarsrapport", "2025", "--gruppe", GROUP),
    "moede.md.j2": ("ny", "--gruppe", GROUP, "--dato", "2026-01-09"),
}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("template", RENDERS)
def test_a_template_of_the_archive_cannot_run_code(minutes: MinutesRepo, tmp_path, template, payload):
    marker = tmp_path / "marker"
    minutes.write(f"templates/{template}", "Før\n" + PAYLOADS[payload].replace("MARKER", str(marker)) + "\n")

    result = minutes.run(*RENDERS[template])

    assert not marker.exists()
    failed(result, f"templates/{template}:2: skabelonen prøver noget, som en skabelon i mødearkivet ikke må")


def test_a_template_that_overrides_one_file_renders_a_normal_document(minutes: MinutesRepo):
    packaged_html = ok(minutes.run("vis", DRAFT, "--format", "html")).out
    # A template written in a terminal's colours: the ESC never reaches the document.
    minutes.write("templates/referat.md.j2",
                  "# {{ r.heading }}: \x1b[1m{{ r.group_name }}\x1b[0m\n\n"
                  "{% for m in r.items %}- {{ m.item.nr }}. {{ m.item.title }}\n{% endfor %}")

    md = ok(minutes.run("vis", DRAFT)).out
    html = ok(minutes.run("vis", DRAFT, "--format", "html")).out

    lines = md.splitlines()
    assert lines[0] == "# Udkast til referat: [1mNetværksgruppe Børn og Unge[0m"
    assert lines[2:4] == ["- 1. Velkomst og godkendelse af dagsordenen", "- 2. Kort præsentationsrunde"]
    assert len(lines) == 11 and "\x1b" not in md
    assert html == packaged_html  # the packaged templates, in the sandbox, make the same document


@pytest.mark.parametrize("link", ["file", "included file", "folder"])
def test_a_linked_template_is_refused(minutes: MinutesRepo, tmp_path, link):
    outside = tmp_path / "udenfor"
    outside.mkdir()
    (outside / "referat.md.j2").write_text("HEMMELIGT\n", encoding="utf-8")
    (outside / "print.css").write_text("HEMMELIGT\n", encoding="utf-8")
    if link == "folder":
        os.symlink(outside, minutes.root / "templates")
        args, named = ("vis", DRAFT), "templates/ er et link"
    else:
        name = "print.css" if link == "included file" else "referat.md.j2"
        (minutes.root / "templates").mkdir()
        os.symlink(outside / name, minutes.root / "templates" / name)
        args = ("vis", DRAFT, "--format", "html") if name == "print.css" else ("vis", DRAFT)
        named = f"templates/{name} er et link"

    result = minutes.run(*args)

    assert "HEMMELIGT" not in result.out + result.err
    failed(result, named, "links følges ikke")


@pytest.mark.parametrize("template, message", [
    # nothing written, so only the time limit stops it
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "blev ikke færdig inden for"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
     "skriver mere end"),
    # one operation in C, which no time limit could stop
    ("{{ 10 ** (10 ** 10) }}", "er for stort"),
    ("{{ 'x' * 10 ** 10 }}", "gentagelsen er for lang"),
    # 3 GB in one filter call: over the memory a render may use
    ("{{ 'x'|center(3 * 10 ** 9)|length }}", "brugte mere end 2 GB hukommelse"),
])
def test_a_template_that_would_stall_is_stopped(minutes: MinutesRepo, monkeypatch, template, message):
    monkeypatch.setattr(templating, "MAX_SECONDS", 1)  # the limit's length is not what is tested: 5 s is long
    # and the output limit is reached long before that second, so a busy machine does not turn
    # "skriver mere end" into "blev ikke færdig"
    monkeypatch.setattr(templating, "MAX_OUTPUT", 2_000_000)
    minutes.write("templates/referat.md.j2", template + "\n")

    failed(minutes.run("vis", DRAFT), "templates/referat.md.j2", message, "dokumentet er ikke lavet")


def test_a_broken_template_is_a_danish_error(minutes: MinutesRepo):
    minutes.write("templates/referat.md.j2", "# {{ r.heading }}\n{% if %}\n")
    failed(minutes.run("vis", DRAFT), "templates/referat.md.j2:2: skabelonen kan ikke læses")
    minutes.write("templates/referat.md.j2", "# {{ r.heading }}\n{{ r.intet_felt }}\n")
    failed(minutes.run("vis", DRAFT), "templates/referat.md.j2:2: skabelonen fejlede")
    minutes.write("templates/referat.md.j2", b"# \xe6\n")
    failed(minutes.run("vis", DRAFT), "templates/referat.md.j2 er ikke UTF-8")


# --- control characters --------------------------------------------------------------------------

CONTROLLED = meeting(
    ("sted: Teams", 'titel: "Netværk\\vmøde\\fom trivsel"\nsted: Teams'),
    ("titel: Nyt fra Rammesekretariatet", 'titel: "Nyt fra\\fRammesekretariatet\\v"'),
    ("tekst: Dagsordenen blev godkendt.", 'tekst: "Dagsordenen\\fblev godkendt."'),
    ("Dagsordenen blev godkendt.\n\n## 2",
     "Dagsordenen blev\fgodkendt.\v\n\nFarve: \x1b[31mrød\x1b[0m\x07.\n\n## 2"),
    text=VALID)
# What each document shows of it, every control character as a space or left out.
SHOWN = {
    "vis": ["Netværk møde om trivsel", "Nyt fra Rammesekretariatet", "Dagsordenen blev godkendt.",
            "Farve: [31mrød[0m."],
    "dagsorden": ["Netværk møde om trivsel", "Nyt fra Rammesekretariatet"],
    "aarsrapport": ["Netværk møde om trivsel", "Nyt fra Rammesekretariatet", "Dagsordenen blev godkendt."],
}
ARGS = {"vis": ("vis", MEETING), "dagsorden": ("dagsorden", MEETING), "aarsrapport": ("aarsrapport", "2025",
                                                                                      "--gruppe", GROUP)}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("command", ARGS)
def test_control_characters_in_a_meeting_reach_no_document(minutes: MinutesRepo, command):
    minutes.write(FILE, CONTROLLED)
    args = ARGS[command]

    md = ok(minutes.run(*args)).out  # to the terminal: no ESC, no bell
    html = ok(minutes.run(*args, "--format", "html")).out
    for text in (md, html):
        assert not _CONTROL.search(text), _CONTROL.search(text)
        for shown in SHOWN[command]:
            assert shown in text


def test_control_characters_in_a_meeting_break_no_pdf(minutes: MinutesRepo):
    """Every PDF is the document's HTML, which the test above finds clean, laid out; one
    document shows that the PDF gets it."""
    pytest.importorskip("weasyprint")
    minutes.write(FILE, CONTROLLED)
    assert a4_pages(ok(minutes.run(*ARGS["vis"], "--format", "pdf")).raw) >= 1


@pytest.mark.parametrize("command", ARGS)
def test_control_characters_in_a_meeting_reach_no_docx(minutes: MinutesRepo, command):
    docx = pytest.importorskip("docx")
    minutes.write(FILE, CONTROLLED)
    args = ARGS[command]
    ok(minutes.run(*args, "--ud", "dokument.docx"))
    doc = docx.Document(io.BytesIO((minutes.root / "dokument.docx").read_bytes()))
    words = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    words += [doc.core_properties.title] + [p.text for p in doc.sections[0].header.paragraphs]
    everything = "\n".join(words)
    for shown in SHOWN[command]:
        assert shown in everything
