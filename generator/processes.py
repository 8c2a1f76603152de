"""Every process the generator starts, the project lock and the signals: one place, so the stages
stay plain functions that ask here instead of calling multiprocessing, fcntl or signal themselves.

Forks. `start(target, *args)` runs a function in a forked child (the build's search-index writer,
the live preview's search writer): the child ignores Ctrl+C (the parent decides), ends quietly on
SIGTERM and ends by itself when its parent is gone, also after kill -9. `in_two(work, items)` runs
one function over half of a list in a forked helper and the other half here (the rendering of a
large site on two cores); `later(work)` starts a function in a forked helper now and gives its result
when asked, and `Meeting(n)` shares n items out between the two, from both ends (MkDocs' page loops
on two cores, generator/site/mkdocs_twocores.py).
Signals. `interrupt_on_terminate()` makes SIGTERM (kill, a stopped CI job) act as Ctrl+C in the
command's process, so cleanup runs and every child is stopped.

The lock. Every command that changes the project's files (`kennisbank build`, serve's build,
`generate`, each rebuild of the preview, `rename`, `new`, `from-issue --write`, `schema`) takes the
project lock (a lock file, fcntl.flock, in the project's build/ folder), and a build also the lock
of each folder it writes (docs tree, search index, site). A second command waits for the first
(and says so in Dutch), so a rename never runs during a build and two builds never write the same
docs tree, index or site at once.

The lock is re-entrant within a process (build -> generate -> index take it once), and the
operating system releases it when the process ends, also when it is killed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from generator.content.errors import KennisbankError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

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


# --- signals -------------------------------------------------------------------------------------


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def interrupt_on_terminate() -> None:
    """In the command's own process: SIGTERM (kill, a stopped CI job) as Ctrl+C, so cleanup runs and
    child processes are stopped."""
    import signal

    signal.signal(signal.SIGTERM, _interrupted)


def _as_child_of(parent: int) -> None:
    """In a forked child process: the default SIGTERM again (terminate() ends it quietly), and end
    when the process that started it is gone, also when that one was killed (kill -9)."""
    import signal
    import threading

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent decides

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="ouder-bewaker").start()


# --- forks ---------------------------------------------------------------------------------------


def _run_child(parent: int, target: Callable[..., Any], args: tuple) -> None:
    _as_child_of(parent)
    target(*args)


def _end(process: BaseProcess) -> bool:
    """End a child process that is still at work: SIGTERM, SIGKILL after 5 s. True if it was at work."""
    if not process.is_alive():
        return False
    process.terminate()
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()
    return True


class Child:
    """A function running in a forked child process (see `start`)."""

    def __init__(self, target: Callable[..., Any], args: tuple, cleanup: Callable[[], None] | None = None):
        import multiprocessing

        self._cleanup = cleanup
        self.process = multiprocessing.get_context("fork").Process(
            target=_run_child, args=(os.getpid(), target, args), daemon=True
        )
        self.process.start()

    def is_alive(self) -> bool:
        return self.process.is_alive()

    def wait(self) -> int:
        """Wait until the child is done; its exit code (0: it did its work)."""
        self.process.join()
        return self.process.exitcode if self.process.exitcode is not None else 1

    def stop(self) -> None:
        """End the child now (SIGTERM, SIGKILL after 5 s) and run the cleanup given at start, when it was still at work."""
        if _end(self.process) and self._cleanup is not None:
            self._cleanup()


def start(target: Callable[..., Any], *args: Any, cleanup: Callable[[], None] | None = None) -> Child:
    """Run `target(*args)` in a forked child process. `cleanup` runs in this process when the child
    is stopped before it finished (to remove what it was writing)."""
    return Child(target, args, cleanup)


def shared_seconds() -> Any:
    """A number a forked child can set for its parent to read (a duration measured in the child)."""
    import multiprocessing

    return multiprocessing.get_context("fork").Value("d", float("nan"))


T = TypeVar("T")
R = TypeVar("R")


def can_share_work() -> bool:
    """Whether a second process may take half of a piece of work: two cores or more, and no other
    thread in this process (a fork copies only the calling thread: the live preview's server threads
    hold locks a forked child could never release)."""
    import threading

    return (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def in_two(work: Callable[[list[T]], dict[str, R]], items: list[T], doing: str = "werk deelt") -> dict[str, R]:
    """`work` over every other item in a forked helper and over the rest here, merged (the same
    result as `work(items)`, on two cores). `doing` names the work in the message if the helper dies."""
    import multiprocessing
    import pickle

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def helper(parent: int) -> None:
        _as_child_of(parent)
        send.send_bytes(pickle.dumps(work(items[1::2]), protocol=pickle.HIGHEST_PROTOCOL))

    process = context.Process(target=helper, args=(os.getpid(),), daemon=True)
    process.start()
    send.close()
    out = work(items[0::2])
    try:
        out.update(pickle.loads(receive.recv_bytes()))
    except EOFError:
        process.join()
        raise RuntimeError(f"het tweede proces dat {doing} stopte (exitcode {process.exitcode})") from None
    process.join()
    return out


class Pending(Generic[R]):
    """The result of a function running in a forked helper (see `later`)."""

    def __init__(self, work: Callable[[], R], doing: str):
        import multiprocessing

        self.doing = doing
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)

        def helper(parent: int) -> None:
            import pickle
            import traceback

            _as_child_of(parent)
            try:
                answer: tuple = (True, work())
            except BaseException as exc:  # raised again in the parent, which decides
                answer = (False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}")
            send.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))

        self.process = context.Process(target=helper, args=(os.getpid(),), daemon=True)
        import gc

        # What exists now is left out of the garbage collector's passes in the helper (and here,
        # until the fork is done): a pass would write into every object the helper shares with this
        # process and so copy them all (Python's advice before a fork; MkDocs' loops: 0.3 s less CPU
        # at 1,000 entries, BENCHMARKS.md run 10).
        gc.freeze()
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        send.close()

    def result(self) -> R:
        """Wait for the helper and return what `work` returned; its exception as a RuntimeError."""
        import pickle

        try:
            ok, value = pickle.loads(self._receive.recv_bytes())
        except EOFError:
            self.process.join()
            raise RuntimeError(f"het tweede proces dat {self.doing} stopte (exitcode {self.process.exitcode})") from None
        self.process.join()
        if not ok:
            raise RuntimeError(f"het tweede proces dat {self.doing} faalde: {value}")
        return value

    def stop(self) -> None:
        """End the helper now if it is still at work (the build was interrupted or failed)."""
        _end(self.process)


class Meeting:
    """Items 0..n-1 shared out between this process, which takes them from the front in order, and a
    forked helper, which takes them from the back, until the two meet: whichever core is less busy
    does more (the pages of an MkDocs build, generator/site/mkdocs_twocores.py)."""

    def __init__(self, n: int):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        self._front = context.Value("l", 0, lock=False)  # the next item the front may take
        self._back = context.Value("l", n - 1, lock=False)  # the next item the back takes

    def front(self, i: int) -> bool:
        """Take item i for this process (items are asked for in order); False once the helper has it."""
        with self._lock:
            if i > self._back.value:
                return False
            self._front.value = i + 1
            return True

    def back(self) -> int | None:
        """In the helper: the next item from the back, or None when the front has reached it."""
        with self._lock:
            i = self._back.value
            if i < self._front.value:
                return None
            self._back.value = i - 1
            return i


def later(work: Callable[[], R], doing: str = "werk deelt") -> Pending[R]:
    """Start `work()` in a forked helper now; `.result()` waits for its return value. `doing` names
    the work in the message if the helper dies."""
    return Pending(work, doing)
