"""Every text scan takes time in proportion to its input, on the input made to be its worst case.

A file in a minutes archive may come from anyone, and a regular expression like \\s*,\\s* that
tries a run of a million spaces again from each of its spaces turns 2 MB into hours. Each
scanner here reads its worst case at 20 KB and at 200 KB: linear work takes about ten times as
long on the larger, quadratic work a hundred times. The CPU time of each run is measured in a
child process, whose CPU limit only stops a runaway scan (it is far above what linear work
takes); the assertion is on the ratio.

The last tests run `referat` itself on files just under the 2 MB a meeting may have, each in a
forked child that is stopped if it hangs.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import multiprocessing
import resource
import time
from collections.abc import Callable

import pytest

from meetingtext import FILE, VALID, check_file, codes, meeting
from referat import annual, body, changes, check, datoer, source, tasks, yamlread
from referat import meeting as meeting_file
from referat.findings import Collector
from referat.registry import Registry

# Big enough that quadratic work dwarfs a scan's fixed costs (at 20 KB a quadratic regular
# expression takes seconds), small enough that all the cases take seconds.
SMALL, LARGE = 20_000, 200_000
LINEAR = 35  # a ratio of CPU time at most this for ten times the input: ~10 linear, ~100 quadratic
RUNAWAY = 10  # CPU seconds the small runs may take before they count as a runaway (linear takes < 1)

HEAD = "---\ndato: 2025-06-13\nstatus: udkast\ndagsorden:\n  - nr: 1\n    titel: Punkt\n---\n## 1. Punkt\n"


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _keep_memory() -> None:
    """glibc gives each block of more than 128 KB its own pages and hands them back when it is
    freed; copying a 1 MB string then costs more in page faults than in copying, and the
    ratio would measure the kernel. Keep such blocks in the heap, as smaller ones are."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(-3, 1 << 28)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1 << 29)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


def _child(run: Callable[[object], object], arg: object, limit: int, repeats: int, inner: int, conn) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
    _keep_memory()
    best = math.inf
    for _ in range(repeats):
        # thread_time: once a CPU limit is set, Linux counts process_time only at each clock tick
        start = time.thread_time()
        for _ in range(inner):
            run(arg)
        best = min(best, (time.thread_time() - start) / inner)
    conn.send(best)


def _cpu(run: Callable[[object], object], arg: object, limit: int, repeats: int, inner: int = 1) -> float:
    """The CPU time of run(arg) in a forked child: the least of repeats measurements, each the
    mean of inner runs (so that a fast scan is not measured at the clock's grain); inf if the
    child went past limit CPU seconds."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(run, arg, limit, repeats, inner, send))
    child.start()
    send.close()
    try:
        return receive.recv()
    except EOFError:  # killed at its CPU limit
        return math.inf
    finally:
        child.join()


def assert_linear(run: Callable[[object], object], make: Callable[[int], object]) -> None:
    small, large = make(SMALL), make(LARGE)
    # the least of three: noise only makes a run slower, and a slower small run only lowers the ratio
    t_small = _cpu(run, small, RUNAWAY, repeats=3, inner=4)
    assert t_small < math.inf, f"{SMALL} characters took more than {RUNAWAY} s of CPU"
    repeats = 4  # the least of four: on a busy machine (the suite runs twice in CI) two were not enough
    limit = math.ceil(t_small * LINEAR * repeats * 2) + 2  # a scan slower than this fails the ratio anyway
    t_large = _cpu(run, large, limit, repeats)
    ratio = t_large / max(t_small, 1e-6)
    assert ratio < LINEAR, f"{SMALL}: {t_small * 1000:.1f} ms, {LARGE}: {t_large * 1000:.1f} ms (×{ratio:.0f})"


def _read(text: str):
    return meeting_file.read_meeting(text.encode(), FILE, "boern-og-unge")


def _task_rows(text: str):
    m, _findings = _read(text)
    return tasks.task_rows(m, False)


def _agenda(items: int) -> str:
    return ("---\ndato: 2025-06-13\nstatus: udkast\ndagsorden:\n"
            + "".join(f"  - {{nr: {i}, titel: x}}\n" for i in range(1, items + 1)))


def _checked(text: str):
    m, _findings = meeting_file.read_meeting_file(text.encode(), FILE, "boern-og-unge")  # as tjek reads it
    return check.check_meeting(m, Registry())


def _date(text: str) -> None:
    with contextlib.suppress(datoer.DateError):
        datoer.parse_date(text)


def _deadline(text: str) -> None:
    with contextlib.suppress(datoer.DateError):
        datoer.parse_deadline(text, 2025)


def _controls(text: str) -> None:
    source.control_characters(text, Collector(FILE))


def _front_matter(text: str) -> None:
    source.split_front_matter(text, Collector(FILE))


CASES: dict[str, tuple[Callable, Callable[[int], object]]] = {
    # meeting.py: the owners of a task, split at commas, "og" and "v."
    "owners: a run of spaces": (lambda s: meeting_file.split_owners(s, (1, 1)), lambda n: "Julie" + " " * n + "Folke"),
    "owners: spaces before og": (lambda s: meeting_file.split_owners(s, (1, 1)), lambda n: "Julie" + " " * n + "ogx"),
    "owners: spaces before a comma": (lambda s: meeting_file.split_owners(s, (1, 1)),
                                      lambda n: "Julie" + " " * n + ",x"),
    "owners: many owners": (lambda s: meeting_file.split_owners(s, (1, 1)), lambda n: _repeat("a , b og c v. d;", n)),
    # meeting.py: a task's fields and owners, read from the file
    "task: Ansvarlig with a run of spaces": (_read, lambda n: HEAD + "- [ ] Opgave. Ansvarlig: Julie" + " " * n
                                             + "Folke. Frist: 1. juli 2025.\n"),
    "task: Frist: again and again": (_read, lambda n: HEAD + "- [ ] Opgave " + _repeat("Frist:", n) + "\n"),
    "task: a long continuation": (_read, lambda n: HEAD + "- [ ] Opgave\n" + _repeat("  Frist: 1/1\n", n)),
    # meeting.py: the lines with a deadline word, and the deadlines in prose
    "prose: senest again and again": (_read, lambda n: HEAD + _repeat("senest ", n) + "\n"),
    "prose: Frist: again and again": (_read, lambda n: HEAD + _repeat("Frist:", n) + "\n"),
    "prose: a deadline on every line": (_read, lambda n: HEAD + _repeat("senest 1/7\n", n)),
    "prose: many deadlines on one line": (_read, lambda n: HEAD + _repeat("senest 1/7 ", n) + "\n"),
    # datoer.py
    "find: senest again and again": (lambda s: datoer.find_dates_in_text(s, 2025), lambda n: _repeat("senest ", n)),
    "find: a deadline word and spaces": (lambda s: datoer.find_dates_in_text(s, 2025), lambda n: "frist" + " " * n),
    "find: med dagsordenen and spaces": (lambda s: datoer.find_dates_in_text(s, 2025),
                                         lambda n: _repeat("sendes" + " " * 40 + "med" + " " * 40, n)),
    "find: a deadline word in a long word": (lambda s: datoer.find_dates_in_text(s, 2025),
                                             lambda n: "a" * n + "frist 1/7"),
    "deadline: lead word and spaces": (_deadline, lambda n: "senest" + " " * n + "x"),
    "deadline: lead words again and again": (_deadline, lambda n: _repeat("frist ", n) + "x"),
    "deadline: weekday and spaces": (_deadline, lambda n: "fredag" + " " * n + "x"),
    "date: day and spaces": (_date, lambda n: "7." + " " * n + "x"),
    "date: day and month again and again": (_date, lambda n: _repeat("7. marts ", n)),
    "date: digits": (_date, lambda n: "1" * n),
    # body.py
    "body: heading with spaces": (lambda s: body.scan(s, 1), lambda n: "## 1" + " " * n + "x\n"),
    "body: heading with closing #s": (lambda s: body.scan(s, 1), lambda n: "## x" + _repeat(" #", n) + "x\n"),
    "body: task box after spaces": (lambda s: body.scan(s, 1), lambda n: "-" + " " * n + "x\n"),
    "body: tasks": (lambda s: body.scan(s, 1), lambda n: _repeat("- [ ] a\n", n)),
    "body: fences": (lambda s: body.scan(s, 1), lambda n: "```\n" + _repeat("``\n", n)),
    # model.py via tasks.py: each task's agenda item, with many items
    # model.py, through tasks.py and check.py: the agenda item of each task and of each attendee's
    # items (the agenda grows with the input, and stays under yamlread.MAX_NODES)
    "tasks: item of each task": (_task_rows, lambda n: _agenda(n // 100) + f"---\n## {n // 100}. x\n"
                                 + _repeat("- [ ] a\n", n // 2)),
    "check: item of each attendee's items": (_checked, lambda n: _agenda(n // 100) + "deltagere:\n  - person: x\n"
                                             + "    punkter: [" + ", ".join([str(n // 100)] * (n // 100)) + "]\n---\n"),
    # changes.py: what `luk` appends to a task's last line (M004); annual.py: the report's headings
    "changes: a closing date and spaces": (lambda s: changes._closing_tail(s, False),
                                           lambda n: b" Lukket: x" + b" " * n + b"y"),
    "annual: a heading and spaces": (lambda s: annual._H2.match(s), lambda n: "## x" + " " * n + "y"),
    # yamlread.py
    "yaml: a long scalar": (yamlread.load, lambda n: "a: " + _repeat("b ", n)),
    "yaml: a long number": (yamlread.load, lambda n: "a: " + "1" * n + "x"),
    "yaml: tabs in the indentation": (yamlread.load, lambda n: "a:\n" + _repeat(" \tb\n", n)),
    # source.py
    "source: closing fence candidates": (_front_matter, lambda n: "---\n" + _repeat("\n---x", n)),
    "source: control characters on one line": (_controls, lambda n: "\x0c" * n),
    "source: a control character on every line": (_controls, lambda n: _repeat("\x0c\n", n)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_scan_is_linear(name: str) -> None:
    run, make = CASES[name]
    assert_linear(run, make)


# --- through the command line, just under source.MAX_BYTES ----------------------------------------

NEAR_LIMIT = source.MAX_BYTES - 4096


def _padded(text: str, marker: str, unit: str) -> str:
    """text with marker replaced by unit repeated to bring the file just under the size limit."""
    room = NEAR_LIMIT - len(text.encode()) + len(marker)
    return text.replace(marker, unit * (room // len(unit.encode())))


def test_tjek_reads_an_owner_with_two_megabytes_of_spaces(minutes):
    text = _padded(meeting(("Ansvarlig: Povl Skov.", "Ansvarlig: Povl@Skov.")), "@", " ")
    r = check_file(minutes, text, forked=True)
    assert codes(r) == [], r.out  # "Povl <2 MB of spaces> Skov" is Povl Skov


def test_tjek_reads_two_megabytes_of_deadline_words(minutes):
    text = _padded(meeting(("## 2. Nyt", "@\n\n## 2. Nyt")), "@", "senest ")
    assert codes(check_file(minutes, text, forked=True)) == []


def test_tjek_reads_a_task_with_two_megabytes_of_fields(minutes):
    text = _padded(meeting(("Frist: 1. september 2025.", "Frist: 1. september 2025. @")), "@", "Frist:")
    r = check_file(minutes, text, forked=True)
    assert codes(r) == ["T006"], r.out  # once, not once for each of the 350,000


def test_tjek_reads_two_megabytes_of_control_characters(minutes):
    text = _padded(VALID + "@\n", "@", "\x0c\n")
    r = check_file(minutes, text, forked=True)
    assert codes(r) == ["F012"] * 11, r.out  # ten lines shown, then how many more
