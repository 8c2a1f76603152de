"""MkDocs' page work on two cores: a forked process renders every other page.

`mkdocs build` renders page after page on one core: first each page's Markdown (its
`_populate_page`, 80 % of our MkDocs stage), then each page through the theme's templates
(`_build_page`). The pages do not depend on one another in either loop, so for the length of
one build (generator/site/mkdocs_build.py) both loops are split: when MkDocs asks for the first
page, a forked copy of the process takes every other page, and the loop waits for its results
at the last page. The forked process renders the pages exactly as MkDocs would (the same
functions on the same objects), so the site is the same byte for byte (BENCHMARKS.md, run 10):

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
    """Stands in for mkdocs.commands.build's `_populate_page` and `_build_page` for one build."""

    def __init__(self, populate: Callable[..., None], build_page: Callable[..., None]):
        self.populate_one, self.build_one = populate, build_page
        self.helpers: list[processes.Pending] = []
        self.theirs: set[str] = set()  # src_uris of the pages the forked process does in the current loop
        self.last: str | None = None
        self.phase: str | None = None
        self.pending: list[Page] = []  # the pages the helper renders the Markdown of, in its order
        self.alone = False  # no plugin gathers from the pages one by one (_pages_alone)

    def _pages(self, doc_files: Sequence[File]) -> list[File]:
        return [f for f in doc_files if f.page is not None]

    def populate(self, page: Page, config: MkDocsConfig, files: Files, dirty: bool = False) -> None:
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page

        if self.phase is None:
            self.phase = "markdown"
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for file in doc_files:  # the pages MkDocs' loop creates as it goes (mkdocs/commands/build.py)
                if file.page is None and file.inclusion.is_not_in_nav():
                    Page(None, file, config)
            order = self._pages(doc_files)
            self.alone = _pages_alone(config)
            if len(order) == len(doc_files) and order and order[0].page is page and self.alone:
                theirs = order[1::2]
                self.theirs = {f.src_uri for f in theirs}
                self.last = order[-1].src_uri

                self.pending = pending = [f.page for f in theirs if f.page is not None]

                def work() -> list[dict]:
                    out = []
                    for other in pending:
                        self.populate_one(other, config, files, dirty)
                        out.append(_rendered(other))
                    return out

                self.helpers.append(processes.later(_logged(work), doing="pagina's van MkDocs omzet"))
        if page.file.src_uri not in self.theirs:
            self.populate_one(page, config, files, dirty)
        if page.file.src_uri == self.last and self.phase == "markdown":
            results: list[dict] = _result(self.helpers[-1])
            for other, values in zip(self.pending, results, strict=True):
                _restore(other, values, files)
            self.theirs, self.last = set(), None

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
            order = list(doc_files)
            if self.alone and order and order[0].page is page and all(f.page is not None for f in order):
                theirs = order[1::2]
                self.theirs = {f.src_uri for f in theirs}
                self.last = order[-1].src_uri

                def work() -> None:
                    for f in theirs:
                        self.build_one(f.page, config, doc_files, nav, env, dirty, excluded=f.inclusion.is_excluded())

                self.helpers.append(processes.later(_logged(work), doing="pagina's van MkDocs schrijft"))
        if page.file.src_uri not in self.theirs:
            self.build_one(page, config, doc_files, nav, env, dirty, excluded)
        if page.file.src_uri == self.last and self.phase == "templates":
            _result(self.helpers[-1])
            self.theirs, self.last = set(), None

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
