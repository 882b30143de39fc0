"""The SMTP settings (mail.smtpsettings.load): from the environment or a file outside the
archive, never a password from a file; every wrong setting one Danish message naming the
variable or the file and line. Nothing here connects anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from referat.errors import ReferatError
from referat.mail import smtpsettings
from referat.mail.letter import Recipient

GOOD = {"REFERAT_SMTP_VAERT": "smtp.example.dk", "REFERAT_SMTP_FRA": "Sekretariatet Ærø <sekretariat@example.dk>"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "arkiv").mkdir()
    return tmp_path / "arkiv"


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    """An environment without the user's own files: HOME and XDG_CONFIG_HOME in tmp_path."""
    return {"HOME": str(tmp_path / "hjem"), "XDG_CONFIG_HOME": str(tmp_path / "config"), **GOOD, **values}


def error(root: Path, environment: dict[str, str]) -> str:
    with pytest.raises(ReferatError) as caught:
        smtpsettings.load(root, environment)
    return str(caught.value)


def test_defaults_from_the_environment(root, tmp_path):
    settings = smtpsettings.load(root, env(tmp_path))
    assert (settings.host, settings.port, settings.security, settings.user, settings.password, settings.timeout) == (
        "smtp.example.dk", 587, "starttls", None, None, 30.0)
    assert settings.sender == Recipient("Sekretariatet Ærø", "sekretariat@example.dk")
    ssl = smtpsettings.load(root, env(tmp_path, REFERAT_SMTP_SIKKERHED="SSL", REFERAT_SMTP_BRUGER="sekr",
                                      REFERAT_SMTP_ADGANGSKODE="x", REFERAT_SMTP_VENTETID="5"))
    assert (ssl.port, ssl.security, ssl.user, ssl.password, ssl.timeout) == (465, "ssl", "sekr", "x", 5.0)


EXAMPLE = "\"Sekretariatet <sekretariat@example.dk>\""


@pytest.mark.parametrize(("changes", "message"), [
    ({"REFERAT_SMTP_VAERT": ""},
     "SMTP-serveren mangler: sæt REFERAT_SMTP_VAERT (eller 'vaert' i {config}/referat/smtp.toml)"),
    ({"REFERAT_SMTP_FRA": ""}, f"Afsenderen mangler: sæt REFERAT_SMTP_FRA, fx {EXAMPLE}"),
    ({"REFERAT_SMTP_FRA": "sekretariat(at)example.dk"},
     f"REFERAT_SMTP_FRA: 'sekretariat(at)example.dk' er ikke en brugbar afsender; skriv fx {EXAMPLE}"),
    ({"REFERAT_SMTP_SIKKERHED": "tls"}, "REFERAT_SMTP_SIKKERHED: 'tls' skal være starttls, ssl eller ingen"),
    ({"REFERAT_SMTP_SIKKERHED": "ingen"},
     "REFERAT_SMTP_SIKKERHED: 'ingen' (ukrypteret) er kun tilladt til en server på denne maskine (localhost), "
     "ikke smtp.example.dk: brug starttls eller ssl"),
    ({"REFERAT_SMTP_PORT": "587a"}, "REFERAT_SMTP_PORT: '587a' er ikke et helt tal"),
    ({"REFERAT_SMTP_PORT": "70000"}, "REFERAT_SMTP_PORT: porten skal være et tal fra 1 til 65535, ikke 70000"),
    ({"REFERAT_SMTP_VENTETID": "0"}, "REFERAT_SMTP_VENTETID: ventetiden skal være et antal sekunder over 0, ikke 0"),
    ({"REFERAT_SMTP_ADGANGSKODE": "x"}, "REFERAT_SMTP_ADGANGSKODE er sat, men ikke REFERAT_SMTP_BRUGER: sæt "
                                        "brugernavnet også"),
])
def test_a_wrong_setting_names_its_variable(root, tmp_path, changes, message):
    assert error(root, env(tmp_path, **changes)) == message.format(config=tmp_path / "config")


def test_a_user_without_a_password_is_told_where_it_may_come_from(root, tmp_path):
    message = error(root, env(tmp_path, REFERAT_SMTP_BRUGER="sekr"))
    assert message.startswith("Der er ingen adgangskode til SMTP-brugeren sekr: sæt REFERAT_SMTP_ADGANGSKODE, eller "
                              "gem adgangskoden i systemets nøglering: keyring set referat-smtp sekr")


def test_settings_from_a_file_outside_the_archive(root, tmp_path):
    config = tmp_path / "config" / "referat" / "smtp.toml"
    config.parent.mkdir(parents=True)
    config.write_text('vaert = "smtp.kommune.dk"\nport = 2525\nsikkerhed = "ssl"\nbruger = "sekr"\n'
                      'fra = "Sekretariatet <sekr@kommune.dk>"\nventetid = 10\n', encoding="utf-8")
    environment = env(tmp_path, REFERAT_SMTP_ADGANGSKODE="hemmelig")
    del environment["REFERAT_SMTP_VAERT"], environment["REFERAT_SMTP_FRA"]
    settings = smtpsettings.load(root, environment)
    assert (settings.host, settings.port, settings.security, settings.user, settings.password, settings.timeout) == (
        "smtp.kommune.dk", 2525, "ssl", "sekr", "hemmelig", 10.0)
    # the environment wins over the file
    assert smtpsettings.load(root, {**environment, "REFERAT_SMTP_PORT": "465"}).port == 465


@pytest.mark.parametrize(("text", "message"), [
    ('vaert = "smtp.kommune.dk"\n\nadgangskode = "hemmelig"\n',
     "{file}:3: en adgangskode må ikke stå i en fil. Sæt REFERAT_SMTP_ADGANGSKODE, eller gem den i systemets "
     "nøglering: keyring set referat-smtp BRUGERNAVN"),
    ('vaert = "smtp.kommune.dk"\nhost = "x"\n',
     "{file}:2: ukendt indstilling 'host' (kendte: vaert, port, sikkerhed, bruger, fra, ventetid)"),
    ('vaert = "smtp.kommune.dk"\nport = "to"\n', "{file}:2: 'to' er ikke et helt tal"),
    ('bruger = 25\n', "{file}:1: 'bruger' skal være tekst i anførselstegn"),
    ('vaert = "smtp.kommune.dk"\nport = \n', "{file}:2: ikke gyldig TOML (skriv fx vaert = \"smtp.example.dk\")"),
])
def test_a_wrong_file_names_file_and_line(root, tmp_path, text, message):
    path = tmp_path / "smtp.toml"
    path.write_text(text, encoding="utf-8")
    assert error(root, env(tmp_path, REFERAT_SMTP_FIL=str(path))) == message.format(file=path)


def test_a_file_in_the_archive_is_refused(root, tmp_path):
    inside = root / "smtp.toml"
    inside.write_text('vaert = "smtp.angriber.example"\n', encoding="utf-8")
    message = error(root, env(tmp_path, REFERAT_SMTP_FIL=str(inside)))
    assert message == (f"{inside} ligger i arkivet, og SMTP-indstillinger må ikke ligge i arkivet: alle, der kan "
                       "ændre arkivet, kunne så sende post i dit navn. Flyt filen til "
                       f"{tmp_path / 'config' / 'referat' / 'smtp.toml'} (eller peg på den med REFERAT_SMTP_FIL)")
    # also through a link from outside, and through the archive's own config folder as XDG_CONFIG_HOME
    link = tmp_path / "link.toml"
    link.symlink_to(inside)
    assert "ligger i arkivet" in error(root, env(tmp_path, REFERAT_SMTP_FIL=str(link)))
    (root / "referat").mkdir()
    (root / "referat" / "smtp.toml").write_text('vaert = "smtp.angriber.example"\n', encoding="utf-8")
    assert "ligger i arkivet" in error(root, env(tmp_path, XDG_CONFIG_HOME=str(root)))


def test_a_named_file_that_is_missing(root, tmp_path):
    missing = tmp_path / "ingen.toml"
    message = error(root, env(tmp_path, REFERAT_SMTP_FIL=str(missing)))
    assert message == f"REFERAT_SMTP_FIL peger på {missing}, som ikke findes"
