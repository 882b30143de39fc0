"""The SMTP settings for --send: from environment variables, or a TOML file outside the archive.

A minutes archive is changed by pull requests nobody vetted, so nothing in it may say where
mail goes or hold a password: the file is refused when it lies inside the archive, and a
password is never read from a file at all, only from REFERAT_SMTP_ADGANGSKODE or the system's
keyring (the optional package keyring: pip install 'referat[mail]'). An environment variable
wins over the same setting in the file, so a scheduled run needs only secrets.
"""

from __future__ import annotations

import importlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from referat.errors import ReferatError
from referat.mail.addresses import usable
from referat.mail.letter import Recipient
from referat.shown import shown

SECURITY = ("starttls", "ssl", "ingen")
DEFAULT_PORT = {"starttls": 587, "ssl": 465, "ingen": 25}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")  # the only hosts `ingen` (no TLS) may reach
TIMEOUT = 30.0  # seconds any one socket operation may take
KEYRING_SERVICE = "referat-smtp"  # keyring set referat-smtp BRUGER

# setting -> (environment variable, key in the file)
_NAMES = {
    "host": ("REFERAT_SMTP_VAERT", "vaert"),
    "port": ("REFERAT_SMTP_PORT", "port"),
    "security": ("REFERAT_SMTP_SIKKERHED", "sikkerhed"),
    "user": ("REFERAT_SMTP_BRUGER", "bruger"),
    "sender": ("REFERAT_SMTP_FRA", "fra"),
    "timeout": ("REFERAT_SMTP_VENTETID", "ventetid"),
}
PASSWORD_VARIABLE = "REFERAT_SMTP_ADGANGSKODE"
FILE_VARIABLE = "REFERAT_SMTP_FIL"
_PASSWORD_KEYS = ("adgangskode", "password", "kodeord")


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    security: str  # one of SECURITY
    user: str | None
    password: str | None
    sender: Recipient  # From, and the envelope sender
    timeout: float

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def default_file(env: Mapping[str, str]) -> Path:
    config = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(config) / "referat" / "smtp.toml"


def load(root: Path, env: Mapping[str, str] | None = None) -> Settings:
    """The settings, or a ReferatError naming the variable or the file and line to fix."""
    env = os.environ if env is None else env
    values = _from_file(root, env)
    raw: dict[str, tuple[object, str]] = dict(values)
    for setting, (variable, _) in _NAMES.items():
        if env.get(variable):
            raw[setting] = (env[variable], variable)

    host = _text(raw, "host")
    if not host:
        raise ReferatError(f"SMTP-serveren mangler: sæt {_NAMES['host'][0]} "
                           f"(eller 'vaert' i {shown(default_file(env))})")
    security = (_text(raw, "security") or "starttls").lower()
    if security not in SECURITY:
        raise ReferatError(f"{raw['security'][1]}: '{shown(security)}' skal være starttls, ssl eller ingen")
    if security == "ingen" and host.lower() not in LOCAL_HOSTS:
        raise ReferatError(f"{raw['security'][1]}: 'ingen' (ukrypteret) er kun tilladt til en server på denne maskine "
                           f"(localhost), ikke {shown(host)}: brug starttls eller ssl")
    port = int(_number(raw, "port", DEFAULT_PORT[security], whole=True))
    if not 0 < port < 65536:
        raise ReferatError(f"{raw['port'][1]}: porten skal være et tal fra 1 til 65535, ikke {port}")
    timeout = _number(raw, "timeout", TIMEOUT)
    if not 0 < timeout <= 3600:
        raise ReferatError(f"{raw['timeout'][1]}: ventetiden skal være et antal sekunder over 0, ikke {timeout:g}")
    sender = _sender(raw)
    user = _text(raw, "user") or None
    password = env.get(PASSWORD_VARIABLE) or None
    if password and not user:
        raise ReferatError(f"{PASSWORD_VARIABLE} er sat, men ikke {_NAMES['user'][0]}: sæt brugernavnet også")
    if user and not password:
        password = _from_keyring(user)
    return Settings(host, port, security, user, password, sender, timeout)


def _from_file(root: Path, env: Mapping[str, str]) -> dict[str, tuple[object, str]]:
    """The settings in the file as setting -> (value, "file:line"); {} without a file."""
    named = env.get(FILE_VARIABLE)
    path = Path(named).expanduser() if named else default_file(env)
    if not named and not path.exists():
        return {}
    if _inside(path, root):
        raise ReferatError(f"{shown(path)} ligger i arkivet, og SMTP-indstillinger må ikke ligge i arkivet: "
                           "alle, der kan ændre arkivet, kunne så sende post i dit navn. Flyt filen til "
                           f"{shown(default_file(env))} (eller peg på den med {FILE_VARIABLE})")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferatError(f"{FILE_VARIABLE} peger på {shown(path)}, som ikke findes") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferatError(f"{shown(path)} kan ikke læses: {shown(exc)}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ReferatError(f"{shown(path)}:{line.group(1) if line else 1}: ikke gyldig TOML "
                           "(skriv fx vaert = \"smtp.example.dk\")") from None
    known_keys = {key: setting for setting, (_, key) in _NAMES.items()}
    values: dict[str, tuple[object, str]] = {}
    for key, value in data.items():
        where = f"{shown(path)}:{_line_of(text, key)}"
        if key.lower() in _PASSWORD_KEYS:
            raise ReferatError(f"{where}: en adgangskode må ikke stå i en fil. Sæt {PASSWORD_VARIABLE}, eller gem "
                               f"den i systemets nøglering: keyring set {KEYRING_SERVICE} BRUGERNAVN")
        if key not in known_keys:
            raise ReferatError(f"{where}: ukendt indstilling '{shown(key)}' (kendte: {', '.join(known_keys)})")
        values[known_keys[key]] = (value, where)
    return values


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _line_of(text: str, key: str) -> int:
    """The line of TOML text that sets key (tomllib keeps no positions)."""
    pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), 1)


def _text(raw: Mapping[str, tuple[object, str]], setting: str) -> str:
    value, where = raw.get(setting, ("", ""))
    if not isinstance(value, str):
        raise ReferatError(f"{where}: '{_NAMES[setting][1]}' skal være tekst i anførselstegn")
    return value.strip()


def _number(raw: Mapping[str, tuple[object, str]], setting: str, default: float, whole: bool = False) -> float:
    if setting not in raw:
        return default
    value, where = raw[setting]
    try:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError
        number = float(value)
        if whole and number != int(number):
            raise ValueError
        return number
    except (ValueError, OverflowError):
        raise ReferatError(f"{where}: '{shown(value)}' er ikke {'et helt tal' if whole else 'et tal'}") from None


def _sender(raw: Mapping[str, tuple[object, str]]) -> Recipient:
    text = _text(raw, "sender")
    variable = _NAMES["sender"][0]
    if not text:
        raise ReferatError(f"Afsenderen mangler: sæt {variable}, fx \"Sekretariatet <sekretariat@example.dk>\"")
    name, address = parseaddr(text)
    if not usable(address):
        raise ReferatError(f"{raw['sender'][1]}: '{shown(text)}' er ikke en brugbar afsender; skriv fx "
                           "\"Sekretariatet <sekretariat@example.dk>\"")
    return Recipient(name, address)


def _from_keyring(user: str) -> str:
    """The password stored for user in the system's keyring (the optional package keyring)."""
    advice = (f"sæt {PASSWORD_VARIABLE}, eller gem adgangskoden i systemets nøglering: "
              f"keyring set {KEYRING_SERVICE} {shown(user)}")
    try:
        keyring = importlib.import_module("keyring")
    except ImportError:
        raise ReferatError(f"Der er ingen adgangskode til SMTP-brugeren {shown(user)}: {advice} "
                           "(kræver pakken keyring: pip install 'referat[mail]')") from None
    try:
        password = keyring.get_password(KEYRING_SERVICE, user)
    except Exception as exc:  # any backend's own error: the keyring is not ours to know
        raise ReferatError(f"Systemets nøglering kunne ikke læses ({shown(exc)}): {advice}") from None
    if not isinstance(password, str) or not password:
        raise ReferatError(f"Der er ingen adgangskode til SMTP-brugeren {shown(user)}: {advice}")
    return password
