"""`referat site`: the archive as a static website, built from a copy of the frozen archive and
read as a visitor would: the pages, every link, the public version, the incremental build, and
hostile names."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import failed, ok
from meetingtext import GROUP, meeting

TODAY = "2025-03-01"
BUILT = re.compile(r"(\d+) filer, (\d+) skrevet, (\d+) uændrede, (\d+) fjernet")
SECRET = "Fortroligt: budgettet for Gribskov"

CLOSED = meeting(
    ("    titel: Nyt fra Rammesekretariatet\n    ansvarlig: Povl Skov\n",
     "    titel: Nyt fra Rammesekretariatet\n    ansvarlig: Povl Skov\n    lukket: true\n"),
    ("- [ ] Sende overblik over netværkene til alle medlemmer.",
     f"{SECRET} blev drøftet.\n\n- [ ] Sende overblik over netværkene til alle medlemmer."))


def build(minutes, *args: str) -> tuple[Path, tuple[int, int, int, int]]:
    r = ok(minutes.run("site", "--dato", TODAY, *args))
    counts = BUILT.search(r.out)
    assert counts, r.out
    ud = args[args.index("--ud") + 1] if "--ud" in args else "_site"
    return minutes.root / ud, tuple(int(x) for x in counts.groups())  # type: ignore[return-value]


class Page(HTMLParser):
    """The links, ids, headings and text of one built page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.hrefs.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def page(site: Path, rel: str) -> Page:
    return Page((site / rel).read_text("utf-8"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_pages_show_the_groups_meetings_people_and_tasks(minutes):
    site, (files, written, kept, removed) = build(minutes)
    assert written == files and kept == removed == 0
    start = page(site, "index.html")
    assert "Netværksgruppe Børn og Unge" in start.visible and "Styregruppen for Rammeaftale Sjælland" in start.visible
    assert "Seneste godkendte referater" in start.visible
    assert "grupper/styregruppen/2025-03-14.html" in start.hrefs
    assert "Overskredet" in start.visible  # an open task past its deadline
    group = page(site, "grupper/boern-og-unge/index.html")
    assert {"2022-05-20.html", "2024-11-29.html", "2025-03-07.html", "aarsrapport-2025.html"} <= set(group.hrefs)
    assert "Udkast" in group.visible and "Godkendt" in group.visible and "Medlemmer i dag" in group.visible
    minutes_page = page(site, "grupper/boern-og-unge/2025-03-07.html")
    assert "Udkast til referat" in minutes_page.visible and "Beslutning" in minutes_page.visible.title()
    assert "Dagsordenen blev godkendt uden bemærkninger." in minutes_page.visible
    assert "2024-11-29.html" in minutes_page.hrefs  # the previous meeting
    person = page(site, "personer/helle-stisen.html")
    assert "Helle Stisen" in person.visible and "Fremmøde" in person.visible
    people = page(site, "personer.html")
    assert "personer/helle-stisen.html" in people.hrefs and "personer.html" in start.hrefs
    names = [n for n in ("Ania Holm", "Helle Stisen", "Povl Skov") if n in people.visible]
    assert names == sorted(names, key=people.visible.index) == ["Ania Holm", "Helle Stisen", "Povl Skov"]
    assert "organisationer/holbaek.html" in page(site, "organisationer.html").hrefs
    tasks = (site / "opgaver/index.html").read_text("utf-8")
    assert 'data-gruppe="boern-og-unge"' in tasks and '<select id="f-org"' in tasks
    assert "fetch(" not in (site / "static/opgaver.js").read_text("utf-8")
    assert ".punkthoved" in (site / "static/referat.css").read_text("utf-8")  # print.css, the documents' look
    for f in html_files(site):
        p = page(site, f.relative_to(site).as_posix())
        assert p.tags.count("h1") == 1, f
        assert "main" in p.tags and "#indhold" in p.hrefs, f


def test_every_internal_link_and_anchor_exists(minutes):
    minutes.write("bilag/2025-06-13/oplæg om trivsel.pdf", b"%PDF-1.4\n%%EOF\n")
    minutes.write(f"{GROUP}/2025-06-13.md", meeting(
        ("    type: beslutning\n", "    type: beslutning\n    bilag:\n      - titel: Oplæg\n"
                                  "        fil: bilag/2025-06-13/oplæg om trivsel.pdf\n")))
    site, _ = build(minutes)
    assert (site / "bilag/2025-06-13/oplæg om trivsel.pdf").read_bytes().startswith(b"%PDF")
    shown = page(site, "grupper/boern-og-unge/2025-06-13.html")
    assert "../../bilag/2025-06-13/opl%C3%A6g%20om%20trivsel.pdf" in shown.hrefs
    pages = {f: Page(f.read_text("utf-8")) for f in html_files(site)}
    checked = 0
    for f, p in pages.items():
        for href in p.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (f.parent / unquote(parts.path)).resolve() if parts.path else f
            assert target.is_relative_to(site.resolve()), f"{f}: {href} leaves the site"
            assert target.is_file(), f"{f.relative_to(site)}: {href} is broken"
            if parts.fragment:
                ids = pages[target].ids if target in pages else set()
                assert parts.fragment in ids, f"{f.relative_to(site)}: #{parts.fragment} is not in {target.name}"
            checked += 1
    assert checked > 500


def test_public_site_leaves_out_a_closed_items_minutes_everywhere(minutes):
    minutes.write(f"{GROUP}/2025-06-13.md", CLOSED)
    members, _ = build(minutes, "--ud", "medlemmer")
    assert SECRET in (members / "grupper/boern-og-unge/2025-06-13.html").read_text("utf-8")
    assert "Sende overblik over netværkene" in (members / "opgaver/index.html").read_text("utf-8")
    public, _ = build(minutes, "--offentlig", "--ud", "offentlig")
    shown = page(public, "grupper/boern-og-unge/2025-06-13.html").visible
    assert "Lukket punkt – referatet offentliggøres ikke" in shown and "Nyt fra Rammesekretariatet" in shown
    for f in public.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert SECRET.encode() not in data, f
            assert "Sende overblik over netværkene".encode() not in data, f


def test_second_build_rewrites_only_what_a_changed_meeting_touches(minutes):
    site, (files, _, _, _) = build(minutes)
    before = {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in site.rglob("*") if f.is_file()}
    _, (again, written, kept, removed) = build(minutes)
    assert (again, written, kept, removed) == (files, 0, files, 0)
    changed = "moeder/boern-og-unge/2024-11-29.md"
    text = minutes.read(changed)
    heading = "## 2. Velkommen og godkendelse af dagsorden og referat\n"
    minutes.write(changed, text.replace(heading, heading + "\nVelkomst og kaffe.\n", 1))
    _, (again, written, kept, removed) = build(minutes)
    rewritten = {f.relative_to(site).as_posix() for f, (mtime, data) in before.items()
                 if f.stat().st_mtime_ns != mtime} - {".referat-site.json"}
    # the search index: the meeting's own text file and the word files its words are in, nothing else
    searched = {f for f in rewritten if f.startswith("soeg/")}
    rewritten -= searched
    texts = [f for f in searched if f.startswith("soeg/tekst/")]
    assert len(texts) == 1 and all(f.startswith("soeg/ord/") for f in searched - set(texts)), searched
    assert "grupper/boern-og-unge/2024-11-29.html" in rewritten
    assert "Velkomst og kaffe" in (site / "grupper/boern-og-unge/2024-11-29.html").read_text("utf-8")
    others = {"grupper/boern-og-unge/2022-05-20.html", "grupper/boern-og-unge/2025-03-07.html",
              "grupper/styregruppen/2025-03-14.html", "grupper/styregruppen/index.html", "opgaver/index.html",
              "static/referat.css", "personer/helle-stisen.html"}
    assert not rewritten & others, rewritten & others
    assert written == len(rewritten) and written < 6, rewritten
    assert kept == again - written and removed == 0
    for f, (_, data) in before.items():
        if f.relative_to(site).as_posix() not in rewritten | searched | {".referat-site.json"}:
            assert f.read_bytes() == data


def test_a_page_no_longer_made_is_removed(minutes):
    minutes.write(f"{GROUP}/2025-06-13.md", meeting())
    site, _ = build(minutes)
    (site / "mine-noter.txt").write_text("mit eget")
    assert (site / "grupper/boern-og-unge/2025-06-13.html").is_file()
    os.unlink(minutes.root / GROUP / "2025-06-13.md")
    _, (_, _, _, removed) = build(minutes)
    assert removed >= 1 and not (site / "grupper/boern-og-unge/2025-06-13.html").exists()
    assert (site / "mine-noter.txt").read_text() == "mit eget"  # only what the site made is removed


def test_hostile_names_stay_text_and_inside_the_output_folder(minutes, tmp_path):
    minutes.write(f"{GROUP}/2025-06-13.md", meeting(
        ("sted: Teams", "titel: \"<script>alert('x')</script>\"\nsted: \"<img src=x onerror=alert(1)>\""),
        ("    titel: Nyt fra Rammesekretariatet", "    titel: \"</main><h1>Falsk</h1>\""),
        ("  - Helle Stisen\n", "  - Helle Stisen\n  - Hacker Hansen\n")))
    registry = minutes.read("personer.yaml").replace(
        "personer:\n", "personer:\n\n  - id: ../../../udenfor\n    navn: Hacker Hansen\n", 1)
    minutes.write("personer.yaml", registry)
    outside = set(tmp_path.rglob("*"))
    site, _ = build(minutes, "--ud", "ud")
    text = (site / "grupper/boern-og-unge/2025-06-13.html").read_text("utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text and "<h1>Falsk" not in text
    assert "&lt;script&gt;alert" in text
    new = {p for p in tmp_path.rglob("*")} - outside
    assert all(p.is_relative_to(site) or p.is_relative_to(minutes.root) for p in new)
    assert not list(minutes.root.parent.glob("udenfor*"))
    assert [p.name for p in (site / "personer").glob("*udenfor*")] == ["udenfor-3c2258a9.html"]
    assert "Hacker Hansen" in page(site, "personer/udenfor-3c2258a9.html").visible


def test_refuses_to_build_into_the_archive(minutes):
    for folder in ("moeder", "moeder/boern-og-unge", "templates", ".git"):
        failed(minutes.run("site", "--ud", folder), "hører til mødearkivet")
    failed(minutes.run("site", "--ud", "."), "mødearkivets rod")
    assert not (minutes.root / "moeder/index.html").exists()


def test_approving_a_meeting_rewrites_its_page_its_group_and_the_start_page(minutes):
    site, _ = build(minutes)
    before = {f.relative_to(site).as_posix(): f.stat().st_mtime_ns for f in site.rglob("*.html")}
    changed = "moeder/boern-og-unge/2025-03-07.md"
    text = minutes.read(changed)
    assert "\nstatus: udkast  #" in text
    approved = "\ngodkendt:\n  dato: 2025-05-09\nstatus: godkendt  #"
    minutes.write(changed, text.replace("\nstatus: udkast  #", approved, 1))
    _, (files, written, kept, _) = build(minutes)
    rewritten = {rel for rel, mtime in before.items() if (site / rel).stat().st_mtime_ns != mtime}
    assert {"grupper/boern-og-unge/2025-03-07.html", "grupper/boern-og-unge/index.html", "index.html"} <= rewritten
    assert not {rel for rel in rewritten if rel.startswith("grupper/styregruppen/")}, rewritten
    assert written == len(rewritten) and kept == files - written
    assert "Udkast til referat" not in (site / "grupper/boern-og-unge/2025-03-07.html").read_text("utf-8")
    start = page(site, "index.html")
    assert "grupper/boern-og-unge/2025-03-07.html" in start.hrefs  # now among the latest approved


def test_documents_beside_each_meeting_are_made_again_only_for_a_changed_meeting(minutes):
    """--dokumenter: each meeting's PDF and Word file beside its page, linked from it, public as
    the site is; a second build after one meeting changed makes only that meeting's files."""
    from docx import Document
    from pypdf import PdfReader

    for path in ("moeder/boern-og-unge/2024-11-29.md", "moeder/boern-og-unge/2025-03-07.md",
                 "moeder/styregruppen/2025-03-14.md"):
        (minutes.root / path).unlink()  # a small archive: a PDF takes a second or more
    minutes.write(f"{GROUP}/2025-06-13.md", CLOSED)
    site, _ = build(minutes, "--dokumenter", "--offentlig")
    folder = site / "grupper/boern-og-unge"
    shown = page(site, "grupper/boern-og-unge/2025-06-13.html")
    assert {"2025-06-13.pdf", "2025-06-13.docx"} <= set(shown.hrefs)
    assert "Hent mødet som PDF eller Word" in shown.visible
    pdf_text = "".join(p.extract_text() for p in PdfReader(folder / "2025-06-13.pdf").pages)
    word_text = "\n".join(p.text for p in Document(str(folder / "2025-06-13.docx")).paragraphs)
    for text in (pdf_text, word_text):
        assert "Nyt fra Rammesekretariatet" in text and "Lukket punkt" in text
        assert "Gribskov" not in text  # the closed item's minutes: not in the public documents
    before = {f.name: f.stat().st_mtime_ns for f in folder.iterdir()}
    minutes.write(f"{GROUP}/2025-06-13.md", CLOSED.replace("Teams", "Holbæk Rådhus"))
    _, (_, written, _, _) = build(minutes, "--dokumenter", "--offentlig")
    changed = {name for name, mtime in before.items() if (folder / name).stat().st_mtime_ns != mtime}
    # the meeting's page and files, and the year's annual report, which lists where it was held
    assert changed == {"2025-06-13.html", "2025-06-13.pdf", "2025-06-13.docx", "aarsrapport-2025.html"}, changed
    assert "Holbæk Rådhus" in "".join(p.extract_text() for p in PdfReader(folder / "2025-06-13.pdf").pages)
    assert written < 12  # the three, the group's pages and the search files the new word is in
