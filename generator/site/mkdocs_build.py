"""Stage 4: docs tree -> static site with `mkdocs build --strict`, never half-built.

MkDocs runs on the generated docs tree and mkdocs.yml as any engine that reads
mkdocs.yml would. The site is built into a fresh folder next to the target and only
swapped in when the build succeeded with zero warnings.
"""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.errors import KennisbankError
from generator.paths import ROOT, swap_in
from generator.site.addresses import EDIT_URI, Addresses, read_addresses
from generator.site.mkdocs_twocores import two_cores


class BuildFailed(KennisbankError):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("De site kon niet gebouwd worden (mkdocs build --strict):\n" + "\n".join(f"  {m}" for m in messages))


@dataclass
class BuildResult:
    site_dir: Path
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def source_date_epoch(root: Path = ROOT) -> str:
    """A build date that depends on the content's history, not on the clock."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "content", "site_config"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return out or "1514764800"
    except (OSError, subprocess.SubprocessError):
        return "1514764800"  # 2018-01-01, the year of the report


@contextmanager
def dated(epoch: str | int) -> Iterator[None]:
    """MkDocs dates the build (each page's `lastmod` in sitemap.xml, the time in sitemap.xml.gz) with
    mkdocs.utils.get_build_datetime, which reads SOURCE_DATE_EPOCH from the environment or else the
    clock. The date is handed to that function for the length of the MkDocs call instead of being
    written into the environment (which would outlive the build and reach every other thread)."""
    from mkdocs import utils

    when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    original = utils.get_build_datetime
    utils.get_build_datetime = lambda: when
    try:
        yield
    finally:
        utils.get_build_datetime = original


@contextmanager
def builders_notices() -> Iterator[None]:
    """Let MkDocs, Material and the plugins say what they say to someone running `mkdocs build`:
    Material's end-of-life notice (May 2027, Zensical as successor) and the ProperDocs notice
    only print when the program is called 'mkdocs'. We want them seen, not swallowed, so for the
    duration of the build the program is called that (their own switches NO_MKDOCS_2_WARNING and
    DISABLE_MKDOCS_2_WARNING still silence them). They go to stderr, once per process."""
    import sys

    program = sys.argv[0] if sys.argv else ""
    if sys.argv:
        sys.argv[0] = "mkdocs"
    try:
        yield
    finally:
        if sys.argv:
            sys.argv[0] = program


def build(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    before_publish: Callable[[Path], None] | None = None,
    *,
    addresses: Addresses | None = None,
    build_date: str | int | None = None,
) -> BuildResult:
    """`before_publish(folder)` completes the new site (generator/site/finish.py) before it
    replaces the old one, so the published site is always whole. `addresses` and `build_date`
    (seconds since 1970) are read from mkdocs.yml, the environment and git when not given."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    new = site_dir.with_name(site_dir.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    epoch = source_date_epoch(config_file.parent) if build_date is None else build_date
    handler = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    try:
        where = addresses or read_addresses(config_file)
        overrides = {"site_url": where.site_url} if where.site_url else {}
        if where.repo_url:  # MkDocs refuses an edit_uri without a repository (a warning, so --strict stops)
            overrides.update(repo_url=where.repo_url, edit_uri=EDIT_URI)
        with builders_notices():
            cfg = load_config(
                str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(new.resolve()), strict=True, **overrides
            )
            with dated(epoch), two_cores(sum(1 for _ in docs_dir.rglob("*.md"))):
                mkdocs_build.build(cfg)
    except (MkDocsException, SystemExit, OSError, RuntimeError) as exc:
        shutil.rmtree(new, ignore_errors=True)
        raise BuildFailed(handler.messages or [str(exc)]) from None
    finally:
        log.removeHandler(handler)
    if handler.messages:
        shutil.rmtree(new, ignore_errors=True)
        raise BuildFailed(handler.messages)
    if before_publish is not None:
        try:
            before_publish(new)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    swap_in(new, site_dir)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return BuildResult(site_dir=site_dir, warnings=[], pages=pages)
