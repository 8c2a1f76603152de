"""Where the site is published, where its sources live and where the editors read their mail: the
one place that reads these addresses (from the environment a build runs in, else mkdocs.yml), never
guessing one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator import mkdocsconfig
from generator.content.errors import KennisbankError
from generator.content.text import is_email_address
from generator.mkdocsconfig import MkdocsConfig


SITE_URL_ENV = "KENNISBANK_SITE_URL"
REPO_URL_ENV = "KENNISBANK_REPO_URL"
EDITORS_EMAIL_ENV = "KENNISBANK_REDACTIE_EMAIL"  # else `extra.redactie_email` in mkdocs.yml
EDIT_URI = "edit/main/"  # + a page's YAML source (front matter `edit_path`, overrides/partials/kb-adressen.html)


@dataclass(frozen=True)
class Addresses:
    """Where the site is published and where its sources live. The repository's address is
    KENNISBANK_REPO_URL, else the repository a GitHub Actions workflow runs in (GITHUB_SERVER_URL +
    GITHUB_REPOSITORY, which GitHub sets in every job), else `repo_url` in mkdocs.yml if one is
    written there; never a guessed address: without one the pages have no edit or correction
    links. The site's address is KENNISBANK_SITE_URL (`kennisbank build
    --site-url` sets it; the deploy workflow gives the GitHub Pages address), else `site_url`
    in mkdocs.yml if one is written there. MkDocs and the generator both take them from here."""

    site_url: str | None  # with a trailing slash, or None (a local build)
    repo_url: str | None  # without a trailing slash
    editors_email: str | None = None  # contributions without a GitHub account: KENNISBANK_REDACTIE_EMAIL, else
    # `extra.redactie_email` in mkdocs.yml; without one /bijdragen/ says that route is not set up

    def issue_form(self, template: str, **fields: str) -> str | None:
        """A new issue with one of the repository's issue forms, fields filled in by their id."""
        if not self.repo_url:
            return None
        from urllib.parse import urlencode

        return f"{self.repo_url}/issues/new?" + urlencode({"template": template, **fields})

    def absolute(self, path: str) -> str | None:
        """'/steden/tilburg/' -> 'https://…/steden/tilburg/' when the site has an address."""
        return self.site_url + path.lstrip("/") if self.site_url else None


def read_addresses(config_file: Path | MkdocsConfig, site_url: str | None = None) -> Addresses:
    """`site_url` is the address given on the command line (--site-url); it goes before the environment."""
    parsed = mkdocsconfig.of(config_file)
    config = parsed.data if parsed.error is None else {}  # MkDocs itself reports an unreadable mkdocs.yml
    config_file = parsed.path
    given = site_url or os.environ.get(SITE_URL_ENV)
    site_url = (given or str(config.get("site_url") or "")).strip() or None
    repo_name, repo_url = repository(config)
    for name, value in ((SITE_URL_ENV if given else "site_url", site_url), (repo_name, repo_url)):
        if value and not value.startswith(("https://", "http://")):
            where = (
                f"{name} (of --site-url)" if name == SITE_URL_ENV else name if name.isupper() else f"{config_file.name}: {name}"
            )
            raise KennisbankError(
                f"{where}: '{value}' is geen webadres. Verwacht: een adres dat met https:// "
                f"begint, zoals https://voorbeeld.github.io/kennisbank/ (of laat het weg voor een lokale site)."
            )
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return Addresses(
        site_url=site_url, repo_url=repo_url.rstrip("/") if repo_url else None, editors_email=editors_email(config, config_file)
    )


def editors_email(config: dict, config_file: Path) -> str | None:
    """The editors' address as configured, checked; None when none is set (never a made-up one)."""
    from_env = os.environ.get(EDITORS_EMAIL_ENV, "").strip()
    extra = config.get("extra")
    if not isinstance(extra, dict):
        extra = {}
    value = from_env or str(extra.get("redactie_email") or "").strip()
    if value and not is_email_address(value):
        where = EDITORS_EMAIL_ENV if from_env else f"{config_file.name}: extra.redactie_email"
        raise KennisbankError(
            f"{where}: '{value[:80]}' is geen e-mailadres. Verwacht: het adres van de redactie, "
            "zoals redactie@voorbeeld.nl (of laat het weg: dan toont /bijdragen/ alleen de route via "
            "GitHub)."
        )
    return value or None


def repository(config: dict) -> tuple[str, str | None]:
    """The repository's address and the setting it came from (named in a message)."""
    if value := os.environ.get(REPO_URL_ENV, "").strip():
        return REPO_URL_ENV, value
    server, repo = os.environ.get("GITHUB_SERVER_URL", "").strip(), os.environ.get("GITHUB_REPOSITORY", "").strip()
    if server and repo:
        return "GITHUB_REPOSITORY", f"{server.rstrip('/')}/{repo}"
    return "repo_url", str(config.get("repo_url") or "").strip() or None
