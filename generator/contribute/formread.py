"""Reading a filled-in form: the GitHub event (any shape, untrusted) -> the issue body -> the answer
to each question. Linear in the length of the text, with limits; every odd input is an
IssueFormError with a Dutch message, never an exception of Python's own.
"""

from __future__ import annotations

import json
import re

from generator.content.errors import KennisbankError
from generator.contribute.form import FORM, LICENCE_LABEL, PROMPT

MAX_BODY_CHARS = 100_000  # a practice is a few pages of text; anything longer is not a filled-in form
MAX_EVENT_BYTES = 2_000_000  # GitHub's issue events are far smaller (the body is at most 65,536 characters)
EMPTY = ("_No response_", "_Geen antwoord_", "None")
# questions an earlier version of the form asked: an issue filled in then and edited now is told where
# its answer goes, instead of the answer running on into the previous question
RETIRED = {
    "Resultaten": (
        "resultaat-1",
        "de vraag 'Resultaten' staat niet meer in het formulier: schrijf elk "
        "resultaat bij 'Resultaat 1', 'Resultaat 2' of 'Resultaat 3', met de keuzes en de bron "
        "eronder.",
    )
}
NO_EVENT = (
    "het GitHub-event is geen 'issues'-event met een issue ({what}). Deze controle draait alleen op een "
    "issue dat met het formulier 'Praktijk toevoegen' is gemaakt."
)


class IssueFormError(KennisbankError):
    """All mistakes of one filled-in form: (form label, Dutch message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        n = len(problems)
        super().__init__(
            f"Het formulier bevat {n} fout{'en' if n != 1 else ''}:\n"
            + "\n".join(f"  {label}: {message}" for label, message in problems)
        )


def body_of_event(raw: str) -> tuple[str, int | None]:
    """The issue body and number from a GitHub 'issues' event (JSON, as in $GITHUB_EVENT_PATH).
    An event of another shape ("issue": null, a body that is no text, a number like 1e400, nesting
    deeper than Python's parser goes) is refused in Dutch."""

    def refuse(what: str) -> IssueFormError:
        return IssueFormError([("Issue", NO_EVENT.format(what=what))])

    if len(raw) > MAX_EVENT_BYTES:
        raise refuse(f"het bestand is {len(raw):,} tekens lang".replace(",", "."))
    if raw.count("[") + raw.count("{") > 20_000:  # deep or wide nesting: no issue event looks like this
        raise refuse("te veel geneste gegevens")
    try:
        event = json.loads(raw, parse_constant=lambda name: None)
    except (ValueError, RecursionError) as exc:
        raise refuse(f"geen geldige JSON: {type(exc).__name__}") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict):
        raise refuse("er staat geen issue in")
    body, number = issue.get("body"), issue.get("number")
    if body is not None and not isinstance(body, str):
        raise refuse("de tekst van het issue is geen tekst")
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 10**12:
        raise refuse("het issue heeft geen geldig nummer")
    return body or "", number


def parse_body(body: str) -> dict[str, str]:
    """The answers of a filled-in form (see parse_form), refusing one that answers a retired question."""
    values, retired = parse_form(body)
    if retired:
        raise IssueFormError(retired)
    return values


def parse_form(body: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The '### Label' sections of an issue body (or of the text version of the form) -> {form id:
    text}. Lines starting with '» ' are the text version's explanations and are skipped. A label that
    stands twice (a '### Status' line typed inside an answer) is refused rather than letting one win.
    Also returns a mistake for each retired question answered (under the question that replaced it)."""
    if not isinstance(body, str):
        raise IssueFormError([("Issue", "de tekst van het issue is geen tekst.")])
    if len(body) > MAX_BODY_CHARS:
        raise IssueFormError(
            [
                (
                    "Issue",
                    f"het issue is te lang ({len(body):,} tekens; hoogstens {MAX_BODY_CHARS:,}). "
                    "Is dit wel een ingevuld formulier 'Praktijk toevoegen'?".replace(",", "."),
                )
            ]
        )
    by_label = {f.label: f.id for f in FORM}
    by_label[LICENCE_LABEL] = "licentie"  # its own section, so the tick is not read as part of the answer above it
    values: dict[str, str] = {}
    twice: list[str] = []
    retired: list[tuple[str, str]] = []
    current: str | None = None
    lines: list[str] = []

    def close() -> None:
        text = "\n".join(lines).strip()
        if current is not None and current.startswith("### "):  # a retired question, answered or not
            if text and text not in EMPTY:
                field_id, message = RETIRED[current[4:]]
                retired.append((next(f.label for f in FORM if f.id == field_id), message))
        elif current is not None:
            values[current] = "" if text in EMPTY else text

    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = re.match(r"###\s+(.+?)\s*$", line)
        if heading:
            label = heading.group(1)
            if label in by_label:
                close()
                current, lines = by_label[label], []
                if current in values:
                    twice.append(label)
                continue
            if label in RETIRED:
                close()
                current, lines = f"### {label}", []
                continue
            if current is None:
                continue
        if current is not None and not line.startswith(PROMPT.rstrip()):
            lines.append(line)
    close()
    if twice:
        raise IssueFormError(
            [
                (
                    label,
                    f"het kopje '### {label}' staat twee keer in het issue. Laat het alleen boven "
                    "het eigen antwoord staan en haal de regel '### …' uit uw tekst.",
                )
                for label in twice
            ]
        )
    if not values:
        raise IssueFormError(
            [
                (
                    "Issue",
                    "dit issue bevat geen velden van het formulier 'Praktijk toevoegen' "
                    "(kopjes als '### Stad'). Maak een nieuw issue met dat formulier.",
                )
            ]
        )
    return values, retired


def lines_of(text: str) -> list[str]:
    """The lines of a list answer, without Markdown bullets."""
    return [re.sub(r"^[-*]\s+", "", line).strip() for line in text.splitlines() if line.strip()]


def choices(text: str) -> list[str]:
    """A multiple dropdown as GitHub writes it ('A, B'), or one choice per line after an edit."""
    parts = (part.strip() for part in re.split(r",|\n", text))
    return [part for part in parts if part and part not in EMPTY]
