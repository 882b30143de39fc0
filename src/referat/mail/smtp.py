"""Letters through SMTP: one connection for the batch, each letter recorded as soon as the
server has taken it.

A recipient the server refuses (or a letter it refuses after DATA) is one letter not sent;
the rest go on. A dropped connection, a timeout or a server that closes (421) stops the batch:
what went out is already recorded, so the next run sends only the rest. Every socket
operation has the settings' timeout, so nothing waits forever.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field

from referat.errors import ReferatError
from referat.mail.addresses import ascii_form
from referat.mail.letter import Letter
from referat.mail.message import compose
from referat.mail.smtpsettings import Settings
from referat.shown import shown


@dataclass
class Outcome:
    sent: list[Letter] = field(default_factory=list)
    refused: list[tuple[Letter, str]] = field(default_factory=list)  # the letter, the server's reason
    stopped: str = ""  # why the batch stopped before its end (Danish), or ""
    left: int = 0  # letters not tried because the batch stopped


def send(letters: list[Letter], settings: Settings, when: dt.datetime,
         sent: Callable[[Letter], None]) -> Outcome:
    """Sends letters; sent(letter) is called as soon as the server accepted one (to record
    it). A ReferatError when no connection could be made or the login failed: nothing sent."""
    outcome = Outcome()
    client = connect(settings)
    try:
        for number, letter in enumerate(letters):
            try:
                client.send_message(compose(letter, settings.sender, when, draft=False),
                                    from_addr=envelope(settings.sender.address), to_addrs=[envelope(letter.to.address)])
            except smtplib.SMTPRecipientsRefused as exc:
                reasons = "; ".join(_reply(*reply) for reply in exc.recipients.values())
                outcome.refused.append((letter, f"modtageren blev afvist: {reasons}"))
                continue
            except smtplib.SMTPDataError as exc:
                if exc.smtp_code == 421:  # the server is closing the connection
                    outcome.stopped = f"serveren lukkede forbindelsen: {_reply(exc.smtp_code, exc.smtp_error)}"
                else:
                    outcome.refused.append((letter, "e-mailen blev afvist: " + _reply(exc.smtp_code, exc.smtp_error)))
                    continue
            except smtplib.SMTPSenderRefused as exc:
                outcome.stopped = (f"serveren afviste afsenderen {shown(settings.sender.address)}: "
                                   f"{_reply(exc.smtp_code, exc.smtp_error)}")
            except smtplib.SMTPResponseException as exc:
                outcome.stopped = f"serveren svarede {_reply(exc.smtp_code, exc.smtp_error)}"
            except (smtplib.SMTPException, OSError) as exc:  # disconnected, reset, timed out
                outcome.stopped = _lost(exc, settings)
            if outcome.stopped:
                outcome.left = len(letters) - number
                break
            outcome.sent.append(letter)
            sent(letter)
    finally:
        _close(client)
    return outcome


def connect(settings: Settings) -> smtplib.SMTP:
    """An open, encrypted (unless `ingen`) and logged-in connection, or a ReferatError naming
    the host and port."""
    where = settings.where
    context = ssl.create_default_context()
    client: smtplib.SMTP | None = None
    stage = "STARTTLS"
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                client.starttls(context=context)
        if settings.user:
            stage = "at logge ind (AUTH)"
            client.login(settings.user, settings.password or "")
        return client
    except smtplib.SMTPAuthenticationError as exc:
        message = (f"SMTP-serveren {where} afviste brugeren {shown(settings.user)} og adgangskoden: "
                   f"{_reply(exc.smtp_code, exc.smtp_error)}. Tjek REFERAT_SMTP_BRUGER og adgangskoden")
    except smtplib.SMTPNotSupportedError as exc:
        message = (f"SMTP-serveren {where} tilbyder ikke {stage} ({shown(exc)}): spørg, hvad serveren kræver, "
                   "og ret REFERAT_SMTP_SIKKERHED, REFERAT_SMTP_PORT eller REFERAT_SMTP_BRUGER")
    except ConnectionRefusedError:
        message = f"SMTP-serveren {where} afviste forbindelsen: tjek REFERAT_SMTP_VAERT og REFERAT_SMTP_PORT"
    except socket.gaierror:
        message = f"SMTP-serveren {shown(settings.host)} findes ikke (eller der er intet net): tjek REFERAT_SMTP_VAERT"
    except ssl.SSLError as exc:
        message = (f"Den krypterede forbindelse til {where} kunne ikke oprettes ({shown(exc.reason or exc)}): "
                   "tjek REFERAT_SMTP_SIKKERHED (ssl til port 465, starttls til port 587)")
    except (smtplib.SMTPException, OSError) as exc:
        message = f"Kunne ikke sende via {where}: {_lost(exc, settings)}"
    if client is not None:
        _close(client)
    raise ReferatError(message)


def envelope(address: str) -> str:
    """address as the SMTP envelope carries it: the domain in its IDNA form."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{ascii_form(domain) or domain}"


def _lost(exc: BaseException, settings: Settings) -> str:
    # smtplib turns a timeout while reading a reply into SMTPServerDisconnected, the timeout its context
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return f"serveren svarede ikke inden {settings.timeout:g} sekunder (REFERAT_SMTP_VENTETID)"
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
        return "forbindelsen blev afbrudt"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"serveren svarede {_reply(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, OSError) and exc.strerror:
        return shown(exc.strerror)
    return shown(exc)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return shown(f"{code} {' '.join(text.split())}")


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()
