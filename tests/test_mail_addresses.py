"""mail.addresses.usable: the one test of an e-mail address, in tjek (personer.yaml) and for
the letter makers."""

from __future__ import annotations

import pytest

from meetingtext import finding_lines, tjek
from referat.mail.addresses import usable

PERSONS = """\
personer:
  - id: julie-folke
    navn: Julie Folke
    email: {email}
"""


@pytest.mark.parametrize("address", [
    "jufo@example.dk", "Anne.Hansen+moeder@kalundborg.dk", "a_b-c@sub.example.dk", "post@ærø.dk",
    "post@xn--r-3fa9c.dk",
])
def test_usable_addresses(address):
    assert usable(address)


@pytest.mark.parametrize("address", [
    # the old pattern (something@something.something) let these through
    "jufo@example.dk,", "jufo@example..dk", "<jufo@example.dk>", "jufo,anne@example.dk", ".jufo@example.dk",
    "jufo.@example.dk", "jufo@-example.dk", "jufo@example.d", "jufo@example.dk.", "\"jufo\"@example.dk",
    "jufo@[192.0.2.1]", "jufo@example.c0m",
    # and these it refused too
    "jufo(at)example.dk", "jufo@example", "Julie Folke <jufo@example.dk>", "jufo@example.dk\n", "", "@example.dk",
    "jufo@", "x" * 65 + "@example.dk", "jufo@" + "a" * 64 + ".dk",
])
def test_unusable_addresses(address):
    assert not usable(address)


@pytest.mark.parametrize("email", ["jufo@example.dk,", "jufo@example..dk", "'<jufo@example.dk>'"])
def test_tjek_reports_an_address_no_server_takes(minutes, email):
    minutes.write("personer.yaml", PERSONS.format(email=email))
    r = tjek(minutes, "personer.yaml")
    shown = email.strip("'")
    assert finding_lines(r) == [f"personer.yaml:4:12: fejl S004 '{shown}' ligner ikke en e-mailadresse"], r.out
    assert r.code == 1


def test_tjek_accepts_a_danish_domain(minutes):
    minutes.write("personer.yaml", PERSONS.format(email="post@ærø.dk"))
    r = tjek(minutes, "personer.yaml")
    assert finding_lines(r) == [] and r.code == 0, r.out
