"""What the form's workflow says: the Dutch reply on the issue (every mistake under the form field
it belongs to, in words, without file paths, cut below GitHub's comment limit with a count of what
is left out), the pull request's description (with the files), the step outputs, and lines for
the job log that no contributor's text can turn into a workflow command.
"""

from __future__ import annotations

import os
import re

from generator.content.text import INVISIBLE
from generator.contribute.formcheck import Contribution

GITHUB_COMMENT_MAX = 65_536
REPLY_BUDGET = 60_000  # characters for the list of mistakes; the rest of the reply is short
MESSAGE_MAX = 600
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
CONTENT_PATH = re.compile(r"content/([a-z0-9/_-]+)\.yaml")
FOLDER_KIND = {
    "instruments": "instrument",
    "barriers": "belemmering",
    "organisations": "organisatie",
    "sources": "bron",
    "terms": "begrip",
    "background": "achtergrond",
    "recommendations": "aanbeveling",
}


def _escaped(text: str) -> str:
    """Contributor text inside the bot's Markdown reply: shown as typed, never as a link, an
    image, markup or an @mention that notifies someone; an invisible or direction-changing character
    is named ('[U+202E]'), so the reply shows where it is instead of turning the text around."""
    visible = INVISIBLE.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", " ".join(text.split()))
    return MARKDOWN_SPECIAL.sub(r"\\\1", visible).replace("@", "@\u200b")


def _without_paths(message: str) -> str:
    """'content/cities/tilburg/housing-first.yaml' -> 'de praktijk tilburg/housing-first': the
    contributor never saw the files."""

    def named(m: re.Match) -> str:
        parts = m.group(1).split("/")
        if parts[0] == "cities":
            return f"de stad {parts[1]}" if len(parts) == 2 else f"de praktijk {'/'.join(parts[1:])}"
        return f"de {FOLDER_KIND.get(parts[0], 'pagina')} {'/'.join(parts[1:])}"

    return CONTENT_PATH.sub(named, message)


def comment_errors(problems: list[tuple[str, str]]) -> str:
    """Every mistake under its form label, cut below GitHub's comment limit."""
    n = len(problems)
    lines = [
        f"## Het formulier bevat nog {n} fout{'en' if n != 1 else ''}",
        "",
        "Pas het issue aan (**…** rechtsboven het issue → **Edit**), verbeter de velden hieronder en sla op. "
        "De controle draait dan vanzelf opnieuw.",
        "",
    ]
    used, shown = 0, 0
    for label, message in problems:
        message = _without_paths(message)
        if len(message) > MESSAGE_MAX:
            message = message[:MESSAGE_MAX] + " …"
        line = f"- **{_escaped(label)}**: {_escaped(message)}"
        if used + len(line) + 1 > REPLY_BUDGET:
            break
        lines.append(line)
        used += len(line) + 1
        shown += 1
    if shown < n:
        left = n - shown
        lines += [
            "",
            f"En nog {left} fout{'en' if left != 1 else ''} die hier niet passen (een reactie op GitHub "
            "heeft een maximale lengte). Verbeter eerst de fouten hierboven; de volgende controle noemt de rest.",
        ]
    reply = "\n".join(lines) + "\n"
    assert len(reply) < GITHUB_COMMENT_MAX
    return reply


def comment_ok(result: Contribution, number: int | None) -> str:
    """The pull request's description: the files (for the editor), what an editor completes."""
    kinds = {
        "practice": "de praktijk",
        "city": "nieuwe stad",
        "organisation": "nieuwe organisatie",
        "source": "nieuwe bron",
        "study": "nieuw onderzoek, uit de bron en de soort onderzoek van een resultaat; een redacteur vult de beschrijving aan",
    }
    lines = [
        f"## Praktijk omgezet: {_escaped(result.name)}",
        "",
        "Het formulier is omgezet in deze bestanden en `kennisbank validate` vond geen fouten:",
        "",
    ]
    lines += [f"- `content/{path}` ({kinds[result.origin[path]]})" for path in result.files]
    if result.to_complete:
        lines += [
            "",
            "**Nog aan te vullen door een redacteur** (het formulier noemde er geen; de controle van deze "
            "pull request wijst de regel aan):",
            "",
        ]
        lines += [f"- {_escaped(what)}: `content/{path}`" for path, what in result.to_complete.items()]
    lines += [
        "",
        "Een redacteur kijkt de bestanden na en voegt ze samen; pas het issue aan als er nog iets "
        "verandert, dan wordt deze pull request bijgewerkt.",
    ]
    if number:
        lines += ["", f"Closes #{number}"]
    return "\n".join(lines) + "\n"


def comment_failure() -> str:
    return (
        "## De controle kon het formulier niet lezen\n\nDat ligt niet aan u: er ging iets mis in de kennisbank "
        "zelf. Een redacteur is gewaarschuwd (de workflow is mislukt) en kijkt ernaar.\n"
    )


def github_output(result: Contribution, number: int | None) -> None:
    """The pull request's title for the workflow ($GITHUB_OUTPUT), on one line."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    name = " ".join(result.name.split())[:100]
    title = f"Praktijk: {name}" + (f" (issue #{number})" if number else "")
    with open(target, "a", encoding="utf-8") as out:
        out.write(
            f"titel={title}\npraktijk=content/{result.practice_file}\naanvullen={'true' if result.to_complete else 'false'}\n"
        )


COMMAND_START = re.compile(r"^(\s*)(::|##\[)", re.MULTILINE)


def for_the_log(text: str) -> str:
    """Text for stdout/stderr of a workflow step: a line that begins with '::' (after spaces) is a
    workflow command to the runner ('::error …', '::add-mask::', '::stop-commands::'), as is the
    old form '##[…'. Such a line gets a '|' in front, so the runner prints it as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the runner also ends a line at a lone CR
    return COMMAND_START.sub(r"\1|\2", text)
