"""Delivery of letters (commands/mailing.deliver) against a real SMTP server on 127.0.0.1: what
arrives, parsed back with the email package and icalendar; the record of sent letters (once
only, --igen); a refused recipient; a dropped connection and the retry; drafts and dry runs.

No command of this branch makes letters yet (paamind and udsend do), so these tests call
deliver as those commands do, through cliapp.friendly, the wrapper every command has, and look
at what a user would read."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

import icalendar
import pytest
import typer

from conftest import git, run_referat
from referat.cliapp import friendly
from referat.commands import mailing
from referat.mail.letter import Attachment, Invitation, Letter, Recipient

pytest_plugins = ["smtpserver"]  # the fixture smtp

PDF = b"%PDF-1.7\n% dagsorden\n%%EOF\n"
ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//referat//DA\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
       "UID:2026-12-03-netvaerk@referat\r\nDTSTAMP:20261130T060000Z\r\nDTSTART:20261203T090000Z\r\n"
       "DTEND:20261203T120000Z\r\nSUMMARY:Møde i Netværksgruppen (Ærø)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def letter(name: str, address: str, key: str, **extra: object) -> Letter:
    return Letter((key,), Recipient(name, address), f"Påmindelse: frist for {name}s opgave (æøå)",
                  f"Kære {name}\n\nDin opgave »Budget 2027« har frist 3. december.\n", **extra)  # type: ignore[arg-type]


FULL = letter("Søren Ærø", "soeren@example.dk", "opgave-1/7/soeren", html="<p>Kære Søren Ærø</p>",
              attachments=(Attachment("Dagsorden 3. december.pdf", PDF, "application/pdf"),),
              invitation=Invitation(ICS, "REQUEST"))
ANNE = letter("Anne Hansen", "anne@example.dk", "opgave-2/7/anne")
BO = letter("Bo Ås", "bo@example.dk", "opgave-3/7/bo")


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def deliver(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = tmp_path / "arkiv"
    root.mkdir(exist_ok=True)

    def run(letters: list[Letter], out: Path | None = None, send: bool = False, again: bool = False,
            dry_run: bool = False, at: Path = root) -> Run:
        capsys.readouterr()
        try:
            friendly(mailing.deliver)(at, letters, mailing.How(out, send, again, dry_run))
            code = 0
        except typer.Exit as exc:
            code = exc.exit_code
        out_text, err_text = capsys.readouterr()
        assert "Traceback" not in out_text + err_text
        return Run(code, out_text, err_text)

    run.root = root  # type: ignore[attr-defined]
    return run


def sent_keys(smtp) -> set[str]:
    return set(json.loads(smtp.record.read_text(encoding="utf-8"))["sendt"])


def test_send_delivers_the_letter_as_written(deliver, smtp):
    r = deliver([FULL, ANNE], send=True)
    assert r.code == 0, r.err
    assert f"Sendte 2 e-mails via 127.0.0.1:{smtp.port}." in r.out
    assert "  Søren Ærø <soeren@example.dk>: Påmindelse: frist for Søren Ærøs opgave (æøå)" in r.out
    first, second = smtp.messages
    assert first.rcpt_tos == ["soeren@example.dk"] and second.rcpt_tos == ["anne@example.dk"]
    assert first.mail_from == "sekretariat@example.dk"
    mail = first.message
    assert mail["Subject"] == "Påmindelse: frist for Søren Ærøs opgave (æøå)"
    assert b"\xc3" not in first.data.split(b"\r\n\r\n")[0], "a header went out unencoded"
    assert str(mail["To"]) == "Søren Ærø <soeren@example.dk>"
    assert str(mail["From"]) == "Sekretariatet <sekretariat@example.dk>"
    assert mail["Message-ID"].startswith("<") and mail["Message-ID"].endswith("@example.dk>")
    assert mail["Date"].datetime is not None
    assert mail["X-Unsent"] is None
    assert mail.get_body(("plain",)).get_content().replace("\r\n", "\n") == FULL.text
    assert mail.get_body(("html",)).get_content().strip() == "<p>Kære Søren Ærø</p>"
    files = {part.get_filename(): part for part in mail.iter_attachments()}
    assert files["Dagsorden 3. december.pdf"].get_content() == PDF
    assert files["Dagsorden 3. december.pdf"].get_content_type() == "application/pdf"
    [calendar_part] = [part for part in mail.walk()
                       if part.get_content_type() == "text/calendar" and part.get_filename() is None]
    assert calendar_part.get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == "2026-12-03-netvaerk@referat"
    assert str(event["SUMMARY"]) == "Møde i Netværksgruppen (Ærø)"
    assert files["invitation.ics"].get_content_type() == "text/calendar"
    assert sent_keys(smtp) == {"opgave-1/7/soeren", "opgave-2/7/anne"}


def test_a_letter_is_sent_once_unless_igen(deliver, smtp):
    assert deliver([ANNE, BO], send=True).code == 0
    again = deliver([ANNE, BO], send=True)
    assert again.code == 0 and len(smtp.messages) == 2
    assert "2 e-mails er sendt før og sendes ikke igen (--igen sender dem alligevel)." in again.out
    assert "Ingen e-mails at sende." in again.out
    # a new letter beside a known one: only the new goes
    assert deliver([ANNE, FULL], send=True).code == 0
    assert [m.rcpt_tos for m in smtp.messages] == [["anne@example.dk"], ["bo@example.dk"], ["soeren@example.dk"]]
    forced = deliver([ANNE], send=True, again=True)
    assert forced.code == 0 and smtp.messages[-1].rcpt_tos == ["anne@example.dk"] and len(smtp.messages) == 4


def test_the_makers_see_the_record_through_known(deliver, smtp):
    root = deliver.root
    assert not mailing.known(root, mailing.How(None, True, False, False))("opgave-2/7/anne")
    deliver([ANNE], send=True)
    assert mailing.known(root, mailing.How(None, True, False, False))("opgave-2/7/anne")
    assert not mailing.known(root, mailing.How(None, True, False, False))("opgave-3/7/bo")
    assert not mailing.known(root, mailing.How(None, True, True, False))("opgave-2/7/anne")  # --igen


def test_a_refused_recipient_is_named_and_the_rest_are_sent(deliver, smtp):
    smtp.refuse = {"anne@example.dk"}
    r = deliver([FULL, ANNE, BO], send=True)
    assert r.code == 1
    assert [m.rcpt_tos for m in smtp.messages] == [["soeren@example.dk"], ["bo@example.dk"]]
    assert ("Ikke sendt: Anne Hansen <anne@example.dk>: modtageren blev afvist: 550 5.1.1 Modtageren findes ikke"
            in r.err)
    assert "1 e-mail blev ikke sendt: ret adressen (personer.yaml) og kør igen" in r.err
    assert sent_keys(smtp) == {"opgave-1/7/soeren", "opgave-3/7/bo"}
    smtp.refuse = set()
    retry = deliver([FULL, ANNE, BO], send=True)
    assert retry.code == 0 and "2 e-mails er sendt før" in retry.out
    assert [m.rcpt_tos for m in smtp.messages][2:] == [["anne@example.dk"]]


def test_a_dropped_connection_stops_and_the_retry_sends_only_the_rest(deliver, smtp):
    smtp.drop_after = 1
    r = deliver([FULL, ANNE, BO], send=True)
    assert r.code == 1
    assert [m.rcpt_tos for m in smtp.messages] == [["soeren@example.dk"]]
    assert (f"Fejl: forbindelsen blev afbrudt (127.0.0.1:{smtp.port}) efter 1 af 3 e-mails. "
            "Kør kommandoen igen: kun de 2, der mangler, bliver sendt.") in r.err
    assert sent_keys(smtp) == {"opgave-1/7/soeren"}  # recorded before the failure was told
    smtp.drop_after = None
    retry = deliver([FULL, ANNE, BO], send=True)
    assert retry.code == 0, retry.err
    assert "1 e-mail er sendt før" in retry.out
    assert sorted(m.rcpt_tos[0] for m in smtp.messages) == ["anne@example.dk", "bo@example.dk", "soeren@example.dk"]


def test_a_server_that_never_answers_times_out(deliver, smtp, monkeypatch):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        monkeypatch.setenv("REFERAT_SMTP_PORT", str(port))
        monkeypatch.setenv("REFERAT_SMTP_VENTETID", "0.2")
        r = deliver([ANNE], send=True)
    assert r.code == 1
    assert r.err == (f"Fejl: Kunne ikke sende via 127.0.0.1:{port}: serveren svarede ikke inden "
                     "0.2 sekunder (REFERAT_SMTP_VENTETID)\n")
    assert not smtp.record.exists()


def test_connection_refused_names_host_and_port(deliver, smtp, monkeypatch):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: the connection is refused
        monkeypatch.setenv("REFERAT_SMTP_PORT", str(port))
        r = deliver([ANNE], send=True)
    assert r.code == 1
    assert r.err == (f"Fejl: SMTP-serveren 127.0.0.1:{port} afviste forbindelsen: tjek REFERAT_SMTP_VAERT og "
                     "REFERAT_SMTP_PORT\n")


def test_login(deliver, smtp, monkeypatch):
    smtp.password = "hemmelig"
    monkeypatch.setenv("REFERAT_SMTP_BRUGER", "referat")
    monkeypatch.setenv("REFERAT_SMTP_ADGANGSKODE", "forkert")
    r = deliver([ANNE], send=True)
    assert r.code == 1 and smtp.messages == []
    assert r.err.startswith(f"Fejl: SMTP-serveren 127.0.0.1:{smtp.port} afviste brugeren referat og adgangskoden: 535")
    monkeypatch.setenv("REFERAT_SMTP_ADGANGSKODE", "hemmelig")
    r = deliver([ANNE], send=True)
    assert r.code == 0 and len(smtp.messages) == 1


def test_a_danish_domain_goes_in_its_idna_form(deliver, smtp):
    assert deliver([letter("Ærø Kommune", "post@ærø.dk", "k")], send=True).code == 0
    [mail] = smtp.messages
    assert mail.rcpt_tos == ["post@xn--r-3fa9c.dk"]
    assert str(mail.message["To"]) == "Ærø Kommune <post@xn--r-3fa9c.dk>"


def test_drafts_in_a_folder_open_as_drafts_and_are_not_recorded(deliver, smtp, tmp_path):
    folder = tmp_path / "kladder"
    r = deliver([FULL, ANNE], out=folder)
    assert r.code == 0 and smtp.messages == []
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["001-soeren-aeroe.eml", "002-anne-hansen.eml"]
    assert f"Skrev 2 e-mails som kladder i {folder}" in r.out and "  002-anne-hansen.eml: Anne Hansen" in r.out
    with (folder / names[0]).open("rb") as f:
        draft = BytesParser(policy=policy.default).parse(f)
    assert draft["X-Unsent"] == "1"
    assert str(draft["To"]) == "Søren Ærø <soeren@example.dk>"
    assert draft["Subject"] == FULL.subject and draft["Message-ID"] and draft["Date"]
    assert draft["From"] is None  # Outlook sends it from the secretary's own account
    assert {p.get_filename() for p in draft.iter_attachments()} == {"Dagsorden 3. december.pdf", "invitation.ics"}
    assert not smtp.record.exists()  # a draft may never be sent
    assert len(deliver([FULL, ANNE], send=True).out.splitlines()) == 3  # so --send sends both


def test_default_drafts_folder_is_ignored_by_git(deliver, tmp_path, capsys):
    with capsys.disabled():
            made = run_referat(tmp_path, "init", "nyt", "--gruppe", "Netværksgruppe Test",
                           env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.dk",
                                "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.dk"})
    assert made.code == 0, made.err
    root = tmp_path / "nyt"
    r = deliver([ANNE], at=root)
    assert r.code == 0, r.err
    [folder] = (root / "_post").iterdir()
    assert [p.name for p in folder.iterdir()] == ["001-anne-hansen.eml"]
    assert git(root, "status", "--porcelain") == ""


def test_dry_run_writes_and_sends_nothing(deliver, smtp, tmp_path):
    r = deliver([FULL, ANNE], send=True, dry_run=True)
    assert r.code == 0
    assert r.out.splitlines() == [
        "  Søren Ærø <soeren@example.dk>: Påmindelse: frist for Søren Ærøs opgave (æøå)",
        "  Anne Hansen <anne@example.dk>: Påmindelse: frist for Anne Hansens opgave (æøå)",
        f"Ville sende 2 e-mails fra sekretariat@example.dk via 127.0.0.1:{smtp.port} (intet er sendt)."]
    r = deliver([ANNE], out=tmp_path / "kladder", dry_run=True)
    assert r.out.splitlines()[-1] == f"Ville skrive 1 e-mail som kladder i {tmp_path / 'kladder'} (intet er skrevet)."
    assert smtp.messages == [] and not smtp.record.exists() and not (tmp_path / "kladder").exists()
    assert not (deliver.root / "_post").exists()


def test_ud_and_send_together_is_a_usage_error(deliver, smtp, tmp_path):
    r = deliver([ANNE], out=tmp_path / "k", send=True)
    assert r.code == 2 and r.err == "Fejl: brug enten --ud MAPPE (kladder) eller --send (SMTP), ikke begge\n"
    assert smtp.messages == []


@pytest.mark.parametrize("content", [
    b"{ikke json", b"\xff\xfe", b'{"format": 1, "sendt": {"opgave-2/7/anne": 1}}', b'["opgave-2/7/anne"]',
    b"[" * 100000 + b"]" * 100000, b"\x80\x04\x95cos\nsystem\n.",
], ids=["json-error", "not-utf8", "not-text", "a-list", "deep", "pickle"])
def test_a_damaged_record_is_a_danish_message(deliver, smtp, content):
    smtp.record.parent.mkdir(parents=True)
    smtp.record.write_bytes(content)
    r = deliver([ANNE], send=True)
    assert r.code == 1 and smtp.messages == []
    assert r.err == (f"Fejl: {smtp.record} er ikke en gyldig liste over sendte e-mails. Flyt den væk (så kan "
                     "allerede sendte påmindelser blive sendt én gang til), eller hent en god kopi\n")
    assert smtp.record.read_bytes() == content


def test_a_line_break_in_a_subject_or_name_stays_in_its_header_and_a_bad_address_is_named(deliver, smtp):
    forged = Letter(("forged",), Recipient("Anne\r\nBcc: ude@example.net", "anne@example.dk"),
                    "Påmindelse\nBcc: ude@example.net", "tekst")
    bad = Letter(("bad",), Recipient("Bo Ås", "bo@example.dk\r\nRCPT TO:<ude@example.net>"), "Påmindelse", "tekst")
    r = deliver([forged, bad], send=True)
    assert r.code == 1
    assert "Ikke sendt: Bo Ås <bo@example.dk\\r\\nRCPT TO:<ude@example.net>>: adressen kan ikke bruges" in r.err
    [mail] = smtp.messages
    assert mail.rcpt_tos == ["anne@example.dk"]
    assert mail.message["Subject"] == "Påmindelse Bcc: ude@example.net" and mail.message["Bcc"] is None
    assert str(mail.message["To"]) == "\"Anne Bcc: ude@example.net\" <anne@example.dk>"
    assert sent_keys(smtp) == {"forged"}


def test_starttls_or_ssl_to_a_server_without_them_is_a_danish_message(deliver, smtp, monkeypatch):
    monkeypatch.setenv("REFERAT_SMTP_SIKKERHED", "starttls")
    r = deliver([ANNE], send=True)
    assert r.code == 1 and r.err.startswith(f"Fejl: SMTP-serveren 127.0.0.1:{smtp.port} tilbyder ikke STARTTLS")
    monkeypatch.setenv("REFERAT_SMTP_SIKKERHED", "ssl")
    r = deliver([ANNE], send=True)
    assert r.code == 1 and r.err.startswith(f"Fejl: Den krypterede forbindelse til 127.0.0.1:{smtp.port} kunne ikke "
                                            "oprettes")
    assert smtp.messages == []


def test_the_record_lives_outside_the_archive_by_default(deliver, smtp, monkeypatch, tmp_path):
    monkeypatch.delenv("REFERAT_SENDT")
    assert deliver([ANNE], send=True).code == 0
    [record] = (tmp_path / "state" / "referat").glob("*/sendt.json")
    assert set(json.loads(record.read_text(encoding="utf-8"))["sendt"]) == {"opgave-2/7/anne"}
    assert list(deliver.root.iterdir()) == []
    assert deliver([ANNE], send=True).out.splitlines() == [
        "1 e-mail er sendt før og sendes ikke igen (--igen sender dem alligevel).", "Ingen e-mails at sende."]


def test_a_record_that_cannot_be_used_stops_before_anything_is_sent(deliver, smtp, tmp_path, monkeypatch):
    blocker = tmp_path / "en-fil"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("REFERAT_SENDT", str(blocker / "sendt.json"))  # its folder is a file
    r = deliver([ANNE], send=True)
    assert r.code == 1 and smtp.messages == []
    assert r.err == (f"Fejl: Listen over sendte e-mails ({blocker / 'sendt.json'}) kan ikke læses: "
                     "en del af stien er ikke en mappe\n")


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The system keyring as a real keyring backend that keeps its passwords in a file under
    tmp_path (keyrings.alt's PlaintextKeyring), chosen with keyring's own set_keyring; the
    keyring before is put back."""
    keyring = pytest.importorskip("keyring")
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    yield keyring
    keyring.set_keyring(before)


def test_the_password_from_the_system_keyring(deliver, smtp, monkeypatch, file_keyring):
    smtp.password = "hemmelig"
    monkeypatch.setenv("REFERAT_SMTP_BRUGER", "referat")
    r = deliver([ANNE], send=True)
    assert r.code == 1 and smtp.messages == []
    assert r.err.startswith("Fejl: Der er ingen adgangskode til SMTP-brugeren referat: sæt REFERAT_SMTP_ADGANGSKODE, "
                            "eller gem adgangskoden i systemets nøglering: keyring set referat-smtp referat")
    file_keyring.set_password("referat-smtp", "referat", "hemmelig")  # what `keyring set` does
    r = deliver([ANNE], send=True)
    assert r.code == 0 and len(smtp.messages) == 1
