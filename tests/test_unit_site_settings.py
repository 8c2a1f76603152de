"""The site's settings in mkdocs.yml `extra:` (licence, contact addresses, CSP): read in one place,
wrong values refused in Dutch, nothing guessed when an address is empty."""

from __future__ import annotations

import pytest

from conftest import ROOT


def _config(tmp_path, **extra):
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key, value in extra.items():
        section, _, name = key.partition("__")
        if name:
            config["extra"][section][name] = value
        else:
            config["extra"][section] = value
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_the_real_settings():
    from generator.site.settings import read_settings

    s = read_settings(ROOT / "mkdocs.yml")
    assert s.licence.spdx == "CC-BY-4.0" and s.licence.url.startswith("https://")
    assert s.email is None and s.security_email is None  # never filled in with a guess
    assert "'unsafe-inline'" not in s.csp.split("script-src")[1].split(";")[0]
    assert s.csp_header == s.csp + "; frame-ancestors 'none'"
    assert s.security_headers()["Content-Security-Policy"] == s.csp_header


@pytest.mark.parametrize(
    "change, expected",
    [
        (dict(contact__security="geen adres"), "extra.contact.security: 'geen adres' is geen e-mailadres"),
        (dict(csp="default-src 'self'; script-src 'self' 'unsafe-inline'"), "extra.csp"),
        (dict(csp="default-src 'self' 'unsafe-inline'"), "extra.csp"),
        (dict(csp="default-src 'self'; frame-ancestors 'none'"), "frame-ancestors"),
        (dict(csp="default-src 'self'\"><script>"), "horen niet in een Content-Security-Policy"),
        (dict(licence={"name": "CC BY 4.0", "short": "CC BY 4.0", "spdx": "CC-BY-4.0"}), "extra.licence.url: ontbreekt"),
        (dict(licence__url="http://creativecommons.org/"), "geen webadres dat met https:// begint"),
    ],
)
def test_wrong_settings_are_refused_in_dutch(tmp_path, change, expected):
    from generator.content.errors import KennisbankError
    from generator.site.settings import read_settings

    with pytest.raises(KennisbankError) as caught:
        read_settings(_config(tmp_path, **change))
    assert expected in str(caught.value)


def test_configured_addresses_reach_security_txt_and_the_api(tmp_path, monkeypatch):
    from generator.search.api import _info
    from generator.site.addresses import Addresses
    from generator.site.securitytxt import text
    from generator.site.settings import read_settings

    for name in ("KENNISBANK_REPO_URL", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "KENNISBANK_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    config = _config(
        tmp_path,
        contact__email="kennisbank@gemeente.example.nl",
        contact__security="security@gemeente.example.nl",
        contact__organisation="Gemeente Voorbeeld",
    )
    settings = read_settings(config)
    assert _info(config)["contact"] == {"name": "Gemeente Voorbeeld", "email": "kennisbank@gemeente.example.nl"}
    assert _info(config)["license"] == {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}
    written = text(settings, Addresses(site_url=None, repo_url=None), tmp_path)
    assert "Contact: mailto:security@gemeente.example.nl\n" in written and "Canonical" not in written
    # nothing configured and no address known: no security.txt rather than one without Contact
    assert text(read_settings(ROOT / "mkdocs.yml"), Addresses(site_url=None, repo_url=None), tmp_path) is None
    assert "contact" not in _info(ROOT / "mkdocs.yml")


@pytest.mark.parametrize(
    "address, valid",
    [
        ("kennisbank@gemeente.example.nl", True),
        ("wonen+buurt@corporatie.example.NL", True),
        ("redactie@voorbeeld.nl>", False),  # would end a link
        ('a"b@voorbeeld.nl', False),  # a quote would end an attribute
        ("a!b@voorbeeld.nl", False),
        ("info@voorbeeld", False),
        ("info@@voorbeeld.nl", False),
    ],
)
def test_one_rule_for_an_email_address_wherever_one_is_published(tmp_path, monkeypatch, address, valid):
    """A contact in the content, the site's contact in mkdocs.yml and the editors' address: three
    checks that disagreed (an upper-case domain was refused in the content only, a quote or an
    exclamation mark allowed there and in mkdocs.yml) ask one rule now."""
    from pydantic import TypeAdapter, ValidationError

    from generator.content.errors import KennisbankError
    from generator.content.models import Contact
    from generator.site.addresses import EDITORS_EMAIL_ENV, editors_email
    from generator.site.settings import read_settings

    def content_ok() -> bool:
        try:
            TypeAdapter(Contact).validate_python({"organisation": "gemeente-tilburg", "email": address})
            return True
        except ValidationError:
            return False

    def settings_ok() -> bool:
        try:
            read_settings(_config(tmp_path, contact__email=address))
            return True
        except KennisbankError:
            return False

    def editors_ok() -> bool:
        monkeypatch.setenv(EDITORS_EMAIL_ENV, address)
        try:
            editors_email({}, tmp_path / "mkdocs.yml")
            return True
        except KennisbankError:
            return False

    assert (content_ok(), settings_ok(), editors_ok()) == (valid, valid, valid)
