"""A command about one meeting or one group reads that group's meetings, not the archive's:
what it made of each file is cached per group folder, and only the chosen group's is made."""

from __future__ import annotations

from conftest import MinutesRepo, ok

from referat.cache import pack_name


def _cached(minutes: MinutesRepo, kind: str) -> set[str]:
    """The group folders whose cache file of this kind exists."""
    folder = minutes.root / ".referat-cache"
    return {g for g in ("boern-og-unge", "styregruppen") if (folder / f"{pack_name(kind, g)}.msgpack").exists()}


def test_the_minutes_of_one_meeting_read_only_its_group_s_meetings(minutes):
    assert "Børn og Unge" in ok(minutes.run("vis", "2025-03-07")).out
    assert _cached(minutes, "moede") == {"boern-og-unge"}
    assert _cached(minutes, "opgaver") == {"boern-og-unge"}


def test_the_agenda_and_the_annual_report_of_one_group_read_only_that_group(minutes):
    ok(minutes.run("dagsorden", "2025-03-14"))
    ok(minutes.run("aarsrapport", "2025", "--gruppe", "styregruppen"))
    ok(minutes.run("ny", "--vis", "--gruppe", "styregruppen", "--dato", "2026-01-15"))
    assert _cached(minutes, "moede") == {"styregruppen"}
    assert _cached(minutes, "opgaver") == {"styregruppen"}


def test_the_task_list_of_every_group_reads_every_group(minutes):
    ok(minutes.run("opgaver"))
    assert _cached(minutes, "opgaver") == {"boern-og-unge", "styregruppen"}
    assert _cached(minutes, "moede") == set()  # tasks only: no whole meetings made or kept
