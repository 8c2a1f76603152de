"""The site's own settings that several stages need, read from mkdocs.yml `extra:` (their one
place): the licence of the content and the data, the publisher's contact addresses and the
Content-Security-Policy. Nothing is guessed: an address left empty stays None.

The templates in site_config/overrides read the same keys as `config.extra`; Python (the fixed
pages, security.txt, `_headers`, `kennisbank serve`, the API, the issue form, CONTRIBUTING and
the data downloads) reads them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import mkdocsconfig
from generator.content.errors import KennisbankError
from generator.content.text import is_email_address
from generator.mkdocsconfig import MkdocsConfig


@dataclass(frozen=True)
class Licence:
    """The licence of the content and the data (not of the code, which is EUPL-1.2)."""

    name: str  # in Dutch, e.g. 'Creative Commons Naamsvermelding 4.0 Internationaal'
    short: str  # e.g. 'CC BY 4.0'
    spdx: str  # e.g. 'CC-BY-4.0'
    url: str


@dataclass(frozen=True)
class Settings:
    licence: Licence
    email: str | None  # general contact address of the publisher
    security_email: str | None  # for vulnerability reports
    organisation: str | None  # who publishes the site
    csp: str  # the Content-Security-Policy as the pages carry it (meta)

    @property
    def csp_header(self) -> str:
        """The policy as a header: the meta policy plus what only a header can carry."""
        return self.csp + "; frame-ancestors 'none'"

    def security_headers(self) -> dict[str, str]:
        """The headers `kennisbank serve` sends and `_headers` lists for static hosts."""
        return {
            "Content-Security-Policy": self.csp_header,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "X-Frame-Options": "DENY",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        }

    def headers_file(self) -> str:
        """The same headers in the `_headers` format of static hosts (Netlify, Cloudflare Pages)."""
        return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in self.security_headers().items())


def read_settings(config_file: Path | MkdocsConfig) -> Settings:
    """The settings in `extra:` of mkdocs.yml; a Dutch error naming the key when one is wrong."""
    parsed = mkdocsconfig.of(config_file)
    config_file = parsed.path
    if parsed.error is not None:
        raise KennisbankError(f"{config_file}: kan de instellingen niet lezen ({parsed.error}).") from None
    config = parsed.data
    extra = config.get("extra") or {}
    where = f"{config_file.name}: extra"

    def text(section: dict, key: str, name: str, required: bool) -> str | None:
        value = section.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise KennisbankError(
                    f"{where}.{name}: ontbreekt. Verwacht: een tekst; zie het commentaar bij 'extra:' in mkdocs.yml."
                )
            return None
        if not isinstance(value, str):
            raise KennisbankError(f"{where}.{name}: '{value}' is geen tekst. Zet de waarde tussen aanhalingstekens.")
        return " ".join(value.split())

    def required(section: dict, key: str, name: str) -> str:
        value = text(section, key, name, True)
        assert value is not None  # text() refuses a missing required value
        return value

    licence = extra.get("licence")
    if not isinstance(licence, dict):
        raise KennisbankError(
            f"{where}.licence: ontbreekt. Verwacht: name, short, spdx en url van de licentie "
            f"van de inhoud en de data, bijv. CC BY 4.0 (zie mkdocs.yml van de kennisbank)."
        )
    lic = Licence(**{k: required(licence, k, f"licence.{k}") for k in ("name", "short", "spdx", "url")})
    if not lic.url.startswith("https://"):
        raise KennisbankError(f"{where}.licence.url: '{lic.url}' is geen webadres dat met https:// begint.")
    contact = extra.get("contact") or {}
    if not isinstance(contact, dict):
        raise KennisbankError(f"{where}.contact: verwacht email, security en organisation (mogen leeg blijven).")
    emails = {}
    for key in ("email", "security"):
        value = text(contact, key, f"contact.{key}", False)
        if value and not is_email_address(value):
            raise KennisbankError(
                f"{where}.contact.{key}: '{value}' is geen e-mailadres. Verwacht: bijv. "
                f"kennisbank@gemeente.example.nl, of laat het leeg."
            )
        emails[key] = value
    csp = required(extra, "csp", "csp")
    if any(char in csp for char in '"<>&'):  # the themes write it into an attribute as it is
        raise KennisbankError(f'{where}.csp: de tekens " < > & horen niet in een Content-Security-Policy.')
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    scripts = directives.get("script-src", directives.get("default-src", []))
    if "frame-ancestors" in directives or "'unsafe-inline'" in scripts:
        raise KennisbankError(
            f"{where}.csp: 'frame-ancestors' hoort er niet in (een meta-tag negeert het; de "
            f"header voegt het toe) en scripts mogen niet 'unsafe-inline' zijn."
        )
    return Settings(
        licence=lic,
        email=emails["email"],
        security_email=emails["security"],
        organisation=text(contact, "organisation", "contact.organisation", False),
        csp=csp.rstrip("; "),
    )
