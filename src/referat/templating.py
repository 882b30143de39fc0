"""Jinja2 templates: a minutes repository's own templates/ first, then referat's defaults.

A repository overrides the defaults file by file, like scriv and mkdocs do, so a secretariat
can change one document's look without copying the rest.

A repository's templates come from whoever may change the archive, so they are input, not
code: a repository with its own templates/ renders every document in Jinja's sandbox (a
repository template can include a packaged one and the other way round, so the whole render
is sandboxed, not the repository's files alone). They are read only from regular files under
templates/, never through a link, and a render of them is bounded in time (on the main
thread, where a signal can stop it) and in size. What a render writes is passed through
printable.clean, so no document carries control characters, from the meeting or the template.
The packaged defaults are referat's own code and render unsandboxed; in this project's own
repository templates/ is the packaged folder (src/referat/templates links to it), and it is
recognised as such by its resolved path.
"""

from __future__ import annotations

import contextlib
import operator
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping, Sized
from pathlib import Path
from types import FrameType
from typing import NoReturn

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from referat.errors import ReferatError
from referat.printable import clean

TEMPLATE_DIR = "templates"
PACKAGED = Path(__file__).parent / TEMPLATE_DIR

MAX_TEMPLATE_BYTES = 1024 * 1024  # a real template is a few KB
MAX_OUTPUT = 20_000_000  # characters; a real document is 10-300 KB
MAX_SECONDS = 5  # a real document renders in well under a second
MAX_MEMORY = 2 * 1024 ** 3  # bytes a render may add to the process (Linux); a real one adds a few MB
_MAX_BITS = 100_000  # the largest integer a template may compute with * or **

def own_templates(root: Path | None) -> Path | None:
    """The repository's own templates/ folder, or None when it has none (or when it is the
    packaged one, as in this project's own repository)."""
    if root is None:
        return None
    folder = root / TEMPLATE_DIR
    if not (folder.is_symlink() or folder.is_dir()):
        return None
    try:
        if folder.resolve() == PACKAGED.resolve():
            return None
    except (OSError, RuntimeError):
        pass  # a link loop: the loader refuses it by name
    return folder


_reused: dict[Path | None, jinja2.Environment] | None = None  # see reuse()


@contextlib.contextmanager
def reuse() -> Iterator[None]:
    """Within it, one environment per templates folder, so each template is read and compiled
    once: `referat site` renders thousands of pages (compiling took 70 % of its time). Outside,
    every render reads the templates afresh, as a repository's may have changed."""
    global _reused
    outer = _reused
    _reused = {} if outer is None else outer
    try:
        yield
    finally:
        _reused = outer


def _environment(own: Path | None) -> jinja2.Environment:
    if _reused is not None and own in _reused:
        return _reused[own]
    packaged = jinja2.FileSystemLoader(str(PACKAGED))
    if own is None:
        env = _configured(jinja2.Environment, packaged)
    else:
        env = _configured(_Sandbox, jinja2.ChoiceLoader([_RepositoryLoader(own), packaged]))
    if _reused is not None:
        _reused[own] = env
    return env


def _configured(kind: type[jinja2.Environment], loader: jinja2.BaseLoader) -> jinja2.Environment:
    return kind(
        loader=loader,
        # HTML is escaped; Markdown and YAML output is plain text and escaped by the caller.
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(root: Path | None, name: str, filters: Mapping[str, Callable[..., object]] | None = None,
           /, **context: object) -> str:
    """The template name rendered with context, without control characters (the first three
    arguments are positional only, so a template may use a variable named root, as
    site/base.html.j2 does). A repository template that fails, is refused by the sandbox, runs
    too long or writes too much is a ReferatError naming the template; nothing it wrote is
    returned."""
    own = own_templates(root)
    env = _environment(own)
    env.filters.update(filters or {})
    if own is None:
        return clean(env.get_template(name).render(**context))
    try:
        with _limits():
            return clean(_bounded_render(env.get_template(name), context))
    except ReferatError:
        raise
    except MemoryError:
        raise ReferatError(f"{TEMPLATE_DIR}/{name} (eller en skabelon, den bruger) brugte mere end "
                           f"{MAX_MEMORY // 1024 ** 3} GB hukommelse; dokumentet er ikke lavet") from None
    except _TooLong:
        raise ReferatError(f"{TEMPLATE_DIR}/{name} (eller en skabelon, den bruger) blev ikke færdig inden for "
                           f"{MAX_SECONDS} sekunder; se efter løkker i løkker; dokumentet er ikke lavet") from None
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(own, exc.filename or name, exc.lineno)
        raise ReferatError(f"{where}: skabelonen kan ikke læses ({exc.message}); dokumentet er ikke lavet") from None
    except jinja2.exceptions.SecurityError as exc:
        raise ReferatError(f"{_raised_in(own, exc, name)}: skabelonen prøver noget, som en skabelon i "
                           f"mødearkivet ikke må ({exc}); dokumentet er ikke lavet") from None
    except Exception as exc:  # the repository's template is input: whatever it does wrong is said, not raised
        raise ReferatError(f"{_raised_in(own, exc, name)}: skabelonen fejlede ({type(exc).__name__}: {exc}); "
                           "dokumentet er ikke lavet") from None


def _bounded_render(template: jinja2.Template, context: dict[str, object]) -> str:
    parts: list[str] = []
    size = 0
    for part in template.generate(**context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise ReferatError(f"{TEMPLATE_DIR}/{template.name} (eller en skabelon, den bruger) skriver mere end "
                               f"{MAX_OUTPUT // 1_000_000} millioner tegn; dokumentet er ikke lavet")
        parts.append(part)
    return "".join(parts)


class _TooLong(BaseException):
    """Not an Exception: nothing between the signal and render() may catch it."""


class _limits:
    """MAX_SECONDS for a render, by SIGALRM, on the main thread of a system that has it, and
    MAX_MEMORY more address space where the system says how much the process has (Linux):
    elsewhere a render is not bounded in time or memory, only in what it writes."""

    def __enter__(self) -> None:
        self.alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        if self.alarm:
            self.handler = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
        self.memory = _limit_memory()

    def __exit__(self, *exc: object) -> None:
        if self.alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.handler)
        if self.memory is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.memory)

    @staticmethod
    def _expired(signum: int, frame: FrameType | None) -> NoReturn:
        raise _TooLong()


def _limit_memory() -> tuple[int, int] | None:
    """Lowers the process's address-space limit to what it uses now and MAX_MEMORY more, so a
    template that builds a huge string gets a MemoryError at once rather than swapping the
    machine to a halt; returns the limits to restore, or None when nothing was changed."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        before = resource.getrlimit(resource.RLIMIT_AS)
        soft, hard = before
        limit = used + MAX_MEMORY
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft != resource.RLIM_INFINITY and soft <= limit:
            return None
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return before
    except (ImportError, OSError, ValueError):
        return None


def _shown(own: Path | None, filename: str, line: int | None = None) -> str | None:
    """'templates/x.j2:3' for a file of the repository, 'den indbyggede skabelon x.j2' for a
    packaged one, None for anything else (a frame of Python code)."""
    path = Path(filename)
    shown = None
    if not path.is_absolute():
        shown = f"{TEMPLATE_DIR}/{filename}"
    elif own is not None and path.is_relative_to(own):
        shown = f"{TEMPLATE_DIR}/{path.relative_to(own).as_posix()}"
    elif path.is_relative_to(PACKAGED):
        shown = f"den indbyggede skabelon {path.relative_to(PACKAGED).as_posix()}"
    if shown is None:
        return None
    return f"{shown}:{line}" if line else shown


def _raised_in(own: Path | None, exc: BaseException, name: str) -> str:
    """The template line the exception was raised on: Jinja rewrites the traceback so that
    its frames are the templates' lines."""
    where = f"{TEMPLATE_DIR}/{name}"
    tb = exc.__traceback__
    while tb is not None:
        where = _shown(own, tb.tb_frame.f_code.co_filename, tb.tb_lineno) or where
        tb = tb.tb_next
    return where


class _RepositoryLoader(jinja2.BaseLoader):
    """Templates from regular files under the repository's templates/, never through a link."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses '..'
        shown = "/".join([TEMPLATE_DIR, *parts])
        path = str(self.folder)
        for i, part in enumerate(["", *parts]):
            path = os.path.join(path, part) if part else path
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                raise jinja2.TemplateNotFound(template) from None
            except OSError as exc:
                raise ReferatError(f"{shown}: kan ikke læses ({exc.strerror})") from None
            last = i == len(parts)
            link_name = TEMPLATE_DIR + "/" if i == 0 else "/".join([TEMPLATE_DIR, *parts[:i]])
            if stat.S_ISLNK(st.st_mode):
                raise ReferatError(f"{link_name} er et link; skabeloner i mødearkivet skal være almindelige filer i "
                                   f"{TEMPLATE_DIR}/ (links følges ikke)")
            if not last and not stat.S_ISDIR(st.st_mode):
                raise jinja2.TemplateNotFound(template)
            if last and not stat.S_ISREG(st.st_mode):
                raise ReferatError(f"{shown} er ikke en almindelig fil")
            if last and st.st_size > MAX_TEMPLATE_BYTES:
                raise ReferatError(f"{shown} er for stor ({st.st_size // 1024} KB) til at være en skabelon")
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as f:
                raw = f.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as exc:
            raise ReferatError(f"{shown}: kan ikke læses ({exc.strerror})") from None
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ReferatError(f"{shown} er ikke UTF-8") from None
        return source, path, lambda: True


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox (no attributes that start with _, no functions that change data), with
    * and ** refused where they would make a huge number or sequence in one C call, which no
    time limit can stop. Not the immutable sandbox: the packaged templates build their own
    lists with append, and a template reaches nothing else that it could change."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: object, right: object) -> object:
        if op == "**" and isinstance(left, int) and isinstance(right, int) \
                and right > 0 and abs(left) > 1 and abs(left).bit_length() * right > _MAX_BITS:
            raise jinja2.exceptions.SecurityError(f"{left} ** {right} er for stort")
        if op == "*":
            _check_product(left, right)
        return {"*": operator.mul, "**": operator.pow}[op](left, right)


def _check_product(left: object, right: object) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > _MAX_BITS:
            raise jinja2.exceptions.SecurityError("produktet er for stort")
        return
    for seq, n in ((left, right), (right, left)):
        if isinstance(n, int) and isinstance(seq, Sized) and len(seq) * n > MAX_OUTPUT:
            raise jinja2.exceptions.SecurityError("gentagelsen er for lang")
