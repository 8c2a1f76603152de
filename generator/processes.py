"""One command at a time per project and build folder: every command that changes the project's
files (`kennisbank build`, serve's build, `generate`, each rebuild of the preview, `rename`, `new`,
`from-issue --write`, `schema`) takes the project lock (a lock file, fcntl.flock, in the project's
build/ folder), and a build also the lock of each folder it writes (docs tree, search index, site).
A second command waits for the first (and says so in Dutch), so a rename never runs during a build
and two builds never write the same docs tree, index or site at once.

The lock is re-entrant within a process (build -> generate -> index take it once), and the
operating system releases it when the process ends, also when it is killed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.content.errors import KennisbankError

LOCK_NAME = ".kennisbank.lock"
WAIT_SECONDS = float(os.environ.get("KENNISBANK_LOCK_TIMEOUT", "900"))

BUSY = "build, serve, preview, rename, new, from-issue of schema"

_held: dict[Path, list[int]] = {}  # folder -> [file descriptor, depth]


class BuildBusy(KennisbankError):
    pass


def _shown(folder: Path) -> str:
    try:
        return os.path.relpath(folder)
    except ValueError:
        return str(folder)


def _acquire(folder: Path, wait: float) -> None:
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    told = False
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise BuildBusy(
                    f"Er is al een ander kennisbank-proces bezig in {_shown(folder)} ({BUSY}). "
                    "Wacht tot dat klaar is en probeer het dan opnieuw."
                ) from None
            if not told:
                print(
                    f"Er is al een ander kennisbank-proces bezig in {_shown(folder)} ({BUSY}); wachten tot dat klaar is…",
                    file=sys.stderr,
                    flush=True,
                )
                told = True
            time.sleep(0.1)
        except OSError:
            os.close(fd)
            raise
    _held[folder] = [fd, 1]


def _release(folder: Path) -> None:
    import fcntl

    entry = _held[folder]
    entry[1] -= 1
    if entry[1] == 0:
        del _held[folder]
        fcntl.flock(entry[0], fcntl.LOCK_UN)  # explicitly: a forked child may still hold a copy of the descriptor
        os.close(entry[0])


@contextmanager
def locked(*folders: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the build lock of each folder (in a fixed order, so two builds never deadlock)."""
    taken: list[Path] = []
    try:
        for folder in sorted({Path(os.path.abspath(f)) for f in folders}):
            if folder in _held:
                _held[folder][1] += 1
            else:
                _acquire(folder, WAIT_SECONDS if wait is None else wait)
            taken.append(folder)
        yield
    finally:
        for folder in reversed(taken):
            _release(folder)
