"""`referat udsend dagsorden` and `referat udsend referat` (issue 18): the letters as the drafts
--ud writes, parsed back with the email package, their invitations with icalendar.

Every test uses its own meeting of the steering group in the `minutes` fixture (2026, a year the
frozen archive has no meetings in) and gives a few of the group's members an address; nothing
here reads the project's own minutes.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from conftest import MinutesRepo, failed, ok

pytest_plugins = ["smtpserver"]  # the fixture smtp: a real SMTP server on 127.0.0.1

GROUP = "styregruppen"
NAME = "Styregruppen for Rammeaftale Sjælland"
DAY = dt.date(2026, 12, 12)
MOVED = dt.date(2026, 12, 15)
ADDRESSES = {"Helle Stisen": "hest@holbaek.dk", "Bo Gammelgaard": "bog@naestved.dk",
             "Pia Bille": "pibi@regionsjaelland.dk", "Lisbeth Broberg": "lisb@rammesekretariat.dk"}


def path_of(day: dt.date) -> str:
    return f"moeder/{GROUP}/{day.isoformat()}.md"


def meeting_text(day: dt.date, status: str = "planlagt", guest: str = "Søren Ærø", title: str = "Økonomi") -> str:
    held = ("deltagere:\n  - Helle Stisen\n  - Bo Gammelgaard\n  - Lisbeth Broberg\n"
            "  - person: Povl Skov\n    gaest: true\nafbud:\n  - Pia Bille\n"
            if status != "planlagt" else
            "inviterede:\n  - Helle Stisen\n  - Bo Gammelgaard\n  - Pia Bille\n  - Lisbeth Broberg\n"
            "  - Margrethe Kusk Pedersen\n"
            f"  - navn: \"{guest}\"\n    gaest: true\n    organisation: Deloitte\n")
    approved = "godkendt:\n  dato: 2027-01-20\n" if status == "godkendt" else ""
    return (f"---\ndato: {day.isoformat()}\ntid: \"09:00-12:00\"\nsted: Holbæk Rådhus\nstatus: {status}\n"
            f"{approved}referent: Lisbeth Broberg\n{held}dagsorden:\n"
            "  - nr: 1\n    titel: Godkendelse af dagsorden\n"
            f"  - nr: 2\n    titel: \"{title}\"\n    bilag:\n      - titel: Budget 2027\n"
            "        fil: bilag/2026-12-12/budget.pdf\n      - Notat om takster\n"
            "---\n"
            + ("\n## 1. Godkendelse af dagsorden\n\nGodkendt.\n\n## 2. Økonomi\n\nDrøftet.\n" if status != "planlagt"
               else ""))


def archive(minutes: MinutesRepo, text: str | None = None, day: dt.date = DAY) -> MinutesRepo:
    """The steering group with 12 December 2026 in its plan, addresses for ADDRESSES and the
    meeting, committed."""
    group = minutes.read(f"moeder/{GROUP}/gruppe.yaml")
    minutes.write(f"moeder/{GROUP}/gruppe.yaml",
                  group.replace("moedeplan:\n", "moedeplan:\n  2026:\n    - 2026-12-12\n"))
    people = minutes.read("personer.yaml")
    for name, address in ADDRESSES.items():
        assert people.count(f"    navn: {name}\n") == 1
        people = people.replace(f"    navn: {name}\n", f"    navn: {name}\n    email: {address}\n")
    minutes.write("personer.yaml", people)
    minutes.write("bilag/2026-12-12/budget.pdf", b"%PDF-1.4\n%%EOF\n")
    minutes.write(path_of(day), text or meeting_text(day))
    minutes.commit("udsend")
    return minutes


def drafts(folder: Path) -> list[EmailMessage]:
    return [BytesParser(policy=policy.default).parse(p.open("rb")) for p in sorted(folder.glob("*.eml"))]


def by_address(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    return {m["To"].addresses[0].addr_spec: m for m in messages}


def invitation(msg: EmailMessage) -> Calendar:
    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar" and p.get_filename()]
    assert part.get_content_charset() == "utf-8"  # said, so a mail program shows æøå as written
    return Calendar.from_ical(part.get_payload(decode=True).decode("utf-8"))


def event(msg: EmailMessage):
    [ev] = invitation(msg).walk("VEVENT")
    return ev


def body(msg: EmailMessage, kind: str) -> str:
    part = msg.get_body((kind,))
    assert part is not None
    return part.get_content()


def send(minutes: MinutesRepo, out: Path, *args: str):
    return ok(minutes.run("udsend", *args, "--ud", str(out)))


# --- the agenda ----------------------------------------------------------------------------------


def test_the_agenda_goes_to_everyone_invited_with_the_pdf_the_attachments_and_the_invitation(minutes, tmp_path):
    archive(minutes)
    r = send(minutes, tmp_path / "ud", "dagsorden", DAY.isoformat())
    letters = by_address(drafts(tmp_path / "ud"))
    assert set(letters) == set(ADDRESSES.values())  # Margrethe and the guest have no address
    assert "Ingen e-mail til 2 personer (skriv adressen under email: i personer.yaml):\n" in r.out
    assert "\n  Margrethe Kusk Pedersen: ingen e-mailadresse i personer.yaml\n" in r.out
    assert "\n  Søren Ærø: står ikke i personer.yaml\n" in r.out
    msg = letters["hest@holbaek.dk"]
    assert msg["Subject"] == f"Dagsorden: {NAME} 12. december 2026"
    assert msg["To"].addresses[0].display_name == "Helle Stisen"
    assert msg["X-Unsent"] == "1"
    [pdf] = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "dagsorden-styregruppen-2026-12-12.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    text = body(msg, "plain")
    assert "Kære Helle Stisen" in text
    assert "Dagsorden:\n  1.  Godkendelse af dagsorden\n  2.  Økonomi\n" in text  # what the meeting is about
    assert "<td>Økonomi</td>" in body(msg, "html")
    assert "- Bilag 1 til punkt 2: Budget 2027" in text
    assert "- Bilag 2 til punkt 2: Notat om takster" in text
    assert "https://" not in text  # no website configured: no links
    cal = invitation(msg)
    assert str(cal["method"]) == "REQUEST"
    ev = event(msg)
    kalender = Calendar.from_ical(ok(minutes.run("kalender", "--dato", "2026-12-01")).out)
    assert str(ev["uid"]) in {str(e["uid"]) for e in kalender.walk("VEVENT")}
    assert str(ev["uid"]) == f"moede-{GROUP}-2026-12-12@referat"
    assert ev.decoded("dtstart") == dt.datetime(2026, 12, 12, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert ev.decoded("dtend") == dt.datetime(2026, 12, 12, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert str(ev["organizer"]) == "mailto:lisb@rammesekretariat.dk"
    assert str(ev["attendee"]) == "mailto:hest@holbaek.dk"
    assert ev["attendee"].params["CN"] == "Helle Stisen"
    assert str(ev["location"]) == "Holbæk Rådhus"


def test_a_moved_meeting_keeps_the_uid_and_is_an_update_with_a_higher_sequence(minutes, tmp_path):
    archive(minutes)
    send(minutes, tmp_path / "a", "dagsorden", DAY.isoformat())
    first = event(by_address(drafts(tmp_path / "a"))["bog@naestved.dk"])
    # The time of sending is the sequence (seconds): the next sending comes in a later second.
    while int(time.time()) <= int(first.decoded("dtstamp").timestamp()):
        time.sleep(0.05)
    (minutes.root / path_of(DAY)).unlink()
    minutes.write(path_of(MOVED), meeting_text(MOVED))
    minutes.commit("mødet flyttet")
    send(minutes, tmp_path / "b", "dagsorden", MOVED.isoformat())
    second = event(by_address(drafts(tmp_path / "b"))["bog@naestved.dk"])
    assert str(second["uid"]) == str(first["uid"]) == f"moede-{GROUP}-2026-12-12@referat"
    assert second.decoded("dtstart").date() == MOVED
    assert int(second["sequence"]) > int(first["sequence"])
    kalender = Calendar.from_ical(ok(minutes.run("kalender", "--dato", "2026-12-01")).out)
    assert {str(e["uid"]): e.decoded("dtstart").date() for e in kalender.walk("VEVENT")
            if str(e["uid"]).startswith(f"moede-{GROUP}-")} == {f"moede-{GROUP}-2026-12-12@referat": MOVED}


def test_a_cancelled_meeting_is_a_cancel_with_the_same_uid(minutes, tmp_path):
    archive(minutes)
    send(minutes, tmp_path / "ud", "dagsorden", DAY.isoformat(), "--aflys")
    msg = by_address(drafts(tmp_path / "ud"))["pibi@regionsjaelland.dk"]
    assert msg["Subject"] == f"Aflyst: {NAME} 12. december 2026"
    assert "er aflyst" in body(msg, "plain")
    assert not [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert str(invitation(msg)["method"]) == "CANCEL"
    ev = event(msg)
    assert str(ev["uid"]) == f"moede-{GROUP}-2026-12-12@referat"
    assert str(ev["status"]) == "CANCELLED"


def test_a_held_meeting_cannot_be_cancelled(minutes, tmp_path):
    archive(minutes, meeting_text(DAY, status="udkast"))
    failed(minutes.run("udsend", "dagsorden", DAY.isoformat(), "--aflys", "--ud", str(tmp_path / "ud")),
           "mødet er holdt", "kan ikke aflyses")
    assert not (tmp_path / "ud").exists()


def test_the_agenda_as_word_and_the_links_on_the_website(minutes, tmp_path):
    minutes.write("arkiv.yaml", "navn: Rammeaftale Sjælland\nhjemmeside: https://example.org/referater\n")
    archive(minutes)
    send(minutes, tmp_path / "ud", "dagsorden", DAY.isoformat(), "--format", "docx")
    msg = by_address(drafts(tmp_path / "ud"))["hest@holbaek.dk"]
    [docx] = list(msg.iter_attachments())[-1:]
    assert docx.get_filename() == "dagsorden-styregruppen-2026-12-12.docx"
    assert docx.get_content().startswith(b"PK")
    site = "https://example.org/referater/"
    text, html = body(msg, "plain"), body(msg, "html")
    assert f"Dagsordenen på arkivets hjemmeside: {site}grupper/styregruppen/2026-12-12.html" in text
    assert f"- Bilag 1 til punkt 2: Budget 2027 ({site}bilag/2026-12-12/budget.pdf)" in text
    assert "- Bilag 2 til punkt 2: Notat om takster\n" in text  # only mentioned: no file, no link
    assert f'<a href="{site}bilag/2026-12-12/budget.pdf">Budget 2027</a>' in html
    assert f'<a href="{site}grupper/styregruppen/2026-12-12.html">' in html


def test_hostile_names_and_texts_are_escaped_in_the_html(minutes, tmp_path):
    hostile = "<script>alert(1)</script> & <b>fed</b>"
    archive(minutes, meeting_text(DAY).replace("  - Helle Stisen\n", "  - helle-stisen\n").replace(
        "status: planlagt\n", f'status: planlagt\ntitel: "{hostile}"\n'))
    people = minutes.read("personer.yaml").replace("    navn: Helle Stisen\n",
                                                   """    navn: 'Helle <img src=x> "H"; Æ, Ø'\n""", 1)
    minutes.write("personer.yaml", people)
    minutes.commit("fjendtlige navne")
    send(minutes, tmp_path / "ud", "dagsorden", DAY.isoformat())
    msg = by_address(drafts(tmp_path / "ud"))["hest@holbaek.dk"]
    html = body(msg, "html")
    assert "<img" not in html and "Helle &lt;img src=x&gt; &#34;H&#34;; Æ, Ø" in html
    assert "<script>" not in html and "<b>" not in html
    assert "(&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;)" in html
    assert f"({hostile})" in body(msg, "plain")  # plain text is shown as text, never run
    assert msg["To"].addresses[0].display_name == 'Helle <img src=x> "H"; Æ, Ø'
    # A calendar parameter cannot hold a double quote: the name keeps the rest
    assert event(msg)["attendee"].params["CN"] == "Helle <img src=x> 'H'; Æ, Ø"


def test_the_archives_own_template_writes_the_letter(minutes, tmp_path):
    archive(minutes)
    minutes.write("templates/mail/dagsorden.txt.j2", "Hej {{ v.to }}, se vedhæftede {{ v.document }}.\n")
    send(minutes, tmp_path / "ud", "dagsorden", DAY.isoformat())
    msg = by_address(drafts(tmp_path / "ud"))["pibi@regionsjaelland.dk"]
    assert body(msg, "plain") == "Hej Pia Bille, se vedhæftede dagsorden-styregruppen-2026-12-12.pdf.\n"
    assert "Kære Pia Bille" in body(msg, "html")  # the packaged HTML template, the archive has none


def test_an_unchanged_agenda_is_not_sent_twice_a_retry_sends_the_rest_and_a_changed_one_goes_out(minutes):
    # The letter maker's once-only rule, key by key, as the record of sent letters (mail.record,
    # through commands/mailing.known) answers it; the SMTP test below sees it end to end.
    from referat import sending
    from referat.archive import Archive

    archive(minutes)
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)

    def letters(known):
        rep = Archive(minutes.root, use_cache=False)
        return sending.agenda_letters(rep, rep.meeting(path_of(DAY)).meeting, "pdf", known, now)

    first = letters(lambda key: False)
    assert len(first.letters) == 4 and all(len(letter.keys) == 1 for letter in first.letters)
    sent = {key for letter in first.letters for key in letter.keys}
    again = letters(sent.__contains__)
    assert again.letters == [] and again.already_sent == 4
    failed_one = first.letters[1]
    retry = letters(lambda key: key in sent and key not in failed_one.keys)
    assert [letter.to for letter in retry.letters] == [failed_one.to] and retry.already_sent == 3
    minutes.write(path_of(DAY), meeting_text(DAY).replace("Holbæk Rådhus", "Teams"))
    changed = letters(sent.__contains__)
    assert len(changed.letters) == 4 and changed.already_sent == 0


@pytest.mark.parametrize(("fmt", "module", "message"), [
    ("pdf", "weasyprint", "Fejl: PDF kræver ekstra pakker: pip install 'referat[pdf]'\n"),
    ("docx", "docx", "Fejl: DOCX kræver ekstra pakker: pip install 'referat[docx]'\n")])
@pytest.mark.parametrize("kind", ["dagsorden", "referat"])
def test_a_missing_extra_is_said_as_dagsorden_says_it(minutes, tmp_path, monkeypatch, fmt, module, message, kind):
    archive(minutes, meeting_text(DAY, status="udkast"))
    monkeypatch.setitem(sys.modules, module, None)  # what `import` finds when the extra is not installed
    assert failed(minutes.run("udsend", kind, DAY.isoformat(), "--format", fmt, "--ud", str(tmp_path / "ud"))) \
        == message
    assert not (tmp_path / "ud").exists()


def test_a_format_other_than_pdf_or_docx_is_refused(minutes, tmp_path):
    archive(minutes)
    failed(minutes.run("udsend", "dagsorden", DAY.isoformat(), "--format", "odt", "--ud", str(tmp_path / "ud")),
           "--format", code=2)


def test_sent_through_smtp_once_and_again_when_the_agenda_changed(minutes, smtp):
    archive(minutes)
    r = ok(minutes.run("udsend", "dagsorden", DAY.isoformat(), "--send"))
    assert sorted(m.rcpt_tos[0] for m in smtp.messages) == sorted(ADDRESSES.values())
    [msg] = [m.message for m in smtp.messages if m.rcpt_tos == ["hest@holbaek.dk"]]
    assert msg["Subject"] == f"Dagsorden: {NAME} 12. december 2026"
    assert msg["From"] == "Sekretariatet <sekretariat@example.dk>" and "X-Unsent" not in msg
    [pdf] = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdf.get_content().startswith(b"%PDF")
    assert str(invitation(msg)["method"]) == "REQUEST"
    assert str(event(msg)["uid"]) == f"moede-{GROUP}-2026-12-12@referat"
    assert "  Margrethe Kusk Pedersen: ingen e-mailadresse" in r.out
    again = ok(minutes.run("udsend", "dagsorden", DAY.isoformat(), "--send"))
    assert len(smtp.messages) == 4
    assert "4 e-mails er sendt før uden ændringer og sendes ikke igen" in again.out
    minutes.write(path_of(DAY), meeting_text(DAY).replace("Holbæk Rådhus", "Teams"))
    minutes.commit("nyt sted")
    ok(minutes.run("udsend", "dagsorden", DAY.isoformat(), "--send"))
    assert len(smtp.messages) == 8 and str(event(smtp.messages[-1].message)["location"]) == "Teams"


# --- the minutes ---------------------------------------------------------------------------------


def test_the_draft_minutes_go_to_the_members_marked_as_a_draft(minutes, tmp_path):
    archive(minutes, meeting_text(DAY, status="udkast"))
    people = minutes.read("personer.yaml").replace("    navn: Holger Spangsberg\n",
                                                   "    navn: Holger Spangsberg\n    email: holger@faxe\n")
    minutes.write("personer.yaml", people)
    r = send(minutes, tmp_path / "ud", "referat", DAY.isoformat())
    letters = by_address(drafts(tmp_path / "ud"))
    assert set(letters) == set(ADDRESSES.values())  # the members with an address, not the guest Povl Skov
    assert "\n  Morten Bøgelund Andersen: ingen e-mailadresse i personer.yaml\n" in r.out
    assert "\n  Holger Spangsberg: 'holger@faxe' er ikke en e-mailadresse\n" in r.out
    msg = letters["pibi@regionsjaelland.dk"]
    assert msg["Subject"] == f"Udkast til referat: {NAME} 12. december 2026"
    assert "udkast til referat" in body(msg, "plain") and "ikke godkendt" in body(msg, "plain")
    [pdf] = list(msg.iter_attachments())
    assert pdf.get_filename() == "referat-styregruppen-2026-12-12.pdf" and pdf.get_content().startswith(b"%PDF")
    assert not [p for p in msg.walk() if p.get_content_type() == "text/calendar"]


def test_the_approved_minutes_are_marked_as_approved(minutes, tmp_path):
    archive(minutes, meeting_text(DAY, status="godkendt"))
    send(minutes, tmp_path / "ud", "referat", DAY.isoformat())
    msg = by_address(drafts(tmp_path / "ud"))["bog@naestved.dk"]
    assert msg["Subject"] == f"Godkendt referat: {NAME} 12. december 2026"
    assert "godkendte referat" in body(msg, "plain") and "udkast" not in body(msg, "plain").lower()


def test_minutes_of_a_meeting_not_held_are_refused(minutes, tmp_path):
    archive(minutes)
    failed(minutes.run("udsend", "referat", DAY.isoformat(), "--ud", str(tmp_path / "ud")), "ikke holdt endnu")


def test_without_a_referent_the_tovholders_referent_organizes_and_without_anyone_it_is_said(minutes, tmp_path):
    """A planned meeting made by `referat ny` often has no referent yet: the invitation's
    organizer is then the referent of the group's tovholder on the day; with nobody to answer
    to, a Danish message says what to write, and nothing is written."""
    archive(minutes, meeting_text(DAY).replace("referent: Lisbeth Broberg\n", ""))
    out = tmp_path / "ingen"
    message = failed(minutes.run("udsend", "dagsorden", DAY.isoformat(), "--ud", str(out)),
                     "kalenderinvitationen skal have en arrangør",
                     "mødet har ingen referent og gruppen ingen tovholder", "skriv referent: i mødefilen")
    assert path_of(DAY) in message and not out.exists()
    group = minutes.read(f"moeder/{GROUP}/gruppe.yaml")
    minutes.write(f"moeder/{GROUP}/gruppe.yaml", group + "tovholder:\n  2026:\n    - organisation: Rammesekretariatet\n"
                  "      personer:\n        - Helle Stisen\n      referent: Lisbeth Broberg\n")
    send(minutes, tmp_path / "ud", "dagsorden", DAY.isoformat())
    organizers = {str(event(m)["organizer"]) for m in drafts(tmp_path / "ud")}
    assert organizers == {"mailto:lisb@rammesekretariat.dk"}
