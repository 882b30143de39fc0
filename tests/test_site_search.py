"""The site's search index (referat.site.search.write_index), read back from the files it writes
the way the search page reads them (tests/test_site_browser.py runs the page itself)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import snowballstemmer

from referat.site.search import text_key, word_file, words, write_index
from referat.site.searchdoc import SearchDoc

SKOLEVEJ = SearchDoc("grupper/boern-og-unge/2025-03-07.html", "Møde i Børn og unge 7. marts 2025",
                     "Gruppen drøftede skolevejen.\nBeslutning: kommunen sætter skilte op ved skolen.",
                     "Børn og unge", "2025-03-07")
REGNSKAB = SearchDoc("grupper/styregruppe/2025-04-01.html", "Møde i Styregruppen 1. april 2025",
                     "Økonomien blev gennemgået, og regnskabet for året blev godkendt.",
                     "Styregruppen", "2025-04-01")
DANISH = snowballstemmer.stemmer("danish")


def loaded(script: Path, call: str) -> object:
    """The JSON a generated script passes to window.referatSoeg.CALL(key, value)."""
    text = script.read_text(encoding="utf-8")
    match = re.fullmatch(rf"referatSoeg\.{call}\((.*?),(.*)\);\n", text, re.S)
    assert match, text[:200]
    return json.loads(match[2])


def index(out: Path) -> dict[str, object]:
    text = (out / "soeg" / "indeks.js").read_text(encoding="utf-8")
    prefix = "window.referatSoeg = "
    assert text.startswith(prefix) and text.endswith(";\n")
    value: dict[str, object] = json.loads(text[len(prefix):-2])
    return value


def found(out: Path, query: str) -> list[str]:
    """The urls of the pages holding every word of query, as soeg.js finds them."""
    table = index(out)
    docs, files = table["docs"], table["files"]
    assert isinstance(docs, list) and isinstance(files, int)
    hits: set[int] | None = None
    for stem in {DANISH.stemWord(word) for word in words(query)}:
        data = loaded(out / "soeg" / "ord" / f"{word_file(stem) % files}.js", "ord")
        assert isinstance(data, dict)
        pairs = data.get(stem, [])
        here = set(pairs[0::2])
        hits = here if hits is None else hits & here
    return sorted(docs[number][0] for number in hits or ())


def test_the_files_of_the_search(tmp_path: Path) -> None:
    write_index([SKOLEVEJ, REGNSKAB], tmp_path, site="Testarkivet")
    soeg = tmp_path / "soeg"
    assert sorted(p.relative_to(soeg).as_posix() for p in soeg.rglob("*") if p.is_file()) == sorted([
        "index.html", "indeks.js", "soeg.js", "soeg.css", "snowball-dansk.js", "ord/0.js",
        f"tekst/{text_key(SKOLEVEJ.url)}.js", f"tekst/{text_key(REGNSKAB.url)}.js"])
    assert index(tmp_path) == {"docs": [
        [SKOLEVEJ.url, SKOLEVEJ.title, "Børn og unge", "2025-03-07", text_key(SKOLEVEJ.url)],
        [REGNSKAB.url, REGNSKAB.title, "Styregruppen", "2025-04-01", text_key(REGNSKAB.url)]],
        "files": 1}
    assert loaded(soeg / "tekst" / f"{text_key(REGNSKAB.url)}.js", "tekst") == REGNSKAB.text
    page = (soeg / "index.html").read_text(encoding="utf-8")
    assert "<title>Søg · Testarkivet</title>" in page
    assert '<h1>Søg i møderne</h1>' in page
    assert 'href="../static/referat.css"' in page and 'href="soeg.css"' in page
    assert 'action="../soeg/index.html"' in page
    assert page.index('src="snowball-dansk.js"') < page.index('src="indeks.js"') < page.index('src="soeg.js"')
    assert "Ingen resultater for »" in (soeg / "soeg.js").read_text(encoding="utf-8")


def test_danish_words_are_found_by_their_stem(tmp_path: Path) -> None:
    write_index([SKOLEVEJ, REGNSKAB], tmp_path)
    assert found(tmp_path, "beslutningerne") == [SKOLEVEJ.url]
    assert found(tmp_path, "Økonomi") == [REGNSKAB.url]
    assert found(tmp_path, "børnene") == [SKOLEVEJ.url]  # from the title
    assert found(tmp_path, "skilt") == [SKOLEVEJ.url]
    assert found(tmp_path, "møde") == [SKOLEVEJ.url, REGNSKAB.url]
    assert found(tmp_path, "møde regnskaber") == [REGNSKAB.url]
    assert found(tmp_path, "cykelhjelm") == []


def test_a_large_archive_is_split_into_word_files(tmp_path: Path) -> None:
    docs = [SearchDoc(f"m/{number}.html", f"Møde {number}", f"ord{number} fælles", "G", "2025-01-01")
            for number in range(45)]
    write_index(docs, tmp_path)
    files = index(tmp_path)["files"]
    assert files == 3
    for number in range(files):
        data = loaded(tmp_path / "soeg" / "ord" / f"{number}.js", "ord")
        assert isinstance(data, dict) and data
        assert all(word_file(stem) % files == number for stem in data)
    assert found(tmp_path, "ord44") == ["m/44.html"]
    assert len(found(tmp_path, "fælles")) == 45


def test_only_the_docs_text_is_written_and_a_rebuild_forgets_what_is_gone(tmp_path: Path) -> None:
    """--offentlig: the caller leaves the closed item out of the docs; the index then holds
    nothing of it, even when it is built into the folder of a members' site."""
    closed = "Lukket punkt: personalesagen om Hemmeligholdt Navnesen."
    members = [SKOLEVEJ, SearchDoc(REGNSKAB.url, REGNSKAB.title, f"{REGNSKAB.text}\n{closed}",
                                   REGNSKAB.group, REGNSKAB.date)]
    write_index(members, tmp_path)
    assert found(tmp_path, "personalesager") == [REGNSKAB.url]
    write_index([SKOLEVEJ, REGNSKAB], tmp_path)
    assert found(tmp_path, "personalesager") == []
    written = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "soeg").rglob("*.js")
                        if p.name not in ("soeg.js", "snowball-dansk.js"))
    assert "personale" not in written and "hemmelig" not in written.lower()
    every_stem = {DANISH.stemWord(word) for doc in (SKOLEVEJ, REGNSKAB)
                  for word in words(f"{doc.title}\n{doc.text}")}
    data = loaded(tmp_path / "soeg" / "ord" / "0.js", "ord")
    assert isinstance(data, dict) and set(data) == every_stem
    write_index([REGNSKAB], tmp_path)
    assert not (tmp_path / "soeg" / "tekst" / f"{text_key(SKOLEVEJ.url)}.js").exists()


def test_a_second_build_rewrites_only_what_changed(tmp_path: Path) -> None:
    write_index([SKOLEVEJ, REGNSKAB], tmp_path)
    before = {p: p.stat().st_ino for p in (tmp_path / "soeg").rglob("*") if p.is_file()}
    changed = SearchDoc(REGNSKAB.url, REGNSKAB.title, REGNSKAB.text + " Tilføjet.", REGNSKAB.group,
                        REGNSKAB.date)
    write_index([SKOLEVEJ, changed], tmp_path)
    rewritten = {p.relative_to(tmp_path / "soeg").as_posix() for p, inode in before.items()
                 if p.stat().st_ino != inode}
    assert rewritten == {"ord/0.js", f"tekst/{text_key(REGNSKAB.url)}.js"}


def test_the_archive_cache_keeps_stems_but_never_stale_ones(tmp_path: Path) -> None:
    archive, out = tmp_path / "arkiv", tmp_path / "site"
    archive.mkdir()
    write_index([SKOLEVEJ, REGNSKAB], out, root=archive)
    assert [p.name.split("-")[0] for p in (archive / ".referat-cache").glob("*.msgpack")] == ["soeg"]
    first = {p: p.read_bytes() for p in (out / "soeg").rglob("*.js")}
    write_index([SKOLEVEJ, REGNSKAB], out, root=archive)
    assert {p: p.read_bytes() for p in (out / "soeg").rglob("*.js")} == first
    changed = SearchDoc(REGNSKAB.url, REGNSKAB.title, "Cykelhjelmene blev købt.", REGNSKAB.group,
                        REGNSKAB.date)
    write_index([SKOLEVEJ, changed], out, root=archive)
    assert found(out, "cykelhjelm") == [REGNSKAB.url]
    assert found(out, "regnskab") == []
