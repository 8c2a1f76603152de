"""The project's own parts of a built site, whichever builder made it (MkDocs or Zensical).

`kennisbank build` calls `finish` on the site MkDocs just wrote (before it is swapped in);
`kennisbank finish SITE_DIR` calls it on a site another builder wrote from the same docs tree
(`zensical build`). It adds and removes:

  * zoekindex/: the static search index the site's own search (zoekmachine.js) reads;
  * _headers: the security headers for static hosts that read that file (mkdocs.yml extra.csp);
  * .well-known/security.txt (RFC 9116), which builders skip as a dotfile (generator/site/securitytxt.py);
  * a Dutch redirect page for every moved address in mkdocs.yml (redirect_maps), in place of the
    English page mkdocs-redirects or Zensical writes (or of none);
  * the entries of the builders' whole-index search file (search/search_index.json, Zensical's
    search.json), a download of every page's text the site does not use.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml

from generator.graph.permalinks import redirect_maps
from generator.fileio import write_text_atomic
from generator.paths import TEMPLATES

WHOLE_INDEX = ("search/search_index.json", "search.json")  # MkDocs/Material, Zensical


def redirects(site: Path, mkdocs_yml: Path) -> int:
    """Write the Dutch redirect page (site_config/templates/redirect.html.j2) at every old address,
    pointing where mkdocs-redirects points: relative to the old page, keeping a #fragment (with the
    site's script doorverwijzen.js, under the site's Content-Security-Policy)."""
    from pathlib import PurePosixPath

    from mkdocs.structure.files import File
    from mkdocs_redirects.plugin import get_html_path, get_relative_html_path

    from generator.site.settings import read_settings

    maps = redirect_maps(mkdocs_yml)
    directory_urls = bool((yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8")) or {}).get("use_directory_urls", True))
    template = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    ).get_template("redirect.html.j2")
    csp = read_settings(mkdocs_yml).csp
    for old, new in sorted(maps.items()):
        if new.lower().startswith(("http://", "https://")):
            url = new
        else:
            path, hash_, fragment = new.partition("#")
            url = get_relative_html_path(old, File(path, "", "", directory_urls).url + hash_ + fragment, directory_urls)
        html_path = get_html_path(old, directory_urls)
        root = "../" * (len(PurePosixPath(html_path).parts) - 1) or "./"  # from the old page to the site's root
        page = site / html_path
        page.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(page, template.render(url=url, root=root, csp=csp), durable=False)
    return len(maps)


def remove_whole_index(site: Path) -> list[str]:
    """The builder's search index holds the text of every page, one big download the site does not
    use. Its entries go; the file stays as an empty index where a builder's own scripts still ask
    for it (Zensical's do on every page, even with search off), so that asking gives no 404."""
    import json

    emptied = []
    for rel in WHOLE_INDEX:
        path = site / rel
        if not path.is_file():
            continue
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            index = None
        if not isinstance(index, dict):
            path.unlink()
            emptied.append(rel)
            continue
        entries = [key for key in ("items", "docs") if index.get(key)]
        if entries:
            write_text_atomic(
                path,
                json.dumps({**index, **{key: [] for key in entries}}, ensure_ascii=False, separators=(",", ":")),
                durable=False,
            )
            emptied.append(rel)
    return emptied


def finish(site: Path, index: Path, mkdocs_yml: Path, addresses=None) -> dict:
    """Complete the built site in `site` (from the whoosh index in `index` and mkdocs.yml);
    `addresses` (the site's and the repository's) default to what mkdocs.yml and the environment say."""
    from generator.search import static
    from generator.site import securitytxt
    from generator.site.addresses import read_addresses
    from generator.site.settings import read_settings

    if not (site / "index.html").is_file():
        from generator.content.errors import KennisbankError

        raise KennisbankError(
            f"{site} is geen gebouwde site (er staat geen index.html in). Bouw eerst, bijvoorbeeld "
            "met 'zensical build', en geef dan de map waarin de site staat."
        )
    stats = {"search": static.export(index, site)}
    settings = read_settings(mkdocs_yml)
    write_text_atomic(site / "_headers", settings.headers_file(), durable=False)  # security headers for static hosts
    securitytxt.write(site, settings, addresses or read_addresses(mkdocs_yml), mkdocs_yml.parent)
    stats["redirects"] = redirects(site, mkdocs_yml)
    stats["emptied"] = remove_whole_index(site)
    return stats
