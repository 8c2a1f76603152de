"""Which file in the repository a generated page comes from, for "Bewerk deze pagina".

The docs tree is generated, so MkDocs' own edit link (edit_uri + the Markdown file's path)
would point at a file that is not in the repository. Each generated page carries its
source instead, as `edit_path` in its front matter: the YAML file of the entry it shows,
or for an overview page the template that writes it. The theme override
site_config/overrides/partials/actions.html turns it into the link (repo_url + edit_uri +
edit_path), so the repository's address stays in one place (mkdocs.yml).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.paths import ROOT, TEMPLATES


def edit_path(record_file: str | None, template: str) -> str:
    """'content/cities/tilburg/skaeve-huse.yaml', or 'site_config/templates/home.md.j2'."""
    if record_file:
        return record_file
    folder = TEMPLATES.resolve()
    shown = folder.relative_to(ROOT.resolve()) if folder.is_relative_to(ROOT.resolve()) else folder
    return (Path(shown) / template).as_posix()


def with_edit_path(markdown: str, path: str) -> str:
    """The page's front matter with `edit_path` added (every generated page has front matter)."""
    line = f"edit_path: {json.dumps(path, ensure_ascii=False)}\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return "---\n" + line + "---\n" + markdown
