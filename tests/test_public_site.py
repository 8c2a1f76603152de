"""What a municipality needs to adopt the site (issue 22): licences, the statements a Dutch public
site publishes, security.txt, and a Content-Security-Policy that works on GitHub Pages, all in
the real built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO_URL, ROOT, kennisbank
from sitehtml import page

STATEMENTS = {
    "/over/": "Colofon en licentie",
    "/over/toegankelijkheid/": "Toegankelijkheidsverklaring",
    "/over/privacy/": "Privacyverklaring",
    "/over/kwetsbaarheid-melden/": "Kwetsbaarheid melden",
}
LICENCE = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["licence"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def footer(html: str) -> str:
    return html[html.index('<footer class="md-footer">') : html.index("</footer>")]


def every_page(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    return pages


FOOTER_LINKS = {
    "Colofon": "/over/",
    "Toegankelijkheid": "/over/toegankelijkheid/",
    "Privacy": "/over/privacy/",
    "Kwetsbaarheid melden": "/over/kwetsbaarheid-melden/",
}


def test_every_page_names_the_licence_and_links_the_statements_in_its_footer(built_site):
    import posixpath

    site = built_site / "site"
    for path in every_page(site):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a redirect page of a renamed entry
        foot = footer(html)
        assert f'<a href="{LICENCE["url"]}" rel="license">{LICENCE["short"]}</a>' in foot, path
        here = "/" + path.relative_to(site).parent.as_posix().strip(".") + "/"
        for text, url in FOOTER_LINKS.items():
            found = re.search(r'<a href="([^"]*)">' + text + "</a>", foot)
            assert found, (path, text)
            if path.name == "index.html":  # 404.html is served at any depth, its links are absolute
                assert posixpath.normpath(posixpath.join(here.replace("//", "/"), found.group(1))) + "/" == url, (path, url)


@pytest.mark.parametrize("url, title", STATEMENTS.items())
def test_statement_pages_are_published(built_site, url, title):
    html = page(built_site / "site", url)
    assert "<h1" in html and title in html
    assert '<html lang="nl"' in html


def test_colofon_states_the_licence_why_and_what_it_does_not_cover(built_site):
    html = page(built_site / "site", "/over/")
    assert LICENCE["name"] in html and f'href="{LICENCE["url"]}"' in html
    assert "Waarom CC BY 4.0" in html and "citaten" in html.lower()
    assert "EUPL-1.2" in html


def test_accessibility_statement_says_what_was_tested_and_its_limits(built_site):
    html = page(built_site / "site", "/over/toegankelijkheid/")
    for said in (
        "WCAG 2.1",
        "EN 301 549",
        "voldoet gedeeltelijk",
        "axe-core",
        "Playwright",
        "375 pixels",
        "toetsenbord",
        "niet getest met schermlezers",
        "geen onderzoek door een",
    ):
        assert said in html, said


def test_privacy_statement_covers_contacts_hosting_and_no_tracking(built_site):
    html = page(built_site / "site", "/over/privacy/")
    for said in ("zakelijk contact", "geen cookies", "GitHub Pages", "IP-adres", "Meld een correctie"):
        assert said in html, said


def test_without_a_configured_address_the_pages_point_at_github_and_invent_none(built_site):
    """The built site has a repository (KENNISBANK_REPO_URL) and no contact address in mkdocs.yml:
    the routes are the repository's issues and its security advisories, and no e-mail address."""
    site = built_site / "site"
    vulnerability = page(site, "/over/kwetsbaarheid-melden/")
    assert f'href="{REPO_URL}/security/advisories/new"' in vulnerability
    privacy = page(site, "/over/privacy/")
    assert f'href="{REPO_URL}/issues/new"' in privacy
    for url in STATEMENTS:
        assert "mailto:" not in page(site, url), url


def test_security_txt_is_in_the_built_site(built_site):
    """RFC 9116: Contact and Expires required, Expires less than a year after the commit built."""
    import datetime

    from generator.site.securitytxt import built_at

    text = (built_site / "site" / ".well-known" / "security.txt").read_text(encoding="utf-8")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert fields["Contact"] == f"{REPO_URL}/security/advisories/new"
    assert fields["Preferred-Languages"] == "nl, en"
    expires = datetime.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    assert datetime.timedelta(days=300) < expires - built_at(ROOT) < datetime.timedelta(days=365)
    assert "Canonical" not in fields  # the site's address is unknown in this build: no guessed one


def test_security_txt_with_the_sites_address_and_a_configured_mailbox(project):
    """With a site address: Canonical and Policy; with `extra.contact.security`: a mailto Contact
    (and the same address on the page), before the GitHub route."""
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('security: ""', 'security: "veilig@gemeente.example.nl"'), encoding="utf-8"
    )
    out = project.root / "out"
    result = kennisbank(
        "build",
        "--content",
        str(project.content),
        "--docs-dir",
        str(out / "docs"),
        "--site-dir",
        str(out / "site"),
        "--site-url",
        "https://voorbeeld.github.io/kennisbank/",
        cwd=project.root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (out / "site" / ".well-known" / "security.txt").read_text(encoding="utf-8")
    assert "Contact: mailto:veilig@gemeente.example.nl\n" in text
    assert "Canonical: https://voorbeeld.github.io/kennisbank/.well-known/security.txt\n" in text
    assert "Policy: https://voorbeeld.github.io/kennisbank/over/kwetsbaarheid-melden/\n" in text
    assert 'href="mailto:veilig@gemeente.example.nl"' in page(out / "site", "/over/kwetsbaarheid-melden/")


def test_the_pages_upload_keeps_the_well_known_folder():
    """actions/upload-pages-artifact leaves out hidden files from v4 on unless told otherwise; the
    workflow says so, and checks the uploaded archive for security.txt before publishing."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    upload = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert len(upload) == 1
    assert steps[upload[0]]["with"]["include-hidden-files"] is True
    check = [s for s in steps[upload[0] + 1 :] if ".well-known/security.txt" in str(s.get("run", ""))]
    assert check and "artifact.tar" in check[0]["run"]


def test_every_page_carries_the_csp_and_no_inline_script(built_site):
    """GitHub Pages sends no headers of the site's choosing: the policy is a meta tag on every page,
    and with script-src 'self' no page may need an inline script (the JSON config block is data)."""
    from generator.site.settings import read_settings

    policy = read_settings(ROOT / "mkdocs.yml").csp
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    for path in every_page(built_site / "site"):  # redirect pages too (site_config/templates/redirect.html.j2)
        html = path.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in html, path
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))
        assert not re.search(r"<[a-z]+\b[^>]*\son[a-z]+=", html), path  # no inline event handlers


def test_the_headers_file_sends_the_same_policy(built_site):
    from generator.site.settings import read_settings

    settings = read_settings(ROOT / "mkdocs.yml")
    headers = (built_site / "site" / "_headers").read_text(encoding="utf-8")
    assert f"  Content-Security-Policy: {settings.csp}; frame-ancestors 'none'\n" in headers


def test_licence_files_hold_the_eupl_text_and_name_both_licences():
    """LICENSE is the EUPL-1.2 text itself (all 15 articles and the appendix, as GitHub and
    pip's licence detection expect); LICENSES.md names both licences and what each covers."""
    import re

    eupl = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert eupl.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    articles = re.findall(r"^(\d+)\. ", eupl, flags=re.M)
    assert articles == [str(n) for n in range(1, 16)], articles
    assert "Appendix" in eupl and "EUPL version." in eupl
    text = (ROOT / "LICENSES.md").read_text(encoding="utf-8")
    assert "EUPL-1.2" in text and "https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12" in text
    assert LICENCE["spdx"] in text and LICENCE["url"] in text


def test_contributing_and_the_issue_form_give_contributions_under_the_sites_licence():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = contributing[contributing.index("<!-- begin: licentie -->") :]
    block = block[: block.index("<!-- end -->")]
    assert LICENCE["name"] in block and LICENCE["url"] in block and "dezelfde licentie" in block
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/praktijk-toevoegen.yml").read_text(encoding="utf-8"))
    boxes = [item for item in form["body"] if item["type"] == "checkboxes"]
    assert [b["id"] for b in boxes] == ["licentie"]
    option = boxes[0]["attributes"]["options"][0]
    assert option["required"] is True and LICENCE["short"] in option["label"]
    assert LICENCE["url"] in boxes[0]["attributes"]["description"]


def test_the_licence_tick_in_an_issue_is_not_read_as_part_of_the_field_above_it():
    """GitHub writes the ticked box as '### Licentie' and '- [X] …' under the last field (the
    contact e-mail address): that answer stays as typed."""
    import json

    from generator.contribute.formread import parse_body

    event = json.loads((ROOT / "tests/fixtures/issue-praktijk-zwolle.json").read_text(encoding="utf-8"))
    body = event["issue"]["body"]
    before = parse_body(body)
    ticked = parse_body(body.rstrip() + "\n\n### Licentie\n\n- [X] Ik geef deze bijdrage onder CC BY 4.0\n")
    assert before["contact-email"] and ticked["contact-email"] == before["contact-email"]
    assert {k: v for k, v in ticked.items() if k != "licentie"} == before


def test_the_contribute_page_and_the_mailed_questions_name_the_licence(built_site):
    from generator.contribute.catalog import Catalog
    from generator.contribute.form import text_questions
    from generator import pipeline

    html = page(built_site / "site", "/bijdragen/")
    assert "Dezelfde licentie." in html and f'href="{LICENCE["url"]}"' in html
    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    text = text_questions(Catalog.from_content(g))
    assert f"onder {LICENCE['short']} ({LICENCE['url']})" in " ".join(line.removeprefix("» ") for line in text.splitlines())
