"""Query understanding, shared by both search engines.

The whoosh API (`whoosh_engine.py`) and the static site's search (`zoekmachine.js`, fed by
`static.py`) turn a practitioner's question into the same plan with the rules here:

1. Lower-case, fold accents (skæve = skaeve, cliënten = clienten), split into words
   (codes such as `30-30-30` and `wonen+` stay one word; the index also holds the parts of
   a word with hyphens, so "Schieringen" finds Heechterp-Schieringen).
2. A letter typed three times counts twice (maaat = maat). Drop Dutch stop words and the
   words of a question ("hoe", "wat kun je doen", "how", "what"): they say nothing about the
   subject (a query of question words alone, "zoeken", keeps them). Words have two letters,
   or are one digit ("aanbeveling 3").
3. A name with a symbol typed apart or spelled out is joined again when the index knows it:
   "wonen +", "wonen plus", "wonen-plus" = Wonen+ (`join_symbols`).
4. Stem every word with Snowball's Dutch stemmer (the index is stemmed the same way).
5. English words a foreign researcher types for a Dutch concept ("right to buy", "urban
   regeneration", site_config/search.yaml) are one entry of the plan: the English words and
   the Dutch words for the concept (`concept_spans`, table from `config.concept_table`).
6. Per other word, the alternatives that match it:
   - the word itself, in every field;
   - a word with hyphens the index does not know is searched by its parts (30-30-30);
   - a word the index does not know may be a Dutch compound: split it into two parts
     the index does know (probleemhuurders = probleem + huurders, with a linking -s-,
     -e- or -en- allowed) and search the parts as words of their own;
   - a compound the index does know also finds its parts, at a lower weight
     (daklozenopvang finds pages on opvang for daklozen);
   - otherwise it may be a typo: the words of the short fields that share its first two
     letters and a one-letter deletion with it (symmetric delete: wbmpg -> wbmgp);
   - the last word may be unfinished: names that start with it.
7. A word that names a city favours the pages with that word in their title (the city's
   page and its practices): "Nijmegen huur naar inkomen" wants Nijmegen's practice first.
8. A long query is a description of a situation: from LONG_FROM words on, the type prior
   gives way to the description prior (ranking.py), and in the share of the query a page
   answers, a rare word counts more than a common one.

The numbers the engines need (stop words, question words, weights) are exported to the
static search from here, so the browser never keeps a copy of its own.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable

from whoosh.lang import stemmer_for_language, stopwords_for_language

from generator.content.text import FOLD, fold  # the one folding table (also used for slugs)

TOKEN = re.compile(r"\w+(?:[-+]\w+)*\+?")
QUERY_TOKEN = re.compile(TOKEN.pattern + r"|\+")  # a query also keeps a plus typed apart ("wonen +")
STOPWORDS = frozenset(stopwords_for_language("nl"))
# Words of a question or request that carry no subject (Dutch and English); dropped from
# queries only, never from the index.
QUESTION_WORDS = frozenset(
    """
    waarom welke welk wanneer waar waarmee waardoor hoeveel kun kunt jij jullie we wij
    doe doen moeten moet mag mogen gaan ga krijg krijgen zoek zoeken manier manieren tips tip
    voorbeeld voorbeelden informatie info vraag vragen iets er bestaat bestaan ervaring ervaringen
    how what why which who where when does do can could should would is are was were the a an
    of for and to with on about against in at by from or it its that this there be any
    i we you my our your me us example examples
""".split()
)
MAX_TOKENS = 24
MIN_PART = 3  # a compound part has at least this many letters
MIN_COMPOUND = 7
LINKS = ("s", "e", "en")  # linking sounds between the parts of a Dutch compound
TYPO_MIN = 4  # words shorter than this are not corrected
MAX_CORRECTIONS = 4
COORD_POWER = 2  # a document's score times (share of the query's words it matches) ** this
RARE_WORDS_COUNT = True  # in that share a rare word counts more than a common one
PART_WEIGHT = 0.4  # a part of a known compound counts this much
CONCEPT_WEIGHT = 1.0  # a Dutch word of an English concept in the query counts this much
LONG_FROM = 3  # from this many subject words on a query is a description: the type prior weakens
LONG_SPAN = 3  # ... and is gone this many words later
PLACE_BOOST = 1.6  # pages with a city named in the query in their title
PREFIX_MIN = 3  # the last word is completed from this many letters on
MAX_PREFIX_TERMS = 200


_STEMMER = stemmer_for_language("nl")


@functools.lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    return _STEMMER(word)


def words(text: str) -> list[str]:
    """The folded words of a text, as the index's tokenizer splits them."""
    return [w if w.isascii() else fold(w) for w in TOKEN.findall(text.lower())]


DIGITS = "0123456789"


def is_word(w: str) -> bool:
    """Long enough to be searched: two letters, or one digit (aanbeveling 3)."""
    return len(w) >= 2 or (len(w) == 1 and w in DIGITS)


def hyphen_parts(word: str) -> list[str]:
    """The parts of a word with hyphens, each once (heechterp-schieringen -> heechterp,
    schieringen; 30-30-30 -> 30): the index holds them beside the whole word."""
    if "-" not in word:
        return []
    return [p for p in dict.fromkeys(word.strip("+").split("-")) if p and p != word]


def word_terms(word: str) -> list[str]:
    """The index terms of one folded word: the word and, for a hyphenated word, its parts, each
    long enough, no stop word, stemmed. The one analysis: `analyse`, the related entries
    (`site/related.py`) and whoosh's filter chain (`whoosh_engine.analyzer()`) all come down to
    this, and `zoekmachine.js` is fed its tables (`exported_constants`)."""
    return [stem(w) for w in (word, *hyphen_parts(word)) if is_word(w) and w not in STOPWORDS]


def analyse(text: str) -> list[str]:
    """Index analysis of a text: its words' terms in order (equal to whoosh_engine.analyzer())."""
    return [t for word in words(text) for t in word_terms(word)]


def term_counts(text: str) -> dict[str, int]:
    """How often each index term occurs in a text: `analyse` counted, each distinct word
    analysed once (fast enough for every page at build time)."""
    counts: dict[str, int] = {}
    for word, n in Counter(words(text)).items():
        for term in word_terms(word):
            counts[term] = counts.get(term, 0) + n
    return counts


HELD_KEY = re.compile(r"(.)\1{2,}")


def query_words(text: str) -> list[str]:
    """The folded words of a query that carry its subject, at most MAX_TOKENS. A letter typed
    three times or more counts twice (a key held down: maaat -> maat; Dutch writes no three).
    A plus typed apart stays, as "+", for `join_symbols`. A query of question words alone
    ("zoeken", "informatie") is searched by those words."""
    out = [HELD_KEY.sub(r"\1\1", w if w.isascii() else fold(w)) for w in QUERY_TOKEN.findall(text.lower())]
    words_ = [w for w in out if w == "+" or (is_word(w) and w not in STOPWORDS)]
    subject = [w for w in words_ if w not in QUESTION_WORDS]
    if not [w for w in subject if w != "+"]:  # only question words ("zoeken"): they are the subject
        subject = words_
    return subject[:MAX_TOKENS]


SPELLED = {"plus": "+"}  # a symbol of a name, spelled out


def join_symbols(words: list[str], known: Callable[[str], bool]) -> list[str]:
    """A name with a symbol (Wonen+) typed apart ("wonen +") or spelled out ("wonen plus",
    "wonen-plus") is joined again when the index knows the joined word; a plus that joins
    nothing is dropped."""
    out, i = [], 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w != "+" and SPELLED.get(nxt, nxt) == "+" and known(stem(w + "+")):
            out.append(w + "+")
            i += 2
            continue
        head, _, tail = w.rpartition("-")
        if head and SPELLED.get(tail) == "+" and known(stem(head + "+")):
            out.append(head + "+")
        elif w != "+":
            out.append(w)
        i += 1
    return out


def concept_spans(stems: list[str], table: dict[str, list[str]]) -> dict[int, tuple[int, str]]:
    """Where the query names an English concept of `table` (config.concept_table): start ->
    (end, key), the longest phrase first, left to right, never overlapping."""
    longest = max((k.count(" ") + 1 for k in table), default=0)
    spans, i = {}, 0
    while i < len(stems):
        for n in range(min(longest, len(stems) - i), 0, -1):
            key = " ".join(stems[i : i + n])
            if key in table:
                spans[i] = (i + n, key)
                i += n
                break
        else:
            i += 1
    return spans


def split_code(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """The known parts of a word joined by hyphens that the index does not know as a whole
    (30-30-30 where the text has 30/30/30, sociaal-fysiek), or None."""
    if "-" not in word:
        return None
    parts = [stem(p) for p in word.strip("+").split("-") if p and p not in STOPWORDS]
    parts = [p for p in dict.fromkeys(parts) if known(p)]
    return parts or None


def split_compound(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """Two stems the index knows that together make `word` (a folded, unstemmed word), or None.

    `known(stem)` says whether the index has the stem. Of all splits the most balanced wins
    (the longest shorter part), then the longer first part; a linking -s-, -e- or -en-
    between the parts is allowed (verkeersveiligheid, daklozenopvang)."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    best = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:i], word[i:]
        if right in STOPWORDS:
            continue
        right_stem = stem(right)
        if not known(right_stem):
            continue
        for first in (left, *(left[: -len(link)] for link in LINKS if left.endswith(link))):
            if len(first) < MIN_PART or first in STOPWORDS:
                continue
            first_stem = stem(first)
            if known(first_stem):
                rank = (min(len(first), len(right)), len(first))
                if best is None or rank > best[0]:
                    best = (rank, [first_stem, right_stem])
                break
    return best[1] if best else None


def deletes(word: str) -> set[str]:
    """The word and every form of it with one letter left out."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def near(token: str, candidates: Iterable[str]) -> list[str]:
    """Corrections for a token from `candidates` (words of the short fields): same first two
    letters, sharing a one-letter deletion (a typo within one edit or one swap), closest
    length first, at most MAX_CORRECTIONS."""
    if len(token) < TYPO_MIN:
        return []
    mine = deletes(token)
    found = [
        w
        for w in candidates
        if w != token
        and len(w) >= TYPO_MIN
        and w[:2] == token[:2]
        and abs(len(w) - len(token)) <= 1
        and not mine.isdisjoint(deletes(w))
    ]
    return sorted(found, key=lambda w: (abs(len(w) - len(token)), w))[:MAX_CORRECTIONS]


def distance(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, substitutions and swaps of neighbours."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """For 'bedoelde je …': the candidate within two edits of the word (same first two
    letters), fewest edits first, then closest length, then alphabetical."""
    if len(word) < TYPO_MIN:
        return None
    scored = []
    for w in candidates:
        if w != word and len(w) >= TYPO_MIN and w[:2] == word[:2] and abs(len(w) - len(word)) <= 2:
            d = distance(word, w)
            if d <= 2:
                scored.append((d, abs(len(w) - len(word)), w))
    return min(scored)[2] if scored else None


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """For every stem, the word as it is most often written (for 'bedoelde je …')."""
    from collections import Counter

    seen: dict[str, Counter] = {}
    for text in texts:
        for w in words(text):
            if len(w) >= 2 and w not in STOPWORDS:
                seen.setdefault(stem(w), Counter())[w] += 1
    out = {}
    for st, counts in seen.items():
        best = min(counts.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        if best != st:
            out[st] = best
    return out


def shard_key(term: str) -> str:
    """The file a term's entry lives in, in the static index: its first two characters,
    anything but a-z and 0-9 written as its code point."""
    return "".join(ch if ("a" <= ch <= "z" or "0" <= ch <= "9") else f"_{ord(ch):x}" for ch in term[:2])


def name_shard(key: str, shards: int) -> int:
    """The file an exact name lives in, in the static index: FNV-1a of its UTF-8 bytes, so names
    spread evenly whatever words they share."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def exported_constants() -> dict[str, object]:
    """What the static search needs from this module (and nothing it keeps itself)."""
    return {
        "fold": FOLD,
        "stopwords": sorted(STOPWORDS),
        "question_words": sorted(QUESTION_WORDS),
        "max_tokens": MAX_TOKENS,
        "min_part": MIN_PART,
        "min_compound": MIN_COMPOUND,
        "links": list(LINKS),
        "typo_min": TYPO_MIN,
        "max_corrections": MAX_CORRECTIONS,
        "prefix_min": PREFIX_MIN,
        "max_prefix_terms": MAX_PREFIX_TERMS,
        "place_boost": PLACE_BOOST,
        "part_weight": PART_WEIGHT,
        "coord_power": COORD_POWER,
        "concept_weight": CONCEPT_WEIGHT,
        "long_from": LONG_FROM,
        "long_span": LONG_SPAN,
        "rare_words_count": RARE_WORDS_COUNT,
        "spelled": SPELLED,
    }
