"""The `kennisbank` entry point: refuses what cannot work before anything is loaded.

Everything else (the models read site_config/vocabularies.yaml when they are imported) needs a
content checkout, so `--version` is answered here and a missing checkout or an unsupported
system is said in Dutch instead of ending in a traceback.
"""

from __future__ import annotations

import os
import sys

import generator
from generator import paths

WINDOWS = (
    "De kennisbank-opdrachten werken niet rechtstreeks op Windows: het bouwen en het live voorbeeld "
    "gebruiken bestandsvergrendeling (fcntl) en processen (fork) die alleen Linux en macOS hebben.\n"
    "Gebruik WSL 2 (bijvoorbeeld Ubuntu uit de Microsoft Store) en draai daarin 'python3 dev.py serve', "
    "of voeg een praktijk toe via het formulier 'Praktijk toevoegen' op GitHub; zie README.md, 'Windows'."
)

NO_CHECKOUT = (
    "Geen kennisbank gevonden in {cwd} of een map daarboven: een kennisbank is een map met mkdocs.yml, "
    "content/ en site_config/ naast elkaar.\nGa naar die map (cd) en probeer opnieuw, "
    "of wijs haar aan met de omgevingsvariabele {env}."
)

NOT_A_CHECKOUT = (
    "{env}={root} wijst niet naar een kennisbank: daar staan niet mkdocs.yml, content/ en "
    "site_config/ naast elkaar. Pas {env} aan of haal de variabele weg."
)


def refusal(argv: list[str], os_name: str | None = None) -> str | None:
    """Why the command cannot run here (Dutch), or None."""
    if (os_name or os.name) == "nt":
        return WINDOWS
    if paths.FOUND is None:
        return NO_CHECKOUT.format(cwd=os.getcwd(), env=paths.ROOT_ENV)
    if os.environ.get(paths.ROOT_ENV) and not (paths.FOUND / "site_config").is_dir():
        return NOT_A_CHECKOUT.format(env=paths.ROOT_ENV, root=paths.FOUND)
    return None


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] in (["--version"], ["-V"]):
        print(f"kennisbank {generator.__version__}")
        return
    why = refusal(argv)
    if why:
        print(why, file=sys.stderr)
        sys.exit(2)
    from generator.app import cli

    cli.main()
