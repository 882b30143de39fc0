"""Where each page lies in the site, relative to its root. Every name comes from safe.slug or a
date, so nothing an archive says makes a page outside the output folder."""

from __future__ import annotations

from pathlib import PurePosixPath

from referat.model import Meeting
from referat.site.safe import slug
from referat.tasks import Task


def group(gid: str) -> str:
    return f"grupper/{slug(gid)}/index.html"


def meeting_file(path: str) -> str:
    """The page's name in its group's folder: the meeting file's name ('2025-03-07.html')."""
    return f"{slug(PurePosixPath(path).stem)}.html"


def meeting(m: Meeting) -> str:
    return f"grupper/{slug(m.group_folder)}/{meeting_file(m.path)}"


def meeting_document(m: Meeting, fmt: str) -> str:
    """The meeting's PDF or Word file, beside its page ('2025-03-07.pdf')."""
    return meeting(m).removesuffix(".html") + "." + fmt


def task_meeting(t: Task) -> str:
    return f"grupper/{slug(t.group)}/{meeting_file(t.path)}"


def report_file(year: int) -> str:
    return f"aarsrapport-{year}.html"


def report(gid: str, year: int) -> str:
    return f"grupper/{slug(gid)}/{report_file(year)}"


def person(pid: str) -> str:
    return f"personer/{slug(pid)}.html"


def organisation(oid: str) -> str:
    return f"organisationer/{slug(oid)}.html"


def root_of(page: str) -> str:
    """The way from a page back to the site's root: '', '../', '../../'."""
    return "../" * page.count("/")
