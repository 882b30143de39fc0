"""The site's full-text search: an index of the pages' words, stemmed as Danish, written as
JavaScript files the search page loads with <script> tags, so it works from a web server and
from file:// alike (a browser refuses fetch() and modules there; Pagefind, which needs them,
finds nothing from file://, docs/site.md).

soeg/ holds:
- index.html: the search page; it reads ?q= and shows the results (soeg.js);
- indeks.js: the pages (url, title, group, date, text file) and the number of word files;
- ord/N.js: the stems whose hash falls in file N, each with its pages and how often it occurs
  there, so a search loads only the files of its own words, however large the archive;
- tekst/KEY.js: one page's text, loaded for the shown results' snippets only;
- soeg.js, soeg.css and snowball-dansk.js (Snowball's Danish stemmer, the same release as
  the Python snowballstemmer that stems the index, so a word is stemmed alike on both sides).

Nothing goes into the index but what the SearchDocs hold: the caller decides what is public.
A file whose content is unchanged is not rewritten, and files no page needs any more are
removed, so a second build touches only what changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from referat import atomic, cache, templating
from referat.site.searchdoc import SearchDoc

FOLDER = "soeg"
ASSETS = Path(__file__).resolve().parent.parent / "data" / "site"
ASSET_FILES = ("soeg.js", "soeg.css", "snowball-dansk.js")
DOCS_PER_WORD_FILE = 20  # about 50-100 KB per word file at 20 KB of text per meeting

# A word is a run of letters and digits, as soeg.js's /[\p{L}\p{N}]+/gu finds it.
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of text as the index and the search page see them: NFC, lower case."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def word_file(stem: str) -> int:
    """The hash soeg.js computes the same way: 31 * h + code point, modulo 2**32."""
    value = 0
    for char in stem:
        value = (value * 31 + ord(char)) & 0xFFFFFFFF
    return value


def text_key(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def write_index(docs: list[SearchDoc], out: Path, *, site: str = "Referater",
                root: Path | None = None) -> None:
    """Writes out/soeg/: the search page and the index of docs (see the module's docstring).
    site is the archive's name for the page's frame; root the archive, whose own templates/
    may override the page's template, and whose .referat-cache/ keeps each page's stems, so a
    second build stems only the pages that changed."""
    folder = out / FOLDER
    known = cache.open_pack(root or out, "soeg", "", dict[str, int], enabled=root is not None)
    stem = _stemmer()
    count = max(1, -(-len(docs) // DOCS_PER_WORD_FILE))
    postings: list[dict[str, list[int]]] = [{} for _ in range(count)]
    placed: dict[str, dict[str, list[int]]] = {}  # each stem's word file, hashed once
    table = []
    written: set[Path] = set()
    for number, doc in enumerate(docs):
        key = text_key(doc.url)
        table.append([doc.url, doc.title, doc.group, doc.date, key])
        text = f"{doc.title}\n{doc.text}"
        made = cache.digest(text.encode())
        stems = known.get(made)
        if not isinstance(stems, dict):
            stems = _stems(text, stem)
            known.put(made, stems)
        for found, times in stems.items():
            part = placed.get(found)
            if part is None:
                part = placed[found] = postings[word_file(found) % count]
            part.setdefault(found, []).extend((number, times))
        written.add(_put(folder / "tekst" / f"{key}.js", _call("tekst", key, doc.text)))
    for number, part in enumerate(postings):
        written.add(_put(folder / "ord" / f"{number}.js", _call("ord", number, part)))
    written.add(_put(folder / "indeks.js", b"window.referatSoeg = "
                     + _json({"docs": table, "files": count}) + b";\n"))
    for name in ASSET_FILES:
        written.add(_put(folder / name, (ASSETS / name).read_bytes()))
    page = templating.render(root, "site/soeg.html.j2", None, root="../", site=site)
    written.add(_put(folder / "index.html", page.encode()))
    _remove_others(folder, written)
    known.save(complete=True)


def _stems(text: str, stem: Callable[[str], str]) -> dict[str, int]:
    """How often each stem occurs in text."""
    stems: Counter[str] = Counter()
    for word, times in Counter(words(text)).items():
        stems[stem(word)] += times
    return dict(stems)


def _stemmer() -> Callable[[str], str]:
    """Snowball's Danish stemmer, each distinct word stemmed once."""
    import snowballstemmer  # a dependency of referat; imported only when a site is built

    stemmer = snowballstemmer.stemmer("danish")
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        found = cache.get(word)
        if found is None:
            found = cache[word] = str(stemmer.stemWord(word))
        return found
    return stem


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _call(function: str, key: object, value: object) -> bytes:
    return b"referatSoeg." + function.encode() + b"(" + _json(key) + b"," + _json(value) + b");\n"


def _put(path: Path, data: bytes) -> Path:
    """Writes data to path unless it already holds exactly that."""
    try:
        if path.read_bytes() == data:
            return path
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_atomic(path, data)
    return path


def _remove_others(folder: Path, kept: Iterable[Path]) -> None:
    """Removes the index files of pages and words no longer there."""
    keep = set(kept)
    for sub in ("tekst", "ord"):
        for path in (folder / sub).glob("*.js"):
            if path not in keep:
                path.unlink()
