"""URLs are forever: a committed registry of every published URL, checked at each build.

site_config/permalinks.txt (next to the content folder) lists every URL the site has
published, one per line. A URL may only disappear from the site when a redirect in
mkdocs.yml (mkdocs-redirects, `redirect_maps`) sends it to its new place; otherwise the
build stops. New URLs are added to the registry by `kennisbank build`.
"""

from __future__ import annotations

from pathlib import Path

from generator import mkdocsconfig
from generator.content.errors import Problem, Problems
from generator.graph.graph import Graph
from generator.kinds import kinds
from generator.content.urls import FIXED_PAGES, md_to_url, url_path
from generator.fileio import write_text_atomic
from generator.mkdocsconfig import MkdocsConfig

FIXED = [md_to_url(path) for path in FIXED_PAGES]


def registry_path(content_dir: Path) -> Path:
    return content_dir.resolve().parent / "site_config" / "permalinks.txt"


def current(g: Graph) -> set[str]:
    urls = set(FIXED)
    for kind in kinds(has_page=True):
        urls |= {url_path(kind, rec.key) for rec in g.of(kind)}
    return urls


def redirect_maps(mkdocs_yml: Path | MkdocsConfig) -> dict[str, str]:
    """Old page -> new page as written in the redirect_maps of mkdocs-redirects in mkdocs.yml
    (docs-tree paths such as 'instrumenten/oud.md', a target may carry a #fragment)."""
    return {str(old): str(new) for old, new in mkdocsconfig.of(mkdocs_yml).redirect_maps().items()}


def redirects(mkdocs_yml: Path | MkdocsConfig) -> dict[str, str]:
    """Old URL -> new URL, from the redirect_maps of mkdocs-redirects in mkdocs.yml."""
    return {md_to_url(old): md_to_url(new) for old, new in redirect_maps(mkdocs_yml).items()}


def _redirect_line(lines: list[str], old: str) -> tuple[int, int]:
    """Line and column of `old:` in the redirect_maps of mkdocs.yml (else of redirect_maps itself)."""
    fallback = (1, 1)
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        if stripped.startswith(("redirect_maps:", "redirect_maps :")):
            fallback = (number, len(line) - len(stripped) + 1)
        elif stripped.startswith((f"{old}:", f"'{old}':", f'"{old}":')):
            return number, len(line) - len(stripped) + 1
    return fallback


def check_redirects(mkdocs_yml: Path | MkdocsConfig, now: set[str], problems: Problems) -> None:
    """Every redirect goes straight to a page: no redirect to itself, no chain (a -> b -> c), no loop,
    and no redirect from a page that exists (it would replace that page)."""
    config = mkdocsconfig.of(mkdocs_yml)
    if config.error is not None or config.text is None:
        return  # MkDocs itself reports an unreadable mkdocs.yml
    maps = config.redirect_maps()
    if not isinstance(maps, dict):
        return
    lines = config.text.splitlines()
    urls = {md_to_url(str(a)): md_to_url(str(b)) for a, b in maps.items()}
    reported_loops: set[frozenset] = set()
    for old_md in maps:
        line, col = _redirect_line(lines, str(old_md))
        old = md_to_url(str(old_md))
        target = urls[old]

        def say(message: str) -> None:
            problems.add(Problem("mkdocs.yml", line, col, "redirect_maps", message))

        if target == old:
            say(f"de doorverwijzing van {old} verwijst door naar zichzelf. Haal deze regel weg.")
            continue
        if old in now:
            say(f"de pagina {old} bestaat; een doorverwijzing zou haar vervangen. Haal deze doorverwijzing weg.")
            continue
        seen = [old]
        step = target
        while step in urls and step not in seen:
            seen.append(step)
            step = urls[step]
        if step in seen:  # back at an address already passed: a loop
            cycle = seen[seen.index(step) :]
            if old in cycle and frozenset(cycle) not in reported_loops:
                reported_loops.add(frozenset(cycle))
                say(
                    "kringloop van doorverwijzingen: "
                    + " -> ".join(cycle + [step])
                    + ". Laat elk oud adres direct naar de pagina verwijzen die nu bestaat."
                )
            elif old not in cycle:
                say(
                    f"{old} verwijst door naar {target}, dat zelf weer doorverwijst (in een kringloop). "
                    "Laat het oude adres direct naar de pagina verwijzen die nu bestaat."
                )
            continue
        if target in urls:
            say(
                f"{old} verwijst door naar {target}, dat zelf weer doorverwijst naar {step}. "
                f"Laat {old} direct naar {step} verwijzen (een keten van doorverwijzingen werkt niet)."
            )


def read(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


HEADER = (
    "# Elk webadres dat de kennisbank ooit publiceerde. Een adres mag alleen van de site verdwijnen\n"
    "# met een doorverwijzing (kennisbank rename). Dit bestand wordt door `kennisbank build` aangevuld.\n"
)


def check(g: Graph, content_dir: Path, mkdocs_yml: Path | MkdocsConfig, problems: Problems) -> None:
    path = registry_path(content_dir)
    now = current(g)
    config = mkdocsconfig.of(mkdocs_yml)  # read once
    moved = redirects(config)
    shown = "site_config/permalinks.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    check_redirects(config, now, problems)
    lost = _lost(path, lines)
    if lost and now:
        problems.add(
            Problem(
                shown,
                1,
                1,
                "",
                (
                    f"{lost}, maar de site heeft {len(now)} pagina's; "
                    "zonder dit bestand controleert niemand meer of gepubliceerde "
                    "webadressen blijven werken. Zet het terug uit git (git checkout -- site_config/permalinks.txt) of uit een "
                    "back-up; maak het alleen opnieuw (kennisbank build) als deze kennisbank nog nooit gepubliceerd is."
                ),
            )
        )
    for number, line in enumerate(lines, start=1):
        url = line.strip()
        if not url or url.startswith("#") or url in now:
            continue
        if url in moved:
            target = moved[url]
            if target not in now:
                problems.add(
                    Problem(
                        shown,
                        number,
                        1,
                        "",
                        f"het webadres {url} verwijst door naar {target}, maar die pagina bestaat niet. Pas de "
                        "doorverwijzing in mkdocs.yml aan.",
                    )
                )
            continue
        problems.add(
            Problem(
                shown,
                number,
                1,
                "",
                (
                    f"het webadres {url} is gepubliceerd maar bestaat niet meer. Adressen blijven altijd werken: "
                    f"gebruik 'kennisbank rename' om een pagina te hernoemen (dat maakt een doorverwijzing), "
                    f"of zet het bestand terug."
                ),
            )
        )


def _lost(path: Path, lines: list[str]) -> str | None:
    """How the registry is gone, when it is: a file without a single address (`kennisbank build`
    always writes at least one, so a crash or a mistake emptied it), or a missing file that git
    knows (it was committed, so the site was published). A new knowledge base has no registry
    yet; its first build writes one."""
    if path.exists():
        if any(line.strip() and not line.startswith("#") for line in lines):
            return None
        return "dit bestand is leeg (geen enkel webadres)" if path.stat().st_size else "dit bestand is leeg (0 bytes)"
    import subprocess

    if not path.parent.is_dir():
        return None
    try:
        known = (
            subprocess.run(
                ["git", "ls-files", "--error-unmatch", path.name], cwd=path.parent, capture_output=True, timeout=10
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return "dit bestand ontbreekt (git kent het wel)" if known else None


def update(g: Graph, content_dir: Path) -> list[str]:
    """Add the site's new URLs to the registry; returns them."""
    path = registry_path(content_dir)
    known = read(path)
    new = sorted(current(g) - set(known))
    if new:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, HEADER + "".join(f"{u}\n" for u in sorted(set(known) | set(new))))
    return new


__all__ = ["check", "check_redirects", "update", "current", "redirect_maps", "redirects", "registry_path"]
