"""`kennisbank check-links`: are the web addresses of the sources still there?

Only the sources' own addresses (content/sources/*.yaml, field `url`, http or https) are asked,
each once: HEAD first, GET when a server does not answer HEAD properly, redirects followed, a
time limit per address. Nothing is downloaded beyond the answer's headers. A scheduled workflow
(.github/workflows/bronnen-controleren.yml) runs it and keeps one issue listing the dead ones.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.content import loader
from generator.content.errors import Problems

USER_AGENT = "Mozilla/5.0 (compatible; kennisbank-gemengde-wijk bronnencontrole)"
TIMEOUT = 20.0
WORKERS = 8
RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 503}  # servers that answer HEAD badly


@dataclass(frozen=True)
class Link:
    url: str
    file: str  # the source file, relative to the project root
    title: str


@dataclass(frozen=True)
class Checked:
    link: Link
    ok: bool
    status: int | None  # the final HTTP status, None without an answer
    final_url: str  # after redirects
    reason: str  # Dutch, for the report

    @property
    def moved(self) -> bool:
        return self.ok and self.final_url.rstrip("/") != self.link.url.rstrip("/")


def source_links(content_dir: Path, root: Path) -> tuple[list[Link], Problems]:
    """Every http(s) address of a source, once each (first source that names it)."""
    problems = Problems()
    content = loader.load(content_dir, root, problems)
    seen: dict[str, Link] = {}
    for record in sorted(content.records["source"].values(), key=lambda r: r.file):
        url = (getattr(record.model, "url", None) or "").strip()
        if url.lower().startswith(("http://", "https://")) and url not in seen:
            seen[url] = Link(url=url, file=record.file, title=record.model.title)
    return list(seen.values()), problems


def _ask(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # follows redirects
            return answer.status, answer.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.geturl() or url


def check(link: Link, timeout: float = TIMEOUT) -> Checked:
    """One address: HEAD, then GET when HEAD failed with a status some servers give HEAD only."""
    try:
        status, final = _ask(link.url, "HEAD", timeout)
        if status in RETRY_WITH_GET:
            status, final = _ask(link.url, "GET", timeout)
    except (TimeoutError, socket.timeout):
        return Checked(link, False, None, link.url, f"geen antwoord binnen {timeout:g} seconden")
    except urllib.error.URLError as exc:
        why = exc.reason
        if isinstance(why, (TimeoutError, socket.timeout)):
            return Checked(link, False, None, link.url, f"geen antwoord binnen {timeout:g} seconden")
        return Checked(link, False, None, link.url, f"niet bereikbaar ({why})")
    except (http.client.HTTPException, OSError, ValueError) as exc:
        return Checked(link, False, None, link.url, f"niet bereikbaar ({exc.__class__.__name__}: {exc})")
    if status >= 400:
        return Checked(link, False, status, final, f"de server antwoordt {status}")
    return Checked(link, True, status, final, "in orde" if final == link.url else f"in orde, verwijst door naar {final}")


def check_all(links: list[Link], timeout: float = TIMEOUT, workers: int = WORKERS) -> list[Checked]:
    """Every address, a few at a time; in the order given."""
    if not links:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(links))) as pool:
        return list(pool.map(lambda link: check(link, timeout), links))


def report(results: list[Checked]) -> str:
    """The body of the issue about dead sources (Markdown, Dutch)."""
    dead = [r for r in results if not r.ok]
    lines = [
        f"De wekelijkse controle van de bronnen vond {len(dead)} van de {len(results)} webadressen die niet (meer) "
        "werken. Zoek per bron het nieuwe adres (of een gearchiveerde versie, bijvoorbeeld in het Internet "
        "Archive) en pas het veld `url` aan; raad nooit een adres.",
        "",
    ]
    for r in dead:
        lines.append(f"- [ ] `{r.link.file}` ({r.link.title}): <{r.link.url}>: {r.reason}")
    lines += ["", "Dit issue wordt door de workflow 'Bronnen controleren' bijgewerkt en gesloten zodra alle adressen werken."]
    return "\n".join(lines) + "\n"
