"""Rules for the text that contributors write.

Two kinds of text field exist:
  * plain text (names, summaries, list items): one line, no markup at all;
  * Markdown (descriptions): paragraphs, lists, emphasis and links, but no raw HTML.

Both refuse invisible or direction-changing Unicode characters, e-mail addresses,
phone numbers and numbers that could be a citizen service number (BSN): personal
data only goes in the contact field (an e-mail address too, also as a mailto link). Links may
only point to https:// addresses or to another entry of the knowledge base
(`[Housing First](instrument:housing-first)`).
Every rule raises a PydanticCustomError with a Dutch message that says how to fix it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from pydantic_core import PydanticCustomError

# Letters that Unicode decomposition does not reduce to ASCII, written as a Dutch reader would
# type them. The one folding table: search (search/query.py, and the site's zoekmachine.js through
# the exported tables) and the slugs made from names (contribute/formcheck.slugify) both use it.
FOLD = {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "ĳ": "ij", "ł": "l", "đ": "d"}


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII-ish folding: skæve -> skaeve, café -> cafe, Straße -> strasse."""
    text = "".join(FOLD.get(ch, ch) for ch in text.lower())
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


PLAIN_MAX = 400
MARKDOWN_MAX = 20_000

# Unicode characters that hide text or change its direction (Trojan Source).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
RAW_HTML = re.compile(r"<\s*[A-Za-z!/?]|&#?[A-Za-z0-9]+;")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")  # an address somewhere in a text (where none belongs)
# A whole e-mail address, wherever one is published (a contact in the content, the site's and the
# editors' addresses in mkdocs.yml): plain ASCII, nothing that could end a link or a header. Also the
# JSON Schema's pattern (ECMAScript: ^ and $).
EMAIL_ADDRESS = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"


def is_email_address(value: object) -> bool:
    """The whole value is one e-mail address (EMAIL_ADDRESS, matched to the end: no trailing newline)."""
    return isinstance(value, str) and re.fullmatch(EMAIL_ADDRESS, value) is not None


PHONE = re.compile(r"(?<![\w-])(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")
# Nine digits on their own; a '.' or ',' right after them ends a sentence or a list ('BSN 123456782.'),
# only a digit after it makes them part of a bigger number (123.456.789,5).
NINE_DIGITS = re.compile(r"(?<!\d)(?<!\d[.,])\d{9}(?![.,]?\d)")
NINE_IN_A_ROW = re.compile(r"\d{9}")
DIGIT = re.compile(r"\d")
# Inline links and images [text](target) and reference definitions [label]: target
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
ATTR_OR_SNIPPET = re.compile(r"\{[^}\n]*\}|-8<-")
BARE_SCHEME = re.compile(r"\b(javascript|vbscript|data|file):", re.IGNORECASE)
# An internal link's target, (instrument:housing-first#bewijs): scheme, key, anchor. One pattern for a
# target alone (INTERNAL) and for the link in Markdown text (INTERNAL_LINK: the graph resolves it,
# render writes it as a link to the entry's page).
INTERNAL_TARGET = r"([a-z]+):([a-z0-9][a-z0-9/-]*)(#[a-z0-9-]+)?"
INTERNAL = re.compile(rf"^{INTERNAL_TARGET}$")
INTERNAL_LINK = re.compile(rf"\]\(\s*{INTERNAL_TARGET}\s*\)")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # also the JSON Schema's pattern (ECMAScript has no \A or \Z)


def is_slug(value: object) -> bool:
    """A slug: a-z, 0-9 and single hyphens, and nothing else: the whole string (`fullmatch`; `match`
    with `$` would accept a trailing newline). The one rule for file names, references and addresses."""
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def _fail(kind: str, message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx or None)


def _common(value: str, markdown: bool = False) -> str:
    for found in common_problems(value, markdown):
        raise found
    return value


def common_problems(value: str, markdown: bool = False) -> Iterator[PydanticCustomError]:
    """Every rule of `_common` that the text breaks, one error each (the validator stops at the
    first per field; a filled-in form hears about all of them at once)."""
    for rule in (_invisible, _control, _raw_html, _email, _phone, _bsn):
        found = rule(value, markdown)
        if found is not None:
            yield found


def _invisible(value: str, markdown: bool) -> PydanticCustomError | None:
    if found := INVISIBLE.search(value):
        ch = found.group(0)
        return _fail(
            "onzichtbaar_teken",
            "bevat een onzichtbaar of richting-veranderend teken (U+{code}). Typ de tekst opnieuw zonder dat teken.",
            code=f"{ord(ch):04X}",
            fragment=ch,
        )
    return None


def _control(value: str, markdown: bool) -> PydanticCustomError | None:
    if CONTROL.search(value):
        return _fail("stuurteken", "bevat een stuurteken. Verwijder het of typ de tekst opnieuw.")
    return None


def _raw_html(value: str, markdown: bool) -> PydanticCustomError | None:
    if m := RAW_HTML.search(value):
        return _html(value, m, markdown)
    return None


# Each personal-data pattern only runs when a cheap test says it could match: they are
# slow on long texts (every word is a possible start), and most texts have no '@' or digits.
def _email(value: str, markdown: bool) -> PydanticCustomError | None:
    if "@" in value and (m := EMAIL.search(value)):
        if value[: m.start()].lower().endswith("mailto:"):
            return _fail(
                "persoonsgegevens",
                "bevat een mailto-link. Een e-mailadres hoort niet in de tekst maar in het veld 'contact' "
                "(contact.email: een algemeen adres van de organisatie, geen persoonlijk adres). "
                "Haal de link weg, of link naar de contactpagina met https://.",
                fragment="mailto:" + m.group(0),
            )
        return _fail(
            "persoonsgegevens",
            "bevat een e-mailadres. Persoonsgegevens horen alleen in het veld 'contact'.",
            fragment=m.group(0),
        )
    return None


def _phone(value: str, markdown: bool) -> PydanticCustomError | None:
    if len(DIGIT.findall(value)) >= 9 and (m := PHONE.search(value)):
        return _fail(
            "persoonsgegevens",
            "bevat een telefoonnummer. Persoonsgegevens horen alleen in het veld 'contact'.",
            fragment=m.group(0).strip(),
        )
    return None


def _bsn(value: str, markdown: bool) -> PydanticCustomError | None:
    if len(DIGIT.findall(value)) >= 9 and NINE_IN_A_ROW.search(value) and (m := NINE_DIGITS.search(value)):
        return _fail(
            "persoonsgegevens",
            "bevat een getal van negen cijfers dat een BSN kan zijn. "
            "Verwijder het, of schrijf een bedrag of aantal met punten (bijv. 120.000.000).",
            fragment=m.group(0),
        )
    return None


# What to write instead of an HTML tag or entity: the Markdown for it, or what to leave out.
MARKDOWN_FOR = {
    "b": "Schrijf **vet** (twee sterretjes aan beide kanten)",
    "strong": "Schrijf **vet** (twee sterretjes aan beide kanten)",
    "i": "Schrijf *schuin* (een sterretje aan beide kanten)",
    "em": "Schrijf *schuin* (een sterretje aan beide kanten)",
    "a": "Schrijf een link als [tekst](https://…) of [tekst](instrument:housing-first)",
    "br": "Begin een nieuwe alinea met een lege regel (in een tekstblok met '|')",
    "p": "Scheid alinea's met een lege regel (in een tekstblok met '|')",
    "ul": "Begin elk lijstitem met '- ' op een eigen regel",
    "ol": "Begin elk lijstitem met '1. ' op een eigen regel",
    "li": "Begin elk lijstitem met '- ' op een eigen regel",
    "h1": "Een kop kan niet in een tekstveld; maak er een gewone zin van",
    "h2": "Een kop kan niet in een tekstveld; maak er een gewone zin van",
    "h3": "Een kop kan niet in een tekstveld; maak er een gewone zin van",
    "u": "Onderstrepen kan niet; schrijf **vet** als het nadruk moet hebben",
    "sup": "Schrijf het gewoon, bijv. m2 of 10^3",
    "sub": "Schrijf het gewoon, bijv. CO2",
}
ENTITY_FOR = {"&amp;": "&", "&nbsp;": "een gewone spatie", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&euro;": "€"}
TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")


def _html(value: str, m: re.Match, markdown: bool) -> PydanticCustomError:
    """Name the tag or entity that was found and say what to write instead (in a plain-text field:
    no markup at all)."""
    found = m.group(0)
    if found.startswith("&"):
        instead = ENTITY_FOR.get(found.lower())
        hint = f"Schrijf het teken zelf: {instead}" if instead else "Schrijf het teken zelf"
        return _fail(
            "html", "bevat HTML: de code '{code}'. HTML is niet toegestaan. {hint}.", code=found, hint=hint, fragment=found
        )
    tag = TAG.match(value, m.start())
    if not tag:  # '<!--', '<?xml' and the like
        return _fail(
            "html",
            "bevat HTML: '{code}'. HTML is niet toegestaan: haal het weg en schrijf gewone tekst; gebruik Markdown voor opmaak.",
            code=value[m.start() : m.start() + 10],
            fragment=found,
        )
    name = tag.group(1).lower()
    if not markdown and name in MARKDOWN_FOR:
        hint = "Haal de tag weg: dit veld is gewone tekst zonder opmaak (Markdown kan alleen in de langere tekstvelden)"
    else:
        hint = MARKDOWN_FOR.get(
            name,
            "Haal de tag weg: "
            + (
                "plaatjes, scripts, formulieren en ingesloten pagina's kunnen niet"
                if name in ("img", "script", "iframe", "object", "embed", "form", "input", "style", "svg", "video", "audio")
                else "schrijf gewone tekst en gebruik Markdown voor opmaak"
            ),
        )
    return _fail("html", "bevat HTML: de tag '<{tag}>'. HTML is niet toegestaan. {hint}.", tag=name, hint=hint, fragment=found)


def plain_text(value: str) -> str:
    """One line of text without markup."""
    value = value.strip()
    if "\n" in value:
        raise _fail("een_regel", "moet op één regel passen. Haal de regelovergangen weg.")
    if len(value) > PLAIN_MAX:
        raise _fail(
            "te_lang",
            "is {length} tekens lang; maximaal {max} tekens. Maak de tekst korter.",
            length=len(value),
            max=PLAIN_MAX,
        )
    return _common(value)


def markdown_text(value: str) -> str:
    """Markdown without raw HTML and with safe links only."""
    value = value.strip()
    if len(value) > MARKDOWN_MAX:
        raise _fail(
            "te_lang",
            "is {length} tekens lang; maximaal {max} tekens. Maak de tekst korter of verdeel hem.",
            length=len(value),
            max=MARKDOWN_MAX,
        )
    _common(value, markdown=True)
    if m := ATTR_OR_SNIPPET.search(value):
        raise _fail(
            "opmaak",
            "bevat accolades of '--8<--'; die zijn niet toegestaan in tekstvelden. Laat ze weg of gebruik haakjes ( ).",
            fragment=m.group(0)[:30],
        )
    targets = INLINE_LINK.findall(value) + REF_DEF.findall(value)
    for target in targets:
        check_link(target)
    if _markers(value) >= MARKERS_BEFORE_TRIAL and not _renders(value):
        raise _fail(
            "te_diep",
            "bevat te diep geneste opmaak: lijsten in lijsten of nadruk met sterretjes of liggende "
            "streepjes binnen nadruk, honderden lagen diep. Maak de opmaak eenvoudiger.",
        )
    bare = BARE_SCHEME.search(value) if ":" in value else None
    if bare:
        raise _fail(
            "link",
            "bevat een '{scheme}:'-adres; alleen links die met https:// beginnen zijn toegestaan.",
            scheme=bare.group(1).lower(),
            fragment=bare.group(0),
        )
    return value


# Python-Markdown handles nested lists and emphasis recursively: thousands of levels
# ('* * * * x', '1. 1. 1. x', '**a **a … a** a**') end the build with a RecursionError. A text
# with many markup characters is rendered once here, with less stack than the build has left.
MARKERS_BEFORE_TRIAL = 300
TRIAL_STACK_MARGIN = 400  # frames used before the trial render: the build runs deeper than this
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "tables", "toc"]  # as in mkdocs.yml


def _markers(value: str) -> int:
    return (
        value.count("*")
        + value.count("_")
        + value.count("-")
        + value.count("+")
        + value.count(". ")
        + value.count(") ")
        + value.count(">")
    )


def _renders(value: str, margin: int = TRIAL_STACK_MARGIN) -> bool:
    if margin:
        return _renders(value, margin - 1)
    import markdown

    try:
        markdown.markdown(value, extensions=EXTENSIONS)
    except RecursionError:
        return False
    return True


def check_link(target: str) -> str:
    lower = target.lower()
    if lower.startswith("https://"):
        return target
    if lower.startswith("http://"):
        raise _fail(
            "link",
            "link '{target}' begint met http://; alleen https:// is toegestaan. Verander het begin in "
            "https:// (bijna elke site heeft dat adres ook).",
            target=target[:80],
            fragment=target[:80],
        )
    if lower.startswith("mailto:"):
        raise _fail(
            "link",
            "een mailto-link ('{target}') hoort niet in de tekst. Zet een algemeen e-mailadres van de "
            "organisatie in het veld 'contact' (contact.email), of link naar de contactpagina met https://.",
            target=target[:80],
            fragment=target[:80],
        )
    if INTERNAL.match(target):
        return target  # an internal reference; the graph checks that it exists
    raise _fail(
        "link",
        "link '{target}' is niet toegestaan. Gebruik een adres dat met https:// begint, "
        "of verwijs naar een andere pagina met bijvoorbeeld (instrument:housing-first).",
        target=target[:80],
        fragment=target[:80],
    )


def url(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("http://"):
        raise _fail(
            "url",
            "'{value}' begint met http://; alleen https:// is toegestaan. Verander het begin in https://.",
            value=value[:80],
        )
    if not value.lower().startswith("https://"):
        raise _fail(
            "url",
            "'{value}' is geen webadres. Een webadres begint met https://, bijv. 'https://www.tilburg.nl'.",
            value=value[:80],
        )
    if INVISIBLE.search(value) or CONTROL.search(value) or re.search(r"[\s<>\"']", value):
        raise _fail("url", "bevat spaties of tekens die niet in een webadres horen.")
    return value


def internal_links(markdown: str) -> list[tuple[str, str]]:
    """All (scheme, target) pairs of internal links in a Markdown text."""
    found = []
    for target in INLINE_LINK.findall(markdown) + REF_DEF.findall(markdown):
        m = INTERNAL.match(target)
        if m and not target.lower().startswith("mailto:"):
            found.append((m.group(1), m.group(2)))
    return found


# --- Markdown as plain text -------------------------------------------------------------------

LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [text](target) -> text
EMPHASIS_AND_BLOCKS = re.compile(r"(\*\*|__|`|^#+\s*|^\s*[-*]\s+)", re.MULTILINE)
MARKUP_CHARS = re.compile(r"[*_`#>|]+")


def markdown_to_text(markdown: str | None) -> str:
    """Markdown as readable plain text: links keep their text; bold, code, headings and list
    bullets go (for the JSON export and the evidence map)."""
    return re.sub(r"\s+\n", "\n", EMPHASIS_AND_BLOCKS.sub("", LINK_TEXT.sub(r"\1", markdown or ""))).strip()


def markdown_words(markdown: str) -> str:
    """Markdown reduced to its words for the search index: links keep their text, every markup
    character becomes a space (nothing here is shown, so layout need not survive)."""
    return MARKUP_CHARS.sub(" ", LINK_TEXT.sub(r"\1", markdown))


# --- the one e-mail address a page may publish: an organisation's, never a person's --------------

# Domains where anyone gets a personal mailbox: an address there belongs to a person, not to an
# organisation (the Dutch providers' own domains and the big webmail services).
WEBMAIL = frozenset(
    """
gmail.com googlemail.com hotmail.com hotmail.nl outlook.com outlook.nl live.com live.nl msn.com
yahoo.com yahoo.nl ymail.com icloud.com me.com mac.com aol.com gmx.com gmx.net gmx.de mail.com
protonmail.com proton.me pm.me tutanota.com zoho.com yandex.com fastmail.com hey.com
ziggo.nl kpnmail.nl kpnplanet.nl planet.nl home.nl hetnet.nl xs4all.nl quicknet.nl telfort.nl
tele2.nl online.nl zonnet.nl chello.nl casema.nl upcmail.nl caiway.nl solcon.nl kpn.com
""".split()
)
# Words that name a role, a team or a desk: 'wonen.zorg@' is a team, 'jan.jansen@' a person.
ROLE_WORDS = frozenset(
    """
info informatie contact contactpunt vragen vraag post mail secretariaat redactie communicatie pers
klantenservice klant klanten service servicedesk helpdesk balie receptie loket team afdeling bureau
wonen woon woningen zorg welzijn wijk wijken buurt beleid gemeente advies projecten project
housing first opvang bestuur directie office algemeen publiek support aanmelden aanmelding
""".split()
)
INITIALS = re.compile(r"^[a-z]{1,3}\.")  # 'j.jansen', 'jp.de.vries'


def visible_email(value: object) -> object:
    """Before an address's form is checked: no invisible or direction-changing characters (it would
    show as another address), told as such rather than as a wrong form."""
    if isinstance(value, str):
        value = value.strip()
        for found in (_invisible(value, False), _control(value, False)):
            if found is not None:
                raise found
    return value


def contact_email(value: str) -> str:
    """A published contact address (its form checked: EMAIL_ADDRESS): not at a webmail domain, not
    shaped like a person's name."""
    value = value.strip()
    local, _, domain = value.lower().rpartition("@")
    if domain in WEBMAIL:
        raise _fail(
            "persoonsgegevens",
            "'{value}' is een persoonlijk adres bij een e-maildienst ({domain}). Geef een algemeen adres van de "
            "organisatie zelf, bijv. info@ of wonen@ met het domein van de organisatie, of laat het veld leeg.",
            value=value[:80],
            domain=domain,
        )
    parts = [p for p in re.split(r"[._]", local) if p]
    if INITIALS.match(local) or (len(parts) >= 2 and not any(p in ROLE_WORDS for p in parts)):
        raise _fail(
            "persoonsgegevens",
            "'{value}' lijkt het adres van een persoon (voorletters of voor- en achternaam). Geef een algemeen "
            "adres van de organisatie, zoals info@ of wonen@, of laat het veld leeg: namen van personen horen "
            "niet op de site.",
            value=value[:80],
        )
    return value
