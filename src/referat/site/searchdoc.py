"""What the site gives the full-text search for each meeting page (referat.site.search)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDoc:
    url: str  # relative to the site's root: "grupper/boern-og-unge/2025-03-07.html"
    title: str  # "Børn og unge – Referat, 7. marts 2025"
    text: str  # the page's visible text of the minutes or agenda (public-filtered with --offentlig)
    group: str  # the group's name
    date: str  # ISO date of the meeting
