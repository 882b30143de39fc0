"""arkiv.yaml: what is said once for the whole archive, read with a finding per mistake.

The file is optional (an archive without it works as before); it names the archive (the
website's title) and where its website is published, so e-mails can link to a meeting's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from referat import repo
from referat.fields import Reader
from referat.findings import Collector, Finding
from referat.rules import Rule
from referat.source import read_yaml_file

SETTINGS_FILE = "arkiv.yaml"
SETTINGS_KEYS = ("navn", "hjemmeside")
DEFAULT_NAME = "Mødereferater"
# An address a member can open: http(s), a host, no spaces or quotes, no user:password@.
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\s\"'<>\\@]*)?")
NAME_LIMIT = 80


@dataclass(frozen=True)
class Settings:
    name: str = DEFAULT_NAME
    site_url: str | None = None  # ends with "/", so a page's path is added as it is

    def page_url(self, page: str) -> str | None:
        """The published address of a site page (site.urls), or None without a website."""
        return None if self.site_url is None else self.site_url + page


def read_settings(raw: bytes, path: str = SETTINGS_FILE) -> tuple[Settings, list[Finding]]:
    out = Collector(path)
    doc = read_yaml_file(raw, out)
    if doc is None or doc.data is None:
        return Settings(), out.findings
    d = doc.data
    if not isinstance(d, dict):
        out.report(Rule.S002, doc.pos(), f"{path} skal være en mapping (nøgle: værdi)")
        return Settings(), out.findings
    r = Reader(doc, out)
    r.keys(d, (), SETTINGS_KEYS, path)
    name = " ".join(r.text(d, "navn", (), path).split())
    if len(name) > NAME_LIMIT:
        out.report(Rule.S004, doc.pos("navn"), f"Arkivets navn er {len(name)} tegn; højst {NAME_LIMIT}",
                   "Skriv et kortere navn; det står øverst på hver side af hjemmesiden")
        name = name[:NAME_LIMIT]
    url = r.text(d, "hjemmeside", (), path).strip()
    if url and not _SITE_URL.fullmatch(url):
        out.report(Rule.S004, doc.pos("hjemmeside"), f"'{url}' er ikke en adresse på en hjemmeside",
                   "Skriv den hele adresse, fx https://kommune.github.io/referater/")
        url = ""
    if url and not url.endswith("/"):
        url += "/"
    return Settings(name or DEFAULT_NAME, url or None), out.findings


def load(root: Path) -> Settings:
    """The archive's settings (what is wrong in them is tjek's to tell, through read)."""
    return read(root)[0]


def read(root: Path) -> tuple[Settings, list[Finding]]:
    """The archive's settings and what is wrong in them; the defaults when there is no file."""
    out = Collector(SETTINGS_FILE)
    if not (root / SETTINGS_FILE).exists() and not (root / SETTINGS_FILE).is_symlink():
        return Settings(), []
    raw = repo.read_bytes(root, SETTINGS_FILE, out)
    if raw is None:
        return Settings(), out.findings
    return read_settings(raw)
