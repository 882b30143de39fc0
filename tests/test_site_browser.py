"""The site's search in a real browser: Debian's headless chromium, driven through the DevTools
protocol over a pipe (--remote-debugging-pipe), so no driver or websocket package is needed.
The page is opened from file:// and from a local http.server on 127.0.0.1; the browser is told
that every host name is unknown, so nothing can be fetched from anywhere else."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from referat.site.search import words, write_index
from referat.site.searchdoc import SearchDoc

# Debian's chromium; GitHub's Ubuntu runners have Google Chrome, which speaks the same protocol
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
# Each step waits at most this long for the browser before the test fails (a hang guard, not a
# measure of speed).
PATIENCE = 60.0


class Browser:
    """One headless chromium and one tab, spoken to with DevTools messages (JSON, each ended by
    a NUL byte) on file descriptors 3 (to the browser) and 4 (from it)."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM
        to_browser_r, self._out = os.pipe()
        self._in, from_browser_w = os.pipe()
        # the browser's ends, numbered 10 or more so that moving them to 3 and 4 clobbers neither
        ends = [fcntl.fcntl(end, fcntl.F_DUPFD, 10) for end in (to_browser_r, from_browser_w)]
        for end in (to_browser_r, from_browser_w):
            os.close(end)
        args = [CHROMIUM, "--headless", "--no-sandbox", "--remote-debugging-pipe",
                f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-gpu",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"]
        # a small Python moves the two ends to descriptors 3 and 4, then becomes chromium
        move = "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); " \
               "os.execv(sys.argv[3], sys.argv[3:])"
        self._proc = subprocess.Popen([sys.executable, "-c", move, *map(str, ends), *args],
                                      pass_fds=ends, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        for end in ends:
            os.close(end)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target,
                                  flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], PATIENCE)
            chunk = os.read(self._in, 1 << 16) if ready else b""
            if not chunk:
                raise AssertionError("chromium svarede ikke")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply
                answer: dict[str, Any] = reply["result"]
                return answer
            self._events.append(reply)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the tab."""
        return self.call(method, self._session, **params)

    def _wait_for_event(self, method: str) -> None:
        while True:
            for event in self._events:
                if event.get("method") == method:
                    self._events.remove(event)
                    return
            self._events.append(self._read())

    def open(self, url: str) -> None:
        self._events.clear()
        self.send("Page.navigate", url=url)
        self._wait_for_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the tab (awaited if it is a promise)."""
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                          awaitPromise=True)
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        return reply["result"].get("value")

    def wait_for(self, expression: str) -> Any:
        """Polls until the expression is truthy; its value."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"ventede forgæves på {expression}")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element's first line (a link wrapped over two
        lines has nothing of it in the middle of its box), scrolled into view first; then waits
        for the new page."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
                      "e.scrollIntoView({block: 'center', behavior: 'instant'}); "
                      "const r = e.getClientRects()[0]; return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        self._events.clear()
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left",
                      clickCount=1)
        self._wait_for_event("Page.loadEventFired")

    @contextlib.contextmanager
    def width(self, pixels: int) -> Iterator[None]:
        """The tab as wide as a desktop window or a phone, for the pages opened inside."""
        self.send("Emulation.setDeviceMetricsOverride", width=pixels, height=1000, deviceScaleFactor=1,
                  mobile=pixels < 600)
        try:
            yield
        finally:
            self.send("Emulation.clearDeviceMetricsOverride")

    def close(self) -> None:
        with contextlib.suppress(AssertionError):  # it may be gone before it answers
            self.call("Browser.close")
        try:
            self._proc.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._out)
        os.close(self._in)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("chromium er ikke installeret (apt-get install chromium)")
    tab = Browser(tmp_path_factory.mktemp("chromium-profil"))
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The built site and the address a local web server (127.0.0.1, a free port) serves it on."""
    site = built_site(tmp_path_factory.mktemp("site"))
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# The pages of the small site: url, group, date, h1 and text. After the site's pages are merged,
# built_site builds a real archive with `referat site` instead.
PAGES = [
    ("grupper/boern-og-unge/2025-03-07.html", "Børn og unge", "2025-03-07",
     "Møde i Børn og unge 7. marts 2025",
     "Gruppen drøftede skolevejen. Beslutning: kommunen sætter skilte op ved skolen."),
    ("grupper/styregruppe/2025-04-01.html", "Styregruppen", "2025-04-01",
     "Møde i Styregruppen 1. april 2025",
     "Økonomien blev gennemgået, og regnskabet for året blev godkendt uden bemærkninger."),
    ("grupper/styregruppe/2025-06-10.html", "Styregruppen", "2025-06-10",
     "Møde i Styregruppen 10. juni 2025",
     "Høringssvaret om fritidsordningen blev sendt; årsrapporten færdiggøres i august."),
]


def built_site(tmp_path: Path) -> Path:
    """A small site: plain pages with an h1, and the search over them."""
    for url, _group, _date, title, text in PAGES:
        page = tmp_path / url
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
                        f"<title>{title}</title></head><body><main><h1>{title}</h1>"
                        f"<p>{text}</p></main></body></html>\n", encoding="utf-8")
    write_index([SearchDoc(url, title, text, group, date) for url, group, date, title, text in PAGES],
                tmp_path, site="Testarkivet")
    return tmp_path


@pytest.fixture(params=["file", "http"])
def home(request: pytest.FixtureRequest, served: tuple[Path, str]) -> str:
    """The site's address, from the disk (file://) or from the web server."""
    site, address = served
    return site.as_uri() + "/" if request.param == "file" else address


def search(browser: Browser, home: str, query: str) -> dict[str, Any]:
    """Opens the search page with ?q=query and returns what it shows once it has searched."""
    browser.open(f"{home}soeg/index.html?q={quote(query)}")
    browser.wait_for("document.getElementById('resultater').getAttribute('aria-busy') === 'false'")
    shown: dict[str, Any] = browser.js("""({
        status: document.getElementById('soeg-status').textContent,
        box: document.getElementById('q').value,
        results: Array.from(document.querySelectorAll('#resultater > li')).map(li => ({
            title: li.querySelector('h2 a').textContent,
            href: li.querySelector('h2 a').href,
            about: li.querySelector('.om').textContent,
            marked: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
            snippet: li.querySelector('.uddrag').textContent})),
    })""")
    return shown


def test_a_stemmed_word_finds_its_meeting_and_the_link_opens_it(browser: Browser, home: str) -> None:
    shown = search(browser, home, "beslutningerne")
    assert shown["box"] == "beslutningerne"
    assert shown["status"] == "1 resultat for »beslutningerne«."
    [hit] = shown["results"]
    assert hit["title"] == "Møde i Børn og unge 7. marts 2025"
    assert hit["href"] == f"{home}grupper/boern-og-unge/2025-03-07.html"
    assert hit["about"] == "Børn og unge · 7. marts 2025"
    assert hit["marked"] == ["Beslutning"]
    assert "kommunen sætter skilte op" in hit["snippet"]
    browser.click("#resultater h2 a")
    assert browser.js("location.href") == hit["href"]
    assert browser.js("document.querySelector('h1').textContent") == hit["title"]


def test_danish_letters_and_every_word_must_match(browser: Browser, home: str) -> None:
    shown = search(browser, home, "Styregruppens møder")
    assert [hit["title"] for hit in shown["results"]] == [
        "Møde i Styregruppen 10. juni 2025", "Møde i Styregruppen 1. april 2025"]
    assert shown["status"] == "2 resultater for »Styregruppens møder«."
    [hit] = search(browser, home, "årsrapporterne fritidsordning")["results"]
    assert hit["title"] == "Møde i Styregruppen 10. juni 2025"
    assert hit["marked"] == ["fritidsordningen", "årsrapporten"]


def test_no_result_is_said_in_danish(browser: Browser, home: str) -> None:
    shown = search(browser, home, "cykelhjelm")
    assert shown["results"] == []
    assert shown["status"] == "Ingen resultater for »cykelhjelm«."
    shown = search(browser, home, "<i>skolevejen</i>")
    assert shown["status"] == "1 resultat for »<i>skolevejen</i>«."  # shown as text, never as HTML
    assert browser.js("document.querySelector('main i')") is None


def test_the_browser_stems_as_the_index_does(browser: Browser, served: tuple[Path, str]) -> None:
    """snowball-dansk.js (the query) and snowballstemmer (the index) give every word one stem."""
    import snowballstemmer

    site, _ = served
    browser.open(f"{site.as_uri()}/soeg/index.html")
    sample = sorted({word for *_, title, text in PAGES for word in words(f"{title} {text}")}
                    | set(words(DANISH)))
    in_browser = browser.js(f"{json.dumps(sample)}.map(w => new DanishStemmer().stemWord(w))")
    assert in_browser == snowballstemmer.stemmer("danish").stemWords(sample)


DANISH = """Beslutningerne blev truffet på mødet; referaterne godkendes af deltagerne. Kommunernes
tovholdere sendte høringssvarene, og organisationerne bemærkede årsrapporternes forsinkelse.
Børnenes trivsel, ungdomsuddannelsernes frafald, sundhedsplejerskerne, fællesskaberne, løst,
løsningerne, hedens, ethederne, erindringerne, handlingsplanen, indsatserne, økonomien."""


def test_the_archives_own_site_in_a_browser(browser: Browser, minutes: Any) -> None:
    """`referat site` on the frozen archive, from the disk: the start page, a group followed from
    it, a meeting followed from the group; a word from that meeting searched and the meeting
    found; and the --offentlig site, where a closed item's words are neither on a page nor found
    by its search."""
    from conftest import ok
    from test_site import CLOSED, SECRET

    minutes.write("moeder/boern-og-unge/2025-06-13.md", CLOSED)
    ok(minutes.run("site", "--dato", "2025-07-01"))
    home = (minutes.root / "_site").as_uri() + "/"
    browser.open(home + "index.html")
    assert browser.js("document.querySelector('h1').textContent").strip()
    browser.click("a[href='grupper/boern-og-unge/index.html']")
    browser.wait_for("location.pathname.endsWith('grupper/boern-og-unge/index.html')")
    assert "Børn og Unge" in browser.js("document.querySelector('h1').textContent")
    browser.click("a[href='2024-11-29.html']")
    browser.wait_for("location.pathname.endsWith('2024-11-29.html')")
    assert "Sikrede afdelinger" in browser.js("document.querySelector('main').textContent")
    shown = search(browser, home, "sikrede afdelinger")
    assert any(r["href"].endswith("grupper/boern-og-unge/2024-11-29.html") for r in shown["results"]), shown
    word = SECRET.split()[-1]  # "Gribskov": only in the closed item
    assert search(browser, home, word)["results"], "the members' site finds the closed item"
    ok(minutes.run("site", "--dato", "2025-07-01", "--offentlig", "--ud", "offentlig"))
    public = (minutes.root / "offentlig").as_uri() + "/"
    assert search(browser, public, word)["results"] == []
    assert search(browser, public, "sikrede afdelinger")["results"]


CONTRAST = """(() => {
  // WCAG 2.1 contrast of every element's own text against the first opaque background behind it
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => [r, g, b].map(linear).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const back = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                        if (c.length === 3 || c[3] > 0.9) return c.slice(0, 3); } return [255, 255, 255]; };
  const low = [];
  for (const e of document.querySelectorAll('body *')) {
    const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const st = getComputedStyle(e);
    if (!own || st.visibility === 'hidden' || st.display === 'none' || e.closest('[aria-hidden=true]')) continue;
    const [a, b] = [lum(rgb(st.color).slice(0, 3)), lum(back(e))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      low.push([e.tagName, e.className, e.textContent.trim().slice(0, 40), ratio.toFixed(2)]);
    }
  }
  return low;
})()"""


def test_text_contrast_meets_wcag_aa(browser: Browser, minutes: Any) -> None:
    """Every text on the start page, a group, minutes, a draft, a person and the task list has a
    contrast of at least 4.5:1 against what is behind it (3:1 for large text), WCAG 2.1 AA."""
    from conftest import ok

    ok(minutes.run("site", "--dato", "2025-07-01"))
    home = (minutes.root / "_site").as_uri() + "/"
    for page in ("index.html", "grupper/boern-og-unge/index.html", "grupper/boern-og-unge/2024-11-29.html",
                 "grupper/boern-og-unge/2025-03-07.html", "grupper/boern-og-unge/aarsrapport-2024.html",
                 "personer/helle-stisen.html", "opgaver/index.html", "soeg/index.html"):
        browser.open(home + page)
        low = browser.js(CONTRAST)
        assert low == [], (page, low)


ROWS = re.compile(r'<tr[^>]* data-gruppe="([^"]*)" data-ansvarlig="([^"]*)" data-org="([^"]*)"')
SHOWN = """(() => {
  const rows = Array.from(document.querySelectorAll('#opgaver tbody tr'));
  // on the screen, not only unhidden: a stylesheet (the phone's cards) could undo [hidden]
  return {shown: rows.filter(r => r.getClientRects().length > 0).length,
          count: document.getElementById('antal').textContent};
})()"""


@pytest.mark.parametrize("pixels", [1200, 390])
def test_the_task_filters_show_the_chosen_tasks(browser: Browser, minutes: Any, pixels: int) -> None:
    """The task list's filters, chosen one after another as a visitor would (group, then
    organisation, then owner, then all again), show exactly the tasks the page's own rows say
    match, on a desktop and on a phone, and tell how many."""
    from conftest import ok

    ok(minutes.run("site", "--dato", "2025-07-01"))
    page = minutes.root / "_site" / "opgaver" / "index.html"
    rows = [(g, set(owners.split()), set(orgs.split())) for g, owners, orgs in ROWS.findall(page.read_text("utf-8"))]
    group = "styregruppen"
    org = sorted(set().union(*(orgs for g, _, orgs in rows if g == group)))[0]
    owner = sorted(set().union(*(owners for g, owners, orgs in rows if g == group and org in orgs)))[0]
    steps = [("f-gruppe", group, lambda r: r[0] == group),
             ("f-org", org, lambda r: r[0] == group and org in r[2]),
             ("f-ansvarlig", owner, lambda r: r[0] == group and org in r[2] and owner in r[1]),
             ("f-gruppe", "", lambda r: org in r[2] and owner in r[1]),
             ("f-org", "", lambda r: owner in r[1]),
             ("f-ansvarlig", "", lambda r: True)]
    with browser.width(pixels):
        browser.open(page.as_uri())
        assert browser.js("document.getElementById('filtre').hidden") is False
        assert browser.js(SHOWN) == {"shown": len(rows), "count": f"{len(rows)} af {len(rows)} opgaver vises"}
        for select_id, value, matches in steps:
            browser.js(f"(() => {{ const s = document.getElementById('{select_id}'); s.value = {json.dumps(value)}; "
                       "s.dispatchEvent(new Event('change')); })()")
            wanted = sum(1 for r in rows if matches(r))
            assert wanted > 0, (select_id, value)
            assert browser.js(SHOWN) == {"shown": wanted, "count": f"{wanted} af {len(rows)} opgaver vises"}, \
                (select_id, value)


BROKEN_WORDS = """(() => {
  // every word in the task tables' owner, group and deadline cells that the layout split over two lines
  const broken = [];
  for (const cell of document.querySelectorAll('.opgaveliste td:not(.opgave)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
})()"""


def test_no_name_in_a_task_table_is_split_mid_word(browser: Browser, minutes: Any) -> None:
    """On a desktop, "Rammesekretariatet" and every other owner, group and date in the task
    tables stays whole (browsers hyphenate no Danish, so a narrow column cut words anywhere)."""
    from conftest import ok

    ok(minutes.run("site", "--dato", "2025-07-01"))
    home = (minutes.root / "_site").as_uri() + "/"
    with browser.width(1200):
        for page in ("index.html", "opgaver/index.html", "organisationer/rammesekretariatet.html"):
            browser.open(home + page)
            assert browser.js("document.querySelectorAll('.opgaveliste td').length") > 0, page
            assert browser.js(BROKEN_WORDS) == [], page
