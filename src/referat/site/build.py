"""`referat site`: every page of the archive's website, built into a folder, incrementally.

A meeting's page, the costly kind (its Markdown rendered), is made again only when its inputs
changed: the meeting file's bytes, its group's meetings (dates, status, titles: the numbering,
the neighbours, the tovholder), the registries and groups (Archive.digest), its attachments'
sizes and times, the code and the templates. The other pages are cheap and made every time;
the writer writes a page only when its content changed (output.Writer). At the end the search
index is written when the search module is there (referat.site.search)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache as cache_once
from functools import partial
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from referat import annual, cache, datoer, repo, templating
from referat.archive import Archive
from referat.attachments import escapes, open_in_archive
from referat.errors import ReferatError
from referat.minutes_view import MinutesView
from referat.model import Meeting
from referat.site import documents, safe, search, urls
from referat.site.data import Attendance, GroupData, gather
from referat.site.output import Writer, key
from referat.site.pages import END, START, Pages
from referat.site.searchdoc import SearchDoc
from referat.site.text import visible_text
from referat.source import MAX_BYTES
from referat.tasks import Task

MAX_ATTACHMENT = 100 * 1024 * 1024  # bytes; a larger file is listed, not copied


@dataclass
class SiteResult:
    out: Path
    pages: int = 0  # files the site has (pages, attachments, CSS)
    written: int = 0  # written by this build
    kept: int = 0  # unchanged, not rewritten
    removed: int = 0  # left by the last build, no longer made
    notes: list[str] = field(default_factory=list)  # what could not be made, in Danish


def build_site(root: Path, out: Path, public: bool, today: dt.date, with_documents: bool = False) -> SiteResult:
    """The website of the archive at root, in out; public leaves out what `vis --offentlig` does;
    with_documents puts each meeting's PDF and Word file beside its page."""
    kinds = documents.require() if with_documents else ()
    out = safe.output_folder(out)
    if out == Path(os.path.realpath(root)):
        raise ReferatError(f"Kan ikke bygge sitet i mødearkivets rod '{out}'; brug en mappe som _site/")
    out.mkdir(parents=True, exist_ok=True)
    with templating.reuse():
        return _build(root, out, public, today, kinds)


def _build(root: Path, out: Path, public: bool, today: dt.date, kinds: tuple[str, ...]) -> SiteResult:
    rep = Archive(root)
    data = gather(rep, public, today)
    version = key(cache.code_fingerprint(), _templates(root), public, rep.settings.name)  # the name: on every page
    writer = Writer(out, version)
    # each meeting page's visible text for the search, by the page's content: a kept page is
    # not parsed again (parsing every page was 11 of 18 s of a build with nothing changed)
    texts: cache.Pack[str] = cache.open_pack(root, "sidetekst", "", str)
    result = SiteResult(out)
    shared_css = templating.render(root, "print.css")
    writer.write("static/referat.css", (shared_css + "\n" + templating.render(root, "site/site.css")).encode())
    writer.write("static/opgaver.js", templating.render(root, "site/opgaver.js").encode())

    pages = Pages(data, set(data.involved_persons()), set(data.involved_organisations()))
    docs: list[SearchDoc] = []
    # Pages that gather from many meetings are keyed by what they show: a person's tasks and
    # meetings, a group's files for its annual report; the start, group and task pages are few
    # and always made (written only when changed).
    common = key(version, rep.digest, today, sorted(pages.persons), sorted(pages.organisations))
    # each task's repr hashed once: a page's key lists its tasks by these (a task's repr is long,
    # and the annual reports, people and organisations list thousands of them between them)
    task_digest = {id(t): key(t).encode() for t in data.tasks}

    def of(tasks: list[Task]) -> bytes:
        return b"".join(task_digest[id(t)] for t in tasks)

    for g in data.groups:
        digests = _meetings(rep, g, pages, writer, Made(version, shared_css, kinds), docs, texts, result)
        group_tasks = [t for t in data.tasks if t.group == g.group.id]
        years = []
        for year in sorted({m.date.year for m in g.meetings}):
            page = urls.report(g.group.id, year)
            inputs = key(common, year, digests, of(group_tasks), _stat(root, annual.own_words_path(g.group.id, year)))
            try:
                _made(writer, page, inputs, partial(pages.report, g, year, shared_css))
                years.append(year)
            except ReferatError as exc:
                result.notes.append(f"Årsrapport {year} for {g.group.name}: {exc}")
        writer.write(urls.group(g.group.id), pages.group(g, years).encode())
    writer.write("index.html", pages.start().encode())
    writer.write("opgaver/index.html", pages.tasks().encode())
    writer.write("personer.html", pages.register("personer").encode())
    writer.write("organisationer.html", pages.register("organisationer").encode())
    for pid in sorted(pages.persons):
        tasks = data.tasks_of_person(pid)
        seen = data.persons.get(pid)
        _made(writer, urls.person(pid), key(common, pid, of(tasks), _attended(seen)),
              partial(pages.person, pid, tasks))
    for oid in sorted(pages.organisations):
        tasks = data.tasks_of_organisation(oid)
        seen = data.organisations.get(oid)
        _made(writer, urls.organisation(oid), key(common, oid, of(tasks), _attended(seen)),
              partial(pages.organisation, oid, tasks))

    texts.save(complete=True)
    search.write_index(docs, out, site=rep.settings.name, root=root)
    writer.finish()
    result.pages, result.written, result.kept, result.removed = len(writer.new), writer.written, writer.kept, \
        writer.removed
    return result


def _made(writer: Writer, page: str, inputs: str, make: Callable[[], str]) -> None:
    """The page made and written, unless it was made from the same inputs before."""
    if not writer.unchanged(page, inputs):
        writer.write(page, make().encode(), inputs)


def _attended(seen: Attendance | None) -> list[tuple[int, list[str], list[str]]]:
    if seen is None:
        return []
    return [(y, [m.path for m in seen.present.get(y, [])], [m.path for m in seen.absent.get(y, [])])
            for y in seen.years]


def _stat(root: Path, rel: str) -> tuple[int, int]:
    try:
        st = os.lstat(root / rel)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


class Made(NamedTuple):
    """What every meeting page is made with."""

    version: str
    shared_css: str
    kinds: tuple[str, ...]  # the documents beside each page ("pdf", "docx")


def _meetings(rep: Archive, g: GroupData, pages: Pages, writer: Writer, made_with: Made,
              docs: list[SearchDoc], texts: cache.Pack[str], result: SiteResult) -> list[tuple[str, bytes]]:
    """The group's meeting pages, their attachments and documents; a meeting that cannot be shown
    is left out of the group (and said in result.notes). Returns each meeting file's digest."""
    group_state = key([(m.path, m.date, m.status, m.title) for m in g.meetings],
                      sorted(rep.summaries(g.group.id).items()))
    tasks = rep.tasks(g.group.id)
    failed = []
    digests = []
    for m in g.meetings:
        page = urls.meeting(m)
        raw = repo.read_bytes(rep.root, m.path)
        digests.append((m.path, cache.digest(raw or b"")))
        inputs = key(made_with.version, rep.digest, group_state, raw, _attachment_state(rep.root, m))
        try:
            view = cache_once(partial(pages.meeting_view, m, tasks))  # only if a page or document is made
            downloads = _documents(rep.root, writer, m, made_with.kinds, inputs, view, result)
            page_inputs = key(inputs, downloads)
            if not writer.unchanged(page, page_inputs):
                writer.write(page, pages.meeting(g, m, view(), made_with.shared_css,
                                                 _attachments(rep.root, writer, page, result), downloads).encode(),
                             page_inputs)
        except ReferatError as exc:
            result.notes.append(f"{m.path}: {exc}")
            failed.append(m)
            continue
        # the text as the page shows it, whether made now or kept
        made = writer.new[page]["hash"].encode()
        text = texts.get(made)
        if not isinstance(text, str):
            text = _document_text(writer.out / page)
            texts.put(made, text)
        docs.append(SearchDoc(page, f"{g.group.name} – {m.title or datoer.format_date(m.date)}", text,
                              g.group.name, m.date.isoformat()))
    g.meetings = [m for m in g.meetings if m not in failed]
    return digests


def _documents(root: Path, writer: Writer, m: Meeting, kinds: tuple[str, ...], inputs: str,
               view: Callable[[], MinutesView], result: SiteResult) -> list[tuple[str, str]]:
    """The meeting's PDF and Word files beside its page, made only when the page's inputs
    changed (a PDF takes about a second); (what, file name) of those there are."""
    made = []
    for fmt in kinds:
        path, inputs_of = urls.meeting_document(m, fmt), key(inputs, fmt)
        if not writer.unchanged(path, inputs_of):
            try:
                writer.write(path, documents.render(root, view(), fmt), inputs_of)
            except ReferatError as exc:
                result.notes.append(f"{m.path}: {documents.KINDS[fmt]}-filen kunne ikke laves: {exc}")
                continue
        made.append((documents.KINDS[fmt], PurePosixPath(path).name))
    return made


def _attachment_state(root: Path, m: Meeting) -> list[tuple[str, int, int]]:
    found = []
    for it in m.agenda:
        for a in it.attachments:
            if a.file and not escapes(a.file):
                try:
                    st = os.lstat(root / a.file)
                    found.append((a.file, st.st_size, st.st_mtime_ns))
                except OSError:
                    found.append((a.file, -1, -1))
    return found


def _attachments(root: Path, writer: Writer, page: str, result: SiteResult) -> Callable[[int, str], str]:
    """attachment_links for Pages.meeting: copies each attachment into the site (read only
    through open_in_archive: no link is followed, nothing outside the archive is read) and
    gives its link from page; '' when it could not be copied."""
    back = urls.root_of(page)

    def link(number: int, file: str) -> str:
        target = safe.attachment_path(file)
        if target is None:
            return ""
        try:
            fd = open_in_archive(root, file)
        except OSError:
            return ""
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ATTACHMENT:
                return ""
            data = f.read(MAX_ATTACHMENT + 1)
        writer.write(target, data)
        return back + safe.href(target)

    return link


def _document_text(path: Path) -> str:
    """The visible text of the document in a built page (between the markers Pages puts there)."""
    try:
        html = path.read_bytes()[:MAX_BYTES * 4].decode("utf-8", "replace")
    except OSError:
        return ""
    start, end = html.find(START), html.rfind(END)
    return visible_text(html[start + len(START):end] if 0 <= start < end else "")


def _templates(root: Path) -> list[tuple[str, int, int]]:
    """The templates a page may be made from (packaged and the repository's own), as names,
    sizes and times: a changed template makes every page again. Links are not followed."""
    found = []
    for folder in (templating.PACKAGED, templating.own_templates(root)):
        if folder is None:
            continue
        for where, _dirs, files in os.walk(folder):
            for name in files:
                try:
                    st = os.lstat(os.path.join(where, name))
                except OSError:
                    continue
                found.append((os.path.relpath(os.path.join(where, name), folder), st.st_size, st.st_mtime_ns))
    return sorted(found)


