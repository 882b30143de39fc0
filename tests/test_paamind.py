"""`referat paamind`: one e-mail per person with their open tasks whose deadline is near or past.

The archive is the frozen fixture's registries with its meetings taken away and one meeting of
the network group Børn og Unge written here, so every task a letter holds is one this file
wrote. The drafts from --ud are read back with the email package, as a mail program would.
"""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from conftest import ok
from meetingtext import FILE, meeting

pytest_plugins = ["smtpserver"]  # the fixture smtp: a real SMTP server on 127.0.0.1

DAY = "2025-06-16"  # a Monday, three days after the meeting

TASKS = """\
- [ ] Sende overblik over netværkene til alle medlemmer.
      Ansvarlig: Povl Skov. Frist: 20. juni 2025.
- [ ] Indsamle tal for anbringelser på døgninstitutioner.
      Ansvarlig: Holbæk. Frist: 13. juni 2025.
- [ ] Sende bemærkninger til høringssvaret om plejefamilier.
      Ansvarlig: alle kommuner. Modtager: Pernille Lenzner. Frist: 25. juni 2025.
- [ ] Rette <script>alert("hej")</script> & <b>fed</b> i skabelonen.
      Ansvarlig: Julie Folke. Frist: 18. juni 2025.
- [ ] Forberede oplæg om efterværn til mødet i september.
      Ansvarlig: Ditte Vejborg. Frist: 1. august 2025.
- [x] Booke lokale til næste møde.
      Ansvarlig: Povl Skov. Frist: 17. juni 2025. Lukket: 2025-06-13.
- [ ] Undersøge erfaringerne fra Egedal med fælles visitation.
      Ansvarlig: Egedal. Frist: 19. juni 2025.
- [ ] Finde en dato for temadagen om skolefravær.
      Ansvarlig: Lotte Christensen. Frist: 23. juni 2025.
- [ ] Sende referatet til godkendelse.
      Ansvarlig: Rikke Referent. Frist: 24. juni 2025.
"""

OLD_TASK = """\
- [ ] Sende overblik over netværkene til alle medlemmer.
      Ansvarlig: Povl Skov. Frist: 1. september 2025.
"""

ADDRESSES = {"Helle Stisen": "helle.stisen@holbaek.dk", "Julie Folke": "jufo@kalundborg.dk",
             "Ditte Vejborg": "dive@regionsjaelland.dk"}  # Povl Skov has posk@greve.dk in the fixture


@pytest.fixture
def archive(minutes):
    for path in (minutes.root / "moeder").rglob("20*.md"):
        path.unlink()
    people = minutes.read("personer.yaml")
    for name, address in ADDRESSES.items():
        people = people.replace(f"    navn: {name}\n", f"    navn: {name}\n    email: {address}\n", 1)
    minutes.write("personer.yaml", people)
    minutes.write(FILE, meeting((OLD_TASK, TASKS)))
    return minutes


def drafts(archive, *args: str) -> tuple[str, dict[str, EmailMessage]]:
    """The command's output and its drafts by recipient's address (each run in a folder of its own)."""
    out = archive.root / f"kladder-{len(list(archive.root.glob('kladder-*')))}"
    result = ok(archive.run("paamind", "--dato", DAY, "--ud", str(out), *args))
    letters = {}
    for path in sorted(out.glob("*.eml")) if out.exists() else ():
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(msg, EmailMessage)
        letters[msg["To"].addresses[0].addr_spec] = msg
    return result.out, letters


def text(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html(msg: EmailMessage) -> str:
    return msg.get_body(("html",)).get_content().replace("\r\n", "\n")


def test_one_draft_per_person_with_their_tasks_in_danish(archive):
    out, letters = drafts(archive)
    assert sorted(letters) == ["helle.stisen@holbaek.dk", "jufo@kalundborg.dk", "posk@greve.dk"]
    povl = letters["posk@greve.dk"]
    assert str(povl["To"]) == "Povl Skov <posk@greve.dk>"
    assert povl["Subject"] == "Påmindelse: 1 opgave med frist snart"
    assert povl["X-Unsent"] == "1"
    body = text(povl)
    assert body.startswith("Hej Povl\n")
    assert "Sende overblik over netværkene til alle medlemmer." in body
    assert "Frist: 20. juni 2025 (om 4 dage)" in body
    assert "Møde: Netværksgruppe Børn og Unge 13. juni 2025, punkt 2 Nyt fra Rammesekretariatet" in body
    assert "Booke lokale" not in body  # closed
    assert "Sende overblik over netværkene til alle medlemmer." in html(povl)
    assert "Påmindelser til 3 personer: Helle Stisen, Julie Folke og Povl Skov" in out
    assert "Skrev 3 e-mails som kladder" in out


def test_an_organisation_reaches_its_members_of_the_group_and_overdue_comes_first(archive):
    _, letters = drafts(archive)
    helle = letters["helle.stisen@holbaek.dk"]  # of Holbæk since 1 March 2025 (personer.yaml)
    assert helle["Subject"] == "Påmindelse: 2 opgaver med frist snart, heraf 1 overskredet"
    body = text(helle)
    assert body.index("Indsamle tal for anbringelser") < body.index("Sende bemærkninger til høringssvaret")
    assert "Frist: 13. juni 2025 (overskredet med 3 dage)" in body
    assert "Ansvarlig: Holbæk" in body
    assert "Ansvarlig: alle kommuner" in body


def test_a_person_reached_twice_for_a_task_is_reminded_of_it_once(archive):
    archive.write(FILE, archive.read(FILE).replace("Ansvarlig: Holbæk.", "Ansvarlig: Helle Stisen og Holbæk."))
    _, letters = drafts(archive)
    helle = letters["helle.stisen@holbaek.dk"]
    assert helle["Subject"] == "Påmindelse: 2 opgaver med frist snart, heraf 1 overskredet"
    assert text(helle).count("Indsamle tal for anbringelser") == 1
    assert "Ansvarlig: Helle Stisen og Holbæk" in text(helle)


def test_all_municipalities_reach_each_municipalitys_members_but_not_the_recipients(archive):
    out, letters = drafts(archive)
    assert "Sende bemærkninger til høringssvaret" in text(letters["helle.stisen@holbaek.dk"])
    # Julie Folke is of Kalundborg, as is the task's recipient Pernille Lenzner: she is asked
    # for her own task only
    assert "høringssvaret" not in text(letters["jufo@kalundborg.dk"])
    # Ditte Vejborg (Region Sjælland) and Povl Skov (Rammesekretariatet) are no municipality
    assert "dive@regionsjaelland.dk" not in letters
    assert "høringssvaret" not in text(letters["posk@greve.dk"])
    # the municipalities' members without an address are named, with their tasks
    assert "  Brit Lyders: 1 opgave" in out.splitlines()
    assert "  Lotte Christensen: 2 opgaver" in out.splitlines()  # her own and all municipalities'
    assert "Julie Folke:" not in out


def test_a_person_without_an_address_and_an_owner_who_reaches_nobody_are_in_the_summary(archive):
    out, _ = drafts(archive)
    lines = out.splitlines()
    assert any(line.startswith("Ikke påmindet, da de ingen brugbar e-mailadresse har i personer.yaml")
               for line in lines)
    assert "Ingen at påminde om opgave 2025-06-13-7: ingen af medlemmerne i Netværksgruppe Børn og Unge " \
           "står for Egedal" in lines
    assert "Ingen at påminde om opgave 2025-06-13-9: 'Rikke Referent' er ingen kendt person eller organisation " \
           "(se 'referat tjek')" in lines


def test_a_letter_links_to_the_meeting_on_the_archives_website(archive):
    _, letters = drafts(archive)
    assert "Referatet:" not in text(letters["posk@greve.dk"])  # no website, no link
    assert "<a href" not in html(letters["posk@greve.dk"])
    archive.write("arkiv.yaml", "navn: Netværk i Region Sjælland\nhjemmeside: https://kommune.github.io/referater\n")
    _, letters = drafts(archive)
    page = "https://kommune.github.io/referater/grupper/boern-og-unge/2025-06-13.html"
    assert f"  Referatet: {page}" in text(letters["posk@greve.dk"]).splitlines()
    assert f'<a href="{page}">Netværksgruppe Børn og Unge 13. juni 2025</a>' in html(letters["posk@greve.dk"])


def test_task_text_is_escaped_in_html_and_kept_in_the_text(archive):
    _, letters = drafts(archive)
    julie = letters["jufo@kalundborg.dk"]
    page = html(julie)
    assert "<script>" not in page and "<b>fed</b>" not in page
    assert "&lt;script&gt;alert(&#34;hej&#34;)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in page
    assert 'Rette <script>alert("hej")</script> & <b>fed</b> i skabelonen.' in text(julie)


def test_a_line_break_in_a_name_makes_no_header(archive):
    archive.write("personer.yaml", archive.read("personer.yaml").replace(
        "    navn: Povl Skov\n", '    navn: "Povl Skov\\r\\nBcc: angriber@example.com"\n'))
    archive.write(FILE, archive.read(FILE).replace("Ansvarlig: Povl Skov. Frist: 20. juni", "Ansvarlig: povl-skov. "
                                                   "Frist: 20. juni"))
    _, letters = drafts(archive)
    povl = letters["posk@greve.dk"]
    assert povl["Bcc"] is None
    assert povl["To"].addresses[0].display_name == "Povl Skov Bcc: angriber@example.com"


def test_an_address_with_a_line_break_is_no_address(archive):
    archive.write("personer.yaml", archive.read("personer.yaml").replace(
        "    email: jufo@kalundborg.dk\n", '    email: "jufo@kalundborg.dk\\nBcc: angriber@example.com"\n'))
    out, letters = drafts(archive)
    assert not any(address.startswith("jufo") for address in letters)
    assert "  Julie Folke: 1 opgave" in out.splitlines()


def test_dage_widens_the_window(archive):
    _, letters = drafts(archive, "--dage", "60")
    ditte = letters["dive@regionsjaelland.dk"]
    assert "Frist: 1. august 2025 (om 46 dage)" in text(ditte)
    assert "(Sendt automatisk fra mødearkivet 16. juni 2025: opgaver med frist inden for 60 dage.)" in text(ditte)
    _, letters = drafts(archive, "--dage", "0")  # overdue and due today only
    assert sorted(letters) == ["helle.stisen@holbaek.dk"]
    assert letters["helle.stisen@holbaek.dk"]["Subject"] == "Påmindelse: 1 opgave med overskredet frist"


def test_dato_says_which_day_it_is(archive):
    out = ok(archive.run("paamind", "--dato", "2025-05-01", "--ud", "kladder")).out
    assert out.splitlines()[0] == "Ingen nye påmindelser at sende."
    assert not (archive.root / "kladder").exists()
    _, letters = drafts(archive, "--dato", "2025-06-19")
    assert "Frist: 20. juni 2025 (i morgen)" in text(letters["posk@greve.dk"])
    assert "Frist: 18. juni 2025 (overskredet med 1 dag)" in text(letters["jufo@kalundborg.dk"])


def test_proev_shows_who_would_get_what_and_writes_nothing(archive):
    result = ok(archive.run("paamind", "--dato", DAY, "--ud", "kladder", "--proev"))
    lines = result.out.splitlines()
    assert "  Helle Stisen <helle.stisen@holbaek.dk>: Påmindelse: 2 opgaver med frist snart, heraf 1 overskredet" \
        in lines
    assert "  Povl Skov <posk@greve.dk>: Påmindelse: 1 opgave med frist snart" in lines
    assert lines[-1] == "Ville skrive 3 e-mails som kladder i kladder (intet er skrevet)."
    assert not (archive.root / "kladder").exists()


def test_a_bad_dage_is_a_danish_usage_error(archive):
    result = archive.run("paamind", "--dage", "-1", "--ud", "kladder")
    assert result.code == 2
    assert result.err == "Fejl: --dage er et antal dage, 0 eller flere, ikke -1\n"
    assert "x>=" not in archive.run("paamind", "--help").out


def test_the_archive_may_write_its_own_letter(archive):
    archive.write("templates/mail/paamind.txt.j2",
                  "Kære {{ navn }}\n{% for i in opgaver %}{{ i.task.text }} ({{ i.when }})\n{% endfor %}")
    _, letters = drafts(archive)
    assert text(letters["posk@greve.dk"]) == "Kære Povl Skov\nSende overblik over netværkene til alle medlemmer. " \
                                             "(om 4 dage)\n"
    assert "<p>Hej Povl</p>" in html(letters["posk@greve.dk"])  # the packaged HTML is still used


# --- once only: the keys the record of sent letters remembers ------------------------------------


def remind(root: Path, day: str, known=lambda key: False):
    from referat import reminders
    from referat.archive import Archive

    rep = Archive(root)
    return reminders.remind(rep, rep.tasks(closed=False), dt.date.fromisoformat(day), 14, known)


def test_each_task_is_reminded_once_per_threshold_and_again_when_its_deadline_moves(archive):
    first = remind(archive.root, DAY)
    sent = {key for letter in first.letters for key in letter.keys}
    assert len(sent) == 4  # one per task and person: Povl 1, Helle 2, Julie 1
    later = remind(archive.root, "2025-06-17", sent.__contains__)
    assert later.letters == []
    assert (later.known, later.known_tasks) == (4, 4)
    # past the deadline: reminded again, of the overdue tasks alone
    overdue = remind(archive.root, "2025-06-21", sent.__contains__)
    assert [(letter.to.name, letter.subject) for letter in overdue.letters] == [
        ("Julie Folke", "Påmindelse: 1 opgave med overskredet frist"),
        ("Povl Skov", "Påmindelse: 1 opgave med overskredet frist")]
    assert (overdue.known, overdue.known_tasks) == (2, 2)
    # a moved deadline is a new one
    archive.write(FILE, archive.read(FILE).replace("Ansvarlig: Povl Skov. Frist: 20. juni 2025.",
                                                   "Ansvarlig: Povl Skov. Frist: 27. juni 2025."))
    moved = remind(archive.root, DAY, sent.__contains__)
    assert [letter.to.name for letter in moved.letters] == ["Povl Skov"]
    assert "Frist: 27. juni 2025 (om 11 dage)" in moved.letters[0].text


def test_summary_counts_what_was_sent_before(archive):
    from referat.commands.paamind import summary

    sent = {key for letter in remind(archive.root, DAY).letters for key in letter.keys}
    lines = summary(remind(archive.root, DAY, lambda key: key in sent and "jufo" not in key and "julie" not in key))
    assert lines[0] == "Påmindelser til 1 person: Julie Folke"
    assert "Allerede påmindet: 3 påmindelser om 3 opgaver (--igen sender dem igen)" in lines


# --- sent through a real SMTP server on localhost (tests/smtpserver.py) ---------------------------


def test_send_reminds_once_a_day_later_nothing_overdue_again_and_all_with_igen(archive, smtp):
    first = ok(archive.run("paamind", "--dato", DAY, "--send"))
    assert sorted(m.rcpt_tos[0] for m in smtp.messages) == ["helle.stisen@holbaek.dk", "jufo@kalundborg.dk",
                                                            "posk@greve.dk"]
    [povl] = [m.message for m in smtp.messages if m.rcpt_tos == ["posk@greve.dk"]]
    assert povl["Subject"] == "Påmindelse: 1 opgave med frist snart"
    assert povl["From"] == "Sekretariatet <sekretariat@example.dk>"
    assert povl["X-Unsent"] is None  # sent, not a draft
    assert "Frist: 20. juni 2025 (om 4 dage)" in text(povl)
    assert "Sendte 3 e-mails" in first.out
    # the next day's scheduled run: nothing new
    later = ok(archive.run("paamind", "--dato", "2025-06-17", "--send"))
    assert len(smtp.messages) == 3
    assert later.out.splitlines()[0] == "Ingen nye påmindelser at sende."
    assert "Allerede påmindet: 4 påmindelser om 4 opgaver (--igen sender dem igen)" in later.out
    # past two deadlines: those two are reminded again, as overdue
    ok(archive.run("paamind", "--dato", "2025-06-21", "--send"))
    assert sorted((m.rcpt_tos[0], m.message["Subject"]) for m in smtp.messages[3:]) == [
        ("jufo@kalundborg.dk", "Påmindelse: 1 opgave med overskredet frist"),
        ("posk@greve.dk", "Påmindelse: 1 opgave med overskredet frist")]
    # --igen: everyone with a task again
    ok(archive.run("paamind", "--dato", "2025-06-21", "--send", "--igen"))
    assert sorted(m.rcpt_tos[0] for m in smtp.messages[5:]) == ["helle.stisen@holbaek.dk", "jufo@kalundborg.dk",
                                                                "posk@greve.dk"]


# --- the daily workflow README.md gives ---------------------------------------------------------


def _workflow(path: Path) -> dict:
    import re

    import yaml

    block = re.search(r"```yaml\n(name: påmind\n.*?)```", path.read_text("utf-8"), re.S)
    assert block, path
    return yaml.safe_load(block.group(1))


def test_the_readmes_daily_workflow_reminds_once_as_written(archive, smtp):
    """README.md's scheduled workflow (the same as docs/mail.md's): on a schedule, the SMTP
    settings from secrets, the record kept in the cache folder REFERAT_SENDT lies in and saved
    even after a failure; its send step, run as written against a real server, reminds once."""
    readme = Path(__file__).resolve().parents[1] / "README.md"
    flow = _workflow(readme)
    assert flow == _workflow(readme.parent / "docs" / "mail.md")
    assert flow[True]["schedule"][0]["cron"] and set(flow["permissions"].values()) == {"read"}
    steps = flow["jobs"]["paamind"]["steps"]
    [send] = [s for s in steps if "paamind" in s.get("run", "")]
    secrets = ("REFERAT_SMTP_VAERT", "REFERAT_SMTP_BRUGER", "REFERAT_SMTP_ADGANGSKODE", "REFERAT_SMTP_FRA")
    assert send["env"] == {k: f"${{{{ secrets.{k} }}}}" for k in secrets}
    restore, save = (next(s for s in steps if s.get("uses", "").startswith(f"actions/cache/{kind}@"))
                     for kind in ("restore", "save"))
    assert restore["with"]["path"] == save["with"]["path"] == str(Path(flow["env"]["REFERAT_SENDT"]).parent)
    assert save["if"] == "always()" and steps.index(restore) < steps.index(send) < steps.index(save)
    command = send["run"].split()
    assert command[:3] == ["referat", "paamind", "--send"]
    ok(archive.run(*command[1:]))
    sent = len(smtp.messages)
    assert sent >= 3  # every task of the meeting is overdue today
    ok(archive.run(*command[1:]))
    assert len(smtp.messages) == sent  # the next morning: nothing twice
