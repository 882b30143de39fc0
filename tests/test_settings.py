"""arkiv.yaml: the archive's name and website address, checked by tjek and used by the site."""

from __future__ import annotations

from conftest import ok
from referat.settings import Settings

TODAY = "2025-03-01"


def test_a_wrong_settings_file_is_told_with_file_and_line(minutes):
    minutes.write("arkiv.yaml", "navn: Rammeaftale Sjælland\nhjemmeside: javascript:alert(1)\nfarve: blå\n")
    r = minutes.run("tjek")
    assert r.code == 1
    out = r.out
    assert "arkiv.yaml:2:13: fejl S004 'javascript:alert(1)' er ikke en adresse på en hjemmeside" in out
    assert "arkiv.yaml:3:1: fejl S001 Ukendt nøgle 'farve' i arkiv.yaml" in out


def test_a_missing_or_good_settings_file_passes(minutes):
    ok(minutes.run("tjek"))
    minutes.write("arkiv.yaml", "navn: Rammeaftale Sjælland\nhjemmeside: https://kommune.github.io/referater\n")
    ok(minutes.run("tjek"))


def test_a_page_url_is_the_site_address_and_the_page():
    assert Settings(site_url="https://x.dk/ref/").page_url("grupper/a/2026-01-02.html") == \
        "https://x.dk/ref/grupper/a/2026-01-02.html"
    assert Settings().page_url("index.html") is None


def test_the_site_is_named_as_the_settings_say_and_renamed_everywhere(minutes):
    ok(minutes.run("site", "--dato", TODAY))
    start = (minutes.root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "Mødereferater" in start
    minutes.write("arkiv.yaml", "navn: Rammeaftale Sjælland <og> KKR\n")
    ok(minutes.run("site", "--dato", TODAY))  # the manifest knows the name is on every page
    for page in (minutes.root / "_site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Rammeaftale Sjælland &lt;og&gt; KKR" in text, page
        assert "<og>" not in text
