"""The `kennisbank` command speaks Dutch throughout (issue 20, item 5): the help of every command
and sub-command and its errors carry none of Typer's or click's English, and `serve` says a port is
busy before anything else, suggesting a command that works as typed."""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, kennisbank

# what Typer and click print in English around our own help texts
ENGLISH = [
    r"\bUsage\b",
    r"\bOptions\b",
    r"\bCommands?\b",
    r"\bArguments?\b",
    r"Show this message",
    r"\bdefault\b",
    r"\brequired\b",
    r"\bError\b",
    r"\bTry\b",
    r"\bMissing\b",
    r"No such",
    r"Possible options",
    r"\bInput should",
    r"<str>",
    r"<int>",
    r"<bool>",
    r"<path>",
    r"\[OPTIONS\]",
    r"\bCOMMAND\b",
    r"\[ARGS\]",
    r"\binvalid\b",
]


def _english(text: str) -> list[str]:
    return [pattern for pattern in ENGLISH if re.search(pattern, text)]


def _commands() -> list[list[str]]:
    """Every command and sub-command, from the command line itself."""
    import typer

    from generator.app.cli import app

    group = typer.main.get_command(app)
    found = [[]]
    for name, command in group.commands.items():
        found.append([name])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


def test_every_command_is_listed():
    names = {" ".join(c) for c in _commands()}
    assert {"", "build", "serve", "search", "new", "new practice", "new instrument", "from-issue"} <= names


@pytest.mark.parametrize("command", [" ".join(c) or "(kennisbank)" for c in _commands()])
def test_help_is_dutch(command):
    args = [] if command == "(kennisbank)" else command.split()
    result = kennisbank(*args, "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Gebruik: " in out and "Toon deze hulp en stop." in out, out
    assert not _english(out), (_english(out), out)


@pytest.mark.parametrize(
    "args",
    [["search"], ["serve", "--bogus"], ["search", "x", "--limit", "veel"], ["bestaat-niet"], ["new", "practice", "--city"]],
)
def test_usage_errors_are_dutch(args):
    result = kennisbank(*args)
    assert result.returncode == 2
    out = result.stdout + result.stderr
    assert "Fout" in out, out
    assert not _english(out), (_english(out), out)


def _listening() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock, sock.getsockname()[1]


def test_serve_says_the_port_is_busy_first_and_suggests_a_command_that_works_as_typed(built_site):
    """Before it builds or says 'staat op http://…', with the command as the user started it (here the
    virtual environment's script, not on PATH); the suggested command, typed as shown, serves the site."""
    program = Path(sys.executable).parent / "kennisbank"
    busy, port = _listening()
    try:
        result = subprocess.run(
            [str(program), "serve", "--port", str(port)], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        out = result.stdout + result.stderr
        assert result.returncode == 1
        assert "staat op" not in out and "gebouwd" not in out, out
        m = re.search(rf"Poort {port} is al in gebruik\. Kies een andere, bijv\.: (.+ serve --port (\d+))$", out.strip())
        assert m, out
        suggested = m.group(1)
        assert shlex.split(suggested)[0] == str(program.relative_to(ROOT))
        free = int(m.group(2))
        dirs = ["--docs-dir", str(built_site / "docs"), "--site-dir", str(built_site / "site")]
        proc = subprocess.Popen(
            shlex.split(suggested) + ["--no-build", *dirs], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", free)) == 0:
                        break
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.2)
            else:
                pytest.fail("the suggested command did not serve")
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    finally:
        busy.close()


def test_a_command_started_through_dev_py_suggests_dev_py():
    busy, port = _listening()
    try:
        result = kennisbank(
            "serve", "--no-build", "--port", str(port), env=dict(__import__("os").environ, KENNISBANK_COMMAND="python3 dev.py")
        )
    finally:
        busy.close()
    assert result.returncode == 1
    assert re.search(r"bijv\.: python3 dev\.py serve --port \d+$", result.stderr.strip()), result.stderr
