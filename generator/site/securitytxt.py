"""/.well-known/security.txt (RFC 9116): where to report a vulnerability, written into the built
site after the MkDocs build (MkDocs skips dotfiles in the docs tree).

Contact comes from mkdocs.yml `extra.contact.security`, else the repository's GitHub security
advisories, else the site's own page about reporting; with none of these known, no file is
written (a security.txt without Contact is invalid). Expires is a year minus a day after the
date of the commit the site is built from, so the same commit gives the same file.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

from generator.fileio import write_text_atomic
from generator.site.addresses import Addresses
from generator.site.settings import Settings

PATH = ".well-known/security.txt"
PAGE = "over/kwetsbaarheid-melden/"  # the page that explains how to report (generator/site/pages.py)
VALID_DAYS = 364  # RFC 9116 recommends an Expires less than a year ahead


def built_at(root: Path) -> datetime.datetime:
    """The date of the commit being built (else SOURCE_DATE_EPOCH, set by the build): not the clock."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    seconds = int(out or os.environ.get("SOURCE_DATE_EPOCH") or 1514764800)
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def contacts(settings: Settings, addresses: Addresses) -> list[str]:
    found = []
    if settings.security_email:
        found.append(f"mailto:{settings.security_email}")
    if addresses.repo_url and addresses.repo_url.startswith("https://github.com/"):
        found.append(f"{addresses.repo_url}/security/advisories/new")
    if not found and addresses.site_url:
        found.append(addresses.site_url + PAGE)
    return found


def text(settings: Settings, addresses: Addresses, root: Path) -> str | None:
    contact = contacts(settings, addresses)
    if not contact:
        return None
    expires = (built_at(root) + datetime.timedelta(days=VALID_DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
    lines = ["# Kwetsbaarheid melden bij de Kennisbank Gemengde Wijk (RFC 9116)."]
    lines += [f"Contact: {c}" for c in contact]
    lines.append(f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("Preferred-Languages: nl, en")
    if addresses.site_url:
        lines.append(f"Canonical: {addresses.site_url}{PATH}")
        lines.append(f"Policy: {addresses.site_url}{PAGE}")
    return "\n".join(lines) + "\n"


def write(site_dir: Path, settings: Settings, addresses: Addresses, root: Path) -> Path | None:
    content = text(settings, addresses, root)
    if content is None:
        return None
    target = site_dir / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, content, durable=False)
    return target
