"""Writes a crash cannot empty: every file the commands change is written to a temporary file
in the same folder, flushed to disk and then renamed over the old one (os.replace), so a reader,
or the next run after a kill or a power cut, finds the old file or the new one, never a
truncated one. The file keeps its permissions; a new file gets the usual ones (umask).

The temporary file's name starts with a dot (`.<name>.<pid>.<random>.tmp`): the loader skips
hidden files, so one left by a kill at the wrong moment is never read as content.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def write_bytes_atomic(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` by `data` in one step. `durable=False` skips the fsync calls, for files
    that are generated again by the next run anyway (the docs tree): still never half-written
    for a reader, but not guaranteed on disk after a power cut."""
    path = Path(path)
    if path.is_symlink():  # as Path.write_bytes did: write the file the link points at
        path = path.resolve()
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)  # umask applies
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _sync_folder(path.parent)


def write_text_atomic(path: Path | str, text: str, *, durable: bool = True) -> None:
    """`write_bytes_atomic` for UTF-8 text (newlines written as given)."""
    write_bytes_atomic(path, text.encode("utf-8"), durable=durable)


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk (POSIX: fsync of the folder); skipped where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
