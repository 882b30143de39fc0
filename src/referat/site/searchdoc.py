"""What the site's search knows of one page (owned by the site's pages; a placeholder until they
are merged)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDoc:
    url: str
    title: str
    text: str
    group: str
    date: str
