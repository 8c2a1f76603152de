"""MkDocs' page work on two cores: a forked process renders part of the pages.

`mkdocs build` renders page after page on one core: first each page's Markdown (its
`_populate_page`, 80 % of our MkDocs stage), then each page through the theme's templates
(`_build_page`). The pages do not depend on one another in either loop, so for the length of
one build (generator/site/mkdocs_build.py) both loops are split: when MkDocs asks for the first
page, a forked copy of the process starts taking pages from the back of the list while this one
takes them from the front, until they meet; the loop waits for the copy's results at the last page.
The forked process renders the pages exactly as MkDocs would (the same functions on the same
objects), so the site is the same byte for byte (BENCHMARKS.md, run 10):

- Markdown: the copy renders its pages and sends back what rendering sets on a page
  (the Markdown and front matter, the HTML, the table of contents, the title, the anchors
  and the links to anchors that MkDocs checks after the loop);
- templates: the copy writes its pages' HTML files itself (every page is one file of its own).

What MkDocs logs in the copy (a broken link, say) is logged again in this process, so
`--strict` and the build's own warning count see it. mkdocs.yml is untouched: this is our way
of calling MkDocs (MkDocs 1.6.1, pinned in requirements.txt), not a hook or a plugin; another
engine reading the same docs tree does not see it. Small sites, one core, or threads around
(where a fork is unsafe): one process, as MkDocs itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from generator import processes

if TYPE_CHECKING:
    from collections.abc import Sequence

    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

T = TypeVar("T")

MIN_PAGES = 100  # below this a fork costs about what it saves


class _Capture(logging.Handler):
    """In the forked helper: what MkDocs logs, to be logged again by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _logged(work: Callable[[], T]) -> Callable[[], tuple[T | None, list, str | None]]:
    """`work` for the forked helper: MkDocs' log captured (not printed or counted there) and returned
    beside its result, or beside the error that stopped it."""

    def run() -> tuple[T | None, list, str | None]:
        log = logging.getLogger("mkdocs")
        capture = _Capture()
        log.handlers = [capture]  # the parent's handlers would print or count a second time
        log.propagate = False
        try:
            return work(), capture.records, None
        except Exception as exc:
            return None, capture.records, f"{type(exc).__name__}: {exc}"

    return run


def _result(pending: processes.Pending) -> Any:
    """The helper's result, after logging again here what MkDocs logged there (so --strict sees it)."""
    value, records, error = pending.result()
    for name, level, message in records:
        logging.getLogger(name).log(level, message)
    if error is not None:
        raise RuntimeError(f"het tweede proces dat {pending.doing} faalde: {error}")
    return value


def _rendered(page: Page) -> dict:
    """What MkDocs' `_populate_page` sets on a page (mkdocs/structure/pages.py, Page.read_source and Page.render)."""
    return dict(
        markdown=page.markdown,
        meta=page.meta,
        content=page.content,
        toc=page.toc,
        _title_from_render=page._title_from_render,
        present_anchor_ids=page.present_anchor_ids,
        links_to_anchors=None
        if page.links_to_anchors is None
        else {to.src_uri: links for to, links in page.links_to_anchors.items()},
    )


def _restore(page: Page, values: dict, files: Files) -> None:
    links = values.pop("links_to_anchors")
    for key, value in values.items():
        setattr(page, key, value)
    page.links_to_anchors = None if links is None else {files.src_uris[uri]: a for uri, a in links.items()}


PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")


def _pages_alone(config: MkDocsConfig) -> bool:
    """Whether no plugin sees the pages one by one: what a plugin gathers from a page in the helper
    (Material's search, say) would be missing here. Material's plugins switched off (`enabled: false`,
    as the site's search) return at once. Otherwise the build stays on one core."""
    for event in PAGE_EVENTS:
        for method in config.plugins.events[event]:
            owner: Any = getattr(method, "__self__", None)
            if type(owner).__module__.startswith("material.") and owner.config.get("enabled", True) is False:
                continue
            return False
    return True


class _Split:
    """Stands in for mkdocs.commands.build's `_populate_page` and `_build_page` for one build. In each
    loop this process takes the pages from the front as MkDocs asks for them and the helper takes them
    from the back, until the two meet (processes.Meeting): the work balances itself when one core is
    busier (with the search index writer, or another program)."""

    def __init__(self, populate: Callable[..., None], build_page: Callable[..., None]):
        self.populate_one, self.build_one = populate, build_page
        self.helpers: list[processes.Pending] = []
        self.phase: str | None = None
        self.at: dict[str, int] = {}  # src_uri -> place in the current loop, while it is split
        self.order: list[Page] = []
        self.meeting: processes.Meeting | None = None
        self.alone = False  # no plugin gathers from the pages one by one (_pages_alone)

    def _ours(self, page: Page) -> bool:
        """Whether this process does `page` (always, when the loop is not split)."""
        if self.meeting is None or page.file.src_uri not in self.at:
            return True
        return self.meeting.front(self.at[page.file.src_uri])

    def _last(self, page: Page) -> bool:
        return self.meeting is not None and self.at.get(page.file.src_uri) == len(self.order) - 1

    def _split(self, pages: list[Page], work: Callable[[Page], Any], doing: str) -> None:
        """The helper for one loop: from the back, `work(page)` for each page it gets, until it meets this process."""
        self.order = pages
        self.at = {page.file.src_uri: i for i, page in enumerate(pages)}
        self.meeting = meeting = processes.Meeting(len(pages))

        def helper() -> list[tuple[int, Any]]:
            done = []
            while (i := meeting.back()) is not None:
                done.append((i, work(pages[i])))
            return done

        self.helpers.append(processes.later(_logged(helper), doing=doing))

    def _joined(self) -> list[tuple[int, Any]]:
        done: list[tuple[int, Any]] = _result(self.helpers[-1])
        self.meeting, self.at = None, {}
        return done

    def populate(self, page: Page, config: MkDocsConfig, files: Files, dirty: bool = False) -> None:
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page

        if self.phase is None:
            self.phase = "markdown"
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for file in doc_files:  # the pages MkDocs' loop creates as it goes (mkdocs/commands/build.py)
                if file.page is None and file.inclusion.is_not_in_nav():
                    Page(None, file, config)
            pages = [f.page for f in doc_files if f.page is not None]
            self.alone = _pages_alone(config)
            if len(pages) == len(doc_files) and pages and pages[0] is page and self.alone:

                def render(other: Page) -> dict:
                    self.populate_one(other, config, files, dirty)
                    return _rendered(other)

                self._split(pages, render, "pagina's van MkDocs omzet")
        if self._ours(page):
            self.populate_one(page, config, files, dirty)
        if self._last(page):
            order = self.order
            for i, values in self._joined():
                _restore(order[i], values, files)

    def build_page(
        self,
        page: Page,
        config: MkDocsConfig,
        doc_files: Sequence[File],
        nav: Navigation,
        env: jinja2.Environment,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        if self.phase == "markdown":
            self.phase = "templates"
            pages = [f.page for f in doc_files if f.page is not None]
            if self.alone and pages and pages[0] is page and len(pages) == len(doc_files):

                def write(other: Page) -> None:
                    self.build_one(other, config, doc_files, nav, env, dirty, excluded=other.file.inclusion.is_excluded())

                self._split(pages, write, "pagina's van MkDocs schrijft")
        if self._ours(page):
            self.build_one(page, config, doc_files, nav, env, dirty, excluded)
        if self._last(page):
            self._joined()

    def stop(self) -> None:
        for helper in self.helpers:
            helper.stop()


@contextmanager
def two_cores(pages: int) -> Iterator[None]:
    """For the length of one `mkdocs build` in this process: its page loops on two cores, when
    the site has `pages` ≥ MIN_PAGES, the machine two cores and this process no other thread."""
    if pages < MIN_PAGES or not processes.can_share_work():
        yield
        return
    from mkdocs.commands import build

    split = _Split(build._populate_page, build._build_page)
    build._populate_page, build._build_page = split.populate, split.build_page
    try:
        yield
    finally:
        build._populate_page, build._build_page = split.populate_one, split.build_one
        split.stop()
