"""A real SMTP server on 127.0.0.1 for tests that send mail (aiosmtpd, in a thread).

Use it from any test module:

    pytest_plugins = ["smtpserver"]  # the fixture smtp

    def test_reminder_is_sent(minutes, smtp):
        r = minutes.run("paamind", "--send")
        [mail] = smtp.messages
        assert mail.rcpt_tos == ["jufo@example.dk"]
        assert mail.message["Subject"] == "Påmindelse: ..."

The fixture starts the server on a free port and sets the environment so that `--send` goes
there and nowhere else: REFERAT_SMTP_VAERT/PORT/SIKKERHED=ingen/FRA, XDG_CONFIG_HOME (no
user's smtp.toml is read), and REFERAT_SENDT, the record of sent letters, in the test's own
tmp_path (smtp.record is that path). Switches, set before the run:
- smtp.refuse = {"bo@example.dk"}: that recipient is refused (550) at RCPT;
- smtp.drop_after = 2: two messages are accepted, then the connection is dropped at the third's DATA;
- smtp.password = "hemmelig": AUTH PLAIN/LOGIN offered; user "referat" with that password passes.
Each accepted message is an Arrived: the envelope (mail_from, rcpt_tos), the raw bytes, and
.message, the bytes parsed back with the email package (policy.default).
"""

from __future__ import annotations

import contextlib
import email
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SENDER = "Sekretariatet <sekretariat@example.dk>"
USER = "referat"


@dataclass
class Arrived:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Server:
    host: str
    port: int
    record: Path
    messages: list[Arrived] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    drop_after: int | None = None
    password: str | None = None

    # aiosmtpd's handler hooks (https://aiosmtpd.readthedocs.io/en/latest/handlers.html)
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 Modtageren findes ikke"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after is not None and len(self.messages) >= self.drop_after:
            server.transport.close()  # mid-send: the client never hears 250
            return "421 4.3.0 Forbindelsen lukkes"
        self.messages.append(Arrived(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK: modtaget"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (isinstance(data, LoginPassword) and self.password is not None
              and data.login == USER.encode() and data.password == self.password.encode())
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    def env(self) -> dict[str, str]:
        return {"REFERAT_SMTP_VAERT": self.host, "REFERAT_SMTP_PORT": str(self.port),
                "REFERAT_SMTP_SIKKERHED": "ingen", "REFERAT_SMTP_FRA": SENDER, "REFERAT_SENDT": str(self.record)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    server = Server("127.0.0.1", 0, tmp_path / "state" / "sendt.json")
    for attempt in range(5):  # another process may take the free port between bind and start
        server.port = _free_port()
        controller = Controller(server, hostname=server.host, port=server.port, authenticator=server.authenticate,
                                auth_require_tls=False, auth_required=False, ready_timeout=10)
        try:
            controller.start()
            break
        except (OSError, RuntimeError):
            if attempt == 4:
                raise
    for name in ("REFERAT_SMTP_BRUGER", "REFERAT_SMTP_ADGANGSKODE", "REFERAT_SMTP_FIL", "REFERAT_SMTP_VENTETID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            controller.stop()
