"""Writing what a filled-in form describes: YAML files in content/, checked by the real validator,
whose problems are told under the form field they came from; kept only when nothing is wrong.

A new city or organisation for which the contributor named no source is written without
`sources` and with a line for the editor (the pull request check then points at it); to check the
rest of it, it is validated once with the practice's first source standing in, never written so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from generator.contribute.form import FORM, LABEL
from generator.contribute.formcheck import Contribution
from generator.fileio import write_text_atomic

if TYPE_CHECKING:
    from pathlib import Path

    from generator.pipeline import Project

MARKDOWN_FIELDS = {"description", "vision", "text"}
# labels whose answers belong together: when one of them could not be read, what the validator
# says about the others (an organisation without a role, a practice without a source) is no news
GROUPS = [
    {"organisaties", "nieuwe-organisaties", "rollen", "contact-organisatie"},
    {"bronnen", "nieuwe-bronnen"},
    {"stad", "nieuwe-stad-naam"},
]


class _Literal(str):
    pass


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # one list of sources used twice is written out twice: content files allow no aliases


_Dumper.add_representer(_Literal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"))


def _blocks(value: object, key: str = "") -> object:
    """Markdown fields as literal blocks ('|'), the way people write them by hand."""
    if isinstance(value, dict):
        return {k: _blocks(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_blocks(v) for v in value]
    if isinstance(value, str) and key in MARKDOWN_FIELDS:
        return _Literal(value.strip() + "\n")
    return value


def yaml_text(data: dict, kind: str, depth: int, to_complete: str = "") -> str:
    header = f"# yaml-language-server: $schema={'../' * depth}site_config/schema/{kind}.schema.json\n"
    text = yaml.dump(_blocks(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    if to_complete:
        text += (
            f"# sources: nog aan te vullen door een redacteur ({to_complete}: het formulier noemde er geen).\n"
            "# Noem de bron waar de tekst hierboven uit komt, zoals in de andere bestanden.\n"
        )
    return header + text


def file_text(result: Contribution, path: str, checking: bool = False) -> str:
    """The YAML of one file; `checking`: with the stand-in source of a file that waits for its own."""
    data = result.files[path]
    depth = path.count("/") + 1
    waiting = path in result.to_complete
    if waiting and checking and result.stand_in:
        data = {**data, "sources": result.stand_in}
    return yaml_text(data, result.origin[path], depth, result.to_complete[path] if waiting and not checking else "")


def form_label(origin: str, path: str) -> str:
    """The form field a validator problem belongs to: 'organisations[0].role' in the practice is
    'Organisaties en hun rol'; 'results[1].outcome' is 'Resultaat 2: uitkomst'; 'summary' in a new
    city is 'Nieuwe stad: samenvatting'; the order of the years ('period') is 'Eindjaar'."""
    if origin == "practice":
        if path == "period":
            return LABEL["eindjaar"]
        if path.startswith("sources"):
            return LABEL["bronnen"]
        candidates = [f for f in FORM if ":" not in f.target and f.id not in ("organisaties", "stad", "slug")]
        best = max(
            (f for f in candidates if path == f.target or path.startswith((f.target + ".", f.target + "["))),
            key=lambda f: len(f.target),
            default=None,
        )
        if best is None and (m := re.match(r"results\[(\d+)\]", path)):
            return LABEL.get(f"resultaat-{int(m.group(1)) + 1}", LABEL["beschrijving"])
        return best.label if best else LABEL["naam"]
    if origin == "city":
        for f in FORM:
            if f.target == f"city:{path.split('.')[0].split('[')[0]}":
                return f.label
        return {"organisations": LABEL["rollen"]}.get(path.split(".")[0].split("[")[0], LABEL["nieuwe-stad-naam"])
    if origin == "study":
        return LABEL["resultaat-1-soort"]
    return LABEL["nieuwe-organisaties" if origin == "organisation" else "nieuwe-bronnen"]


def _known(result: Contribution, label: str, message: str, shown: list[tuple[str, str]]) -> bool:
    """Whether the form reading already said this, or could not read the answer it is about."""
    if (label, message) in shown or label in result.unread:
        return True
    ids = {f.id for f in FORM if f.label == label}
    return any(ids & group and any(LABEL[g] in result.unread for g in group) for group in GROUPS)


def write_and_check(project: Project, result: Contribution, keep: bool = True) -> list[tuple[str, str]]:
    """Write the files, run the real validator over all content and return every problem, the form
    reading's and the validator's, each under its form label. When there are any, the files are
    removed again. When there are none (and `keep`), the new addresses go into
    site_config/permalinks.txt and the issue form is generated again (a new city or organisation is
    now a choice in its lists), as the pull request check expects. Under the project lock, as every
    command that changes the project's files."""
    from generator import pipeline

    with pipeline.changing(project):
        return _write_and_check(project, result, keep)


def _write_and_check(project: Project, result: Contribution, keep: bool) -> list[tuple[str, str]]:
    from generator import pipeline
    from generator.contribute.form import issue_form_yaml
    from generator.graph import permalinks
    from generator.paths import issue_form_path

    content_dir = project.content_dir
    problems = list(result.problems)
    existing = [path for path in result.files if (content_dir / path).exists()]
    if existing:
        labels = {
            "practice": LABEL["slug"],
            "city": LABEL["nieuwe-stad-naam"],
            "organisation": LABEL["nieuwe-organisaties"],
            "source": LABEL["nieuwe-bronnen"],
            "study": LABEL["resultaat-1-soort"],
        }
        return problems + [
            (labels[result.origin[path]], "deze naam is al in gebruik in de kennisbank; kies een andere.")
            for path in existing
            if labels[result.origin[path]] not in result.unread
        ]
    written = []
    try:
        for path in result.files:
            target = content_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, file_text(result, path, checking=True))
            written.append(target)
        graph, found = pipeline.validate(project)
        by_file = {(content_dir / path).resolve().relative_to(project.shown_root).as_posix(): path for path in result.files}
        for p in found.errors:
            if p.file in by_file:
                label = form_label(result.origin[by_file[p.file]], p.path)
            else:
                label = "Kennisbank"
            if not _known(result, label, p.message, problems):
                problems.append((label, p.message))
    finally:
        if problems or not keep:
            _remove(written)
    if problems:
        order = [f.label for f in FORM]
        return sorted(problems, key=lambda p: order.index(p[0]) if p[0] in order else len(order))
    if content_dir.resolve() == (project.root / "content").resolve():  # the project's own content
        permalinks.update(graph, content_dir)  # the new pages' addresses, as 'kennisbank build' records them
        form = issue_form_path(project.root)
        if form.parent.is_dir():
            write_text_atomic(form, issue_form_yaml(content_dir))
    for path in result.to_complete:  # now written as they are: waiting for their sources
        write_text_atomic(content_dir / path, file_text(result, path))
    return []


def _remove(written: list[Path]) -> None:
    for target in written:
        target.unlink(missing_ok=True)
    for folder in {t.parent for t in written}:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
