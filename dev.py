#!/usr/bin/env python3
"""Set up and run the Kennisbank on a fresh machine with only Python 3.11+.

    python3 dev.py serve   # set up, build the site and serve it on http://127.0.0.1:8000/
    python3 dev.py test    # set up (incl. test tools) and run every test
    python3 dev.py preview # live preview while editing content/

Set-up creates .venv/ and installs the pinned dependencies from requirements.lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 of nieuwer is nodig.")
    if not PY.exists():
        print("Virtuele omgeving maken in .venv/ …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = (ROOT / "requirements.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == wanted:
        return
    print("Afhankelijkheden installeren (vastgepinde versies uit requirements.lock) …", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["-r", str(ROOT / "requirements.lock")], check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_bytes(wanted)


def chromium() -> str | None:
    """Debian's Chromium for the browser tests; installed when we are root and it is missing."""
    found = shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Chromium installeren (Debian-pakket) voor de browsertests …", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
    return shutil.which("chromium")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "serve"
    rest = argv[1:]
    setup()
    kb = [str(BIN / "kennisbank")]
    if command == "serve":
        return subprocess.call(kb + ["serve", *rest], cwd=ROOT)
    if command == "preview":
        return subprocess.call(kb + ["preview", *rest], cwd=ROOT)
    if command == "test":
        if not chromium():
            print("Let op: geen Chromium gevonden; browsertests worden overgeslagen "
                  "(installeer het pakket 'chromium').", flush=True)
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if command == "setup":
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
