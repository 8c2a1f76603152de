"""Run `kennisbank ARGS…` and kill it (SIGKILL, as a power cut or `kill -9` would) at its Nth write.

    python tests/killpoint.py N COUNT_FILE ARGS…

A write is one call of `write()` on a file opened for writing in the project (the folder the
command runs in), or one os.replace/os.rename. At the Nth the process writes the first half of
that data (so a file written in place is left truncated, as a crash leaves it), or does not do
the rename, and kills itself. N = 0 never kills and writes the number of writes to COUNT_FILE at
exit, so a test can pick kill points spread over the whole run. Only the command's own process
counts: a child it forks (the search index writer) writes as usual.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import sys
from pathlib import Path

KILL_AT = int(sys.argv[1])
COUNT_FILE = Path(sys.argv[2])
ROOT = os.path.realpath(os.getcwd())
MAIN = os.getpid()
writes = 0


def _event() -> bool:
    """Count a write; True when this one is where the process dies."""
    global writes
    if os.getpid() != MAIN:
        return False
    writes += 1
    return writes == KILL_AT


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class _Counted:
    """A file opened for writing whose writes count."""

    def __init__(self, f):
        self._f = f

    def write(self, data):
        if data and _event():
            self._f.write(data[: len(data) // 2])
            self._f.flush()
            _die()
        return self._f.write(data)

    def __enter__(self):
        self._f.__enter__()
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

    def __iter__(self):
        return iter(self._f)

    def __getattr__(self, name):
        return getattr(self._f, name)


def _in_project(file) -> bool:
    if isinstance(file, int):  # os.fdopen: a file the command created itself
        return True
    try:
        return os.path.realpath(os.fspath(file)).startswith(ROOT + os.sep)
    except TypeError:
        return False


def _counting_open(original):
    def opened(file, mode="r", *args, **kwargs):
        f = original(file, mode, *args, **kwargs)
        if any(c in mode for c in "wax+") and _in_project(file):
            return _Counted(f)
        return f

    return opened


def _counting_move(original):
    def move(src, dst, *args, **kwargs):
        if _in_project(dst) and _event():
            _die()
        return original(src, dst, *args, **kwargs)

    return move


def main() -> None:
    builtins.open = _counting_open(builtins.open)
    io.open = _counting_open(io.open)
    os.replace = _counting_move(os.replace)
    os.rename = _counting_move(os.rename)
    if KILL_AT == 0:
        import atexit

        atexit.register(lambda: COUNT_FILE.write_text(str(writes)) if os.getpid() == MAIN else None)
    sys.argv = ["kennisbank", *sys.argv[3:]]
    from generator.app.cli import main as kennisbank

    kennisbank()


if __name__ == "__main__":
    main()
