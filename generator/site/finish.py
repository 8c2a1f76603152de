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

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from generator import mkdocsconfig
from generator.graph.permalinks import redirect_maps
from generator.mkdocsconfig import MkdocsConfig
from generator.fileio import write_text_atomic
from generator.paths import TEMPLATES

if TYPE_CHECKING:
    from generator.search.static import ExportCounts
    from generator.site.addresses import Addresses
    from generator.site.settings import Settings

WHOLE_INDEX = ("search/search_index.json", "search.json")  # MkDocs/Material, Zensical


def redirects(site: Path, mkdocs_yml: Path | MkdocsConfig, csp: str | None = None) -> int:
    """Write the Dutch redirect page (site_config/templates/redirect.html.j2) at every old address,
    pointing where mkdocs-redirects points: relative to the old page, keeping a #fragment (with the
    site's script doorverwijzen.js, under the site's Content-Security-Policy `csp`, else mkdocs.yml's)."""
    from pathlib import PurePosixPath

    from mkdocs.structure.files import File
    from mkdocs_redirects.plugin import get_html_path, get_relative_html_path

    from generator.site.settings import read_settings

    config = mkdocsconfig.of(mkdocs_yml)
    maps = redirect_maps(config)
    directory_urls = bool(config.parsed().get("use_directory_urls", True))
    template = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    ).get_template("redirect.html.j2")
    csp = csp if csp is not None else read_settings(config).csp
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


@dataclass(frozen=True)
class Finished:
    """What `finish` added to a site: the static search index's figures, the Dutch redirect pages,
    and the builder's whole-index search files it emptied."""

    search: ExportCounts
    redirects: int
    emptied: list[str]


def finish(
    site: Path,
    index: Path,
    mkdocs_yml: Path | MkdocsConfig,
    addresses: Addresses | None = None,
    settings: Settings | None = None,
    use_prepared: bool = False,
) -> Finished:
    """Complete the built site in `site` (from the whoosh index in `index` and mkdocs.yml);
    `addresses` (the site's and the repository's) and `settings` (mkdocs.yml `extra:`) default to
    what mkdocs.yml and the environment say. `use_prepared`: the build's index writer has just written
    the static export beside the index (search/static.py `prepare`); it is moved in, not written again."""
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
    config = mkdocsconfig.of(mkdocs_yml)
    search = static.export(index, site, use_prepared=use_prepared)
    settings = settings or read_settings(config)
    write_text_atomic(site / "_headers", settings.headers_file(), durable=False)  # security headers for static hosts
    securitytxt.write(site, settings, addresses or read_addresses(config), config.path.parent)
    return Finished(search=search, redirects=redirects(site, config, settings.csp), emptied=remove_whole_index(site))
