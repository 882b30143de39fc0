"""A command about one meeting or one group reads that group's meetings, not the archive's:
what it made of each file is cached per group folder, and only the chosen group's is made."""

from __future__ import annotations

from conftest import MinutesRepo, ok
from referat.cache import KINDS, pack_name


def _any_cached(minutes: MinutesRepo, group: str) -> bool:
    """Whether any cache file about this group folder's meetings exists."""
    return any((minutes.root / ".referat-cache" / f"{pack_name(kind, group)}.msgpack").exists() for kind in KINDS)


def _cached(minutes: MinutesRepo, kind: str) -> set[str]:
    """The group folders whose cache file of this kind exists."""
    folder = minutes.root / ".referat-cache"
    return {g for g in ("boern-og-unge", "styregruppen") if (folder / f"{pack_name(kind, g)}.msgpack").exists()}


def test_the_minutes_of_one_meeting_read_only_its_group_s_meetings(minutes):
    assert "Børn og Unge" in ok(minutes.run("vis", "2025-03-07")).out
    assert _cached(minutes, "moede") == _cached(minutes, "opgaver") == {"boern-og-unge"}
    assert not _any_cached(minutes, "styregruppen")  # nothing of the other group was looked at


def test_the_agenda_and_the_annual_report_of_one_group_read_only_that_group(minutes):
    ok(minutes.run("dagsorden", "2025-03-14"))
    ok(minutes.run("aarsrapport", "2025", "--gruppe", "styregruppen"))
    ok(minutes.run("ny", "--vis", "--gruppe", "styregruppen", "--dato", "2026-01-15"))
    assert _cached(minutes, "moede") == _cached(minutes, "opgaver") == {"styregruppen"}
    assert not _any_cached(minutes, "boern-og-unge")


def test_the_task_list_of_every_group_reads_every_group(minutes):
    ok(minutes.run("opgaver"))
    assert _cached(minutes, "opgaver") == {"boern-og-unge", "styregruppen"}
    assert _cached(minutes, "moede") == set()  # tasks only: no whole meetings made or kept


def test_every_group_survives_the_cache_unchanged():
    """Groups are read from the cache when their gruppe.yaml is unchanged: the typed decoding
    gives back an equal group for every real group of the frozen copy of this repository."""
    import msgspec

    from conftest import ARCHIVE
    from referat.archive import Archive, GroupRead
    from referat.groupfile import read_group

    groups = Archive(ARCHIVE, use_cache=False).registry.groups
    assert groups
    for g in groups.values():
        read = GroupRead(*read_group((ARCHIVE / g.path).read_bytes(), g.path, g.id))
        assert read.group == g
        assert msgspec.msgpack.decode(msgspec.msgpack.encode(read), type=GroupRead) == read


def test_an_edited_group_file_is_read_again(minutes):
    ok(minutes.run("ny", "--vis", "--gruppe", "styregruppen", "--dato", "2026-01-15"))
    path = "moeder/styregruppen/gruppe.yaml"
    text = minutes.read(path)
    assert "navn: Styregruppen" in text
    minutes.write(path, text.replace("navn: Styregruppen", "navn: Den nye styregruppe", 1))
    made = ok(minutes.run("ny", "--vis", "--gruppe", "styregruppen", "--dato", "2026-01-15")).out
    assert "Den nye styregruppe" in made


def test_a_file_that_is_no_whole_meeting_is_not_read_again_on_a_warm_run(minutes):
    """Its tasks are cached as 'none' (it is no meeting), and a cached 'none' is a value, not a
    miss: once the file has lain still, a warm run reads none of its bytes."""
    import time

    from referat.archive import Archive

    broken = "moeder/boern-og-unge/2024-11-29.md"
    minutes.write(broken, minutes.read(broken).replace("dagsorden:\n", "dagsorden: [\n", 1))
    time.sleep(2.1)  # older than the stat shortcut's racy window
    first = Archive(minutes.root)
    assert broken in first.unreadable("boern-og-unge")
    first.tasks("boern-og-unge")
    warm = Archive(minutes.root)
    warm.tasks("boern-og-unge")
    assert broken in warm.unreadable("boern-og-unge")
    read = [p for p, c in warm._folder("boern-og-unge").contents.items() if c.raw is not None]
    assert read == []
