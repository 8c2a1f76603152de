#!/usr/bin/env python3
"""Set up and run the Kennisbank on a fresh machine with only Python 3.11+.

    python3 dev.py serve   # set up, build the site and serve it on http://127.0.0.1:8000/
    python3 dev.py test    # set up (incl. test tools) and run every test
    python3 dev.py preview # live preview while editing content/
    python3 dev.py setup --site  # only what building the site needs (the publishing workflow)
    python3 dev.py lock    # write requirements.txt and requirements-test.txt again (pip-compile)

Set-up creates .venv/ and installs the exact dependencies with their hashes (pip --require-hashes):
requirements.txt for the site (serve, preview), requirements-test.txt (the site's plus the test
tools) for `setup` and `test`. Both locks are written by pip-compile from the ranges in
pyproject.toml, the one place where dependencies are declared.
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
LOCKS = {False: "requirements.txt", True: "requirements-test.txt"}  # with the test tools or without
COMPILE = ["--quiet", "--generate-hashes", "--allow-unsafe", "--strip-extras", "--no-emit-index-url", "--no-emit-find-links"]


def _stamp(tests: bool) -> Path:
    return VENV / f".installed-{'test' if tests else 'site'}"


def _wanted(tests: bool) -> bytes:
    return (ROOT / LOCKS[tests]).read_bytes() + (ROOT / "pyproject.toml").read_bytes()


def setup(tests: bool = True) -> None:
    """The virtual environment with the exact versions of one lock (the test lock includes the site's)."""
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 of nieuwer is nodig.")
    if not PY.exists():
        print("Virtuele omgeving maken in .venv/ …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    for done in [True] if tests else [False, True]:
        stamp = _stamp(done)
        if stamp.exists() and stamp.read_bytes() == _wanted(done):
            return
    lockfile = LOCKS[tests]
    print(f"Afhankelijkheden installeren (vaste versies met hun hashes uit {lockfile}) …", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["--require-hashes", "-r", str(ROOT / lockfile)], check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    for stamp in VENV.glob(".installed*"):
        stamp.unlink()
    _stamp(tests).write_bytes(_wanted(tests))


def lock() -> int:
    """Both locks again from pyproject.toml, keeping every version that still fits: the test lock
    first, then the site's lock from it, so the two agree on every package they share."""
    subprocess.run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "pip-tools"], check=True)
    compile_ = [str(BIN / "pip-compile"), *COMPILE]
    test_lock, site_lock = LOCKS[True], LOCKS[False]
    subprocess.run(compile_ + ["--extra", "test", "-o", test_lock, "pyproject.toml"], cwd=ROOT, check=True)
    (ROOT / site_lock).write_bytes((ROOT / test_lock).read_bytes())  # pip-compile keeps the versions it finds there
    subprocess.run(compile_ + ["-o", site_lock, "pyproject.toml"], cwd=ROOT, check=True)
    print(f"{site_lock} en {test_lock} bijgewerkt.")
    return 0


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
    if os.name == "nt":
        sys.path.insert(0, str(ROOT))
        from generator.app.start import WINDOWS

        sys.exit(WINDOWS)
    setup(tests=command not in ("serve", "preview") and "--site" not in rest)  # setup --site: without test tools
    kb = [str(BIN / "kennisbank")]
    said = dict(os.environ, KENNISBANK_COMMAND="python3 dev.py")  # a command it suggests starts as typed here
    if command == "serve":
        return subprocess.call(kb + ["serve", *rest], cwd=ROOT, env=said)
    if command == "preview":
        return subprocess.call(kb + ["preview", *rest], cwd=ROOT, env=said)
    if command == "test":
        if not chromium():
            print(
                "Let op: geen Chromium gevonden; browsertests worden overgeslagen (installeer het pakket 'chromium').", flush=True
            )
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if command == "setup":
        return 0
    if command == "lock":
        return lock()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
