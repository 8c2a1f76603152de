"""The postings reader: the one place that reads whoosh's on-disk posting blocks directly.

whoosh's public matcher interface (`reader.postings(field, term)`, then `id()`, `weight()`,
`next()` per posting) costs a few Python calls per posting; the engine reads every posting
of every query term, so it takes a whole block of document numbers and weights at once,
as whoosh's own block-quality methods do. That uses whoosh internals (`W3LeafMatcher`'s
`_read_ids`, `_read_weights`, `_next_block`, `_ids`, `_weights`, `_i`); they are named
here and nowhere else, checked when the reader is made, and an index the fast path cannot
read (a segment with deleted documents, postings in another format) is refused with a
clear error instead of being read slowly without anyone noticing.

An index of several segments (written in more than one commit) is read segment by
segment, each through the fast path, with the segment's first document number added.
`tests/test_search.py` checks that this gives exactly what whoosh's public interface
gives, for every term of the real index and for an index of two segments.
"""

from __future__ import annotations

import whoosh
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher

# The whoosh versions whose internals this module was checked against (the test that compares
# the fast path with whoosh's public interface passes on them). After an upgrade: run that test,
# then add the version.
CHECKED_VERSIONS = {(2, 7, 5)}
BLOCK_METHODS = ("_read_ids", "_read_weights", "_next_block", "is_active")  # W3LeafMatcher's methods read here
BLOCK_STATE = ("_i", "_ids", "_weights")  # and the attributes those methods fill


class PostingsFormatError(RuntimeError):
    """whoosh's internals are not what this module reads: an upgrade changed them, or the index
    is one the fast path cannot read."""


def check_whoosh() -> None:
    """Raise PostingsFormatError unless the installed whoosh is one whose internals this module knows."""
    version = tuple(whoosh.__version__)
    if version not in CHECKED_VERSIONS:
        raise PostingsFormatError(
            f"whoosh {'.'.join(map(str, version))} is geïnstalleerd, maar de postingslezer "
            f"(generator/search/postings.py) is alleen gecontroleerd met whoosh "
            f"{', '.join('.'.join(map(str, v)) for v in sorted(CHECKED_VERSIONS))}. Installeer de versie uit "
            f"requirements-test.txt (python3 dev.py test), of draai tests/test_search.py -k postings en zet de versie "
            f"in CHECKED_VERSIONS als die slaagt.")
    missing = [a for a in BLOCK_METHODS if not callable(getattr(W3LeafMatcher, a, None))]
    if missing:
        raise PostingsFormatError(f"whoosh's W3LeafMatcher mist {', '.join(missing)}: pas de postingslezer "
                                  f"(generator/search/postings.py) aan deze whoosh-versie aan.")


def read_block_matcher(m) -> tuple[list[int], list[float]]:
    """Document numbers and weights of one segment's posting list, a block at a time."""
    ids: list[int] = []
    weights: list[float] = []
    if type(m) is ListMatcher:  # postings inlined in the term info (whoosh does so below its inline limit): in memory
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        return ids, weights
    if type(m) is not W3LeafMatcher:
        raise PostingsFormatError(
            f"de postingslezer leest whoosh's W3LeafMatcher, geen {type(m).__name__}: deze zoekindex is in een "
            f"ander formaat geschreven. Bouw de index opnieuw met: kennisbank build")
    missing = [a for a in BLOCK_STATE if not hasattr(m, a)]
    if missing:
        raise PostingsFormatError(f"whoosh's W3LeafMatcher heeft geen {', '.join(missing)} meer: pas de postingslezer "
                                  f"(generator/search/postings.py) aan deze whoosh-versie aan.")
    while m.is_active():
        if m._i != 0:
            raise PostingsFormatError("de postingslezer vond een half gelezen blok: whoosh's W3LeafMatcher is "
                                      "veranderd; pas generator/search/postings.py aan.")
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        m._next_block()
    return ids, weights


class PostingsReader:
    """Reads a term's postings in a field from a whoosh reader (one segment or several)."""

    def __init__(self, reader):
        check_whoosh()
        self._leaves = [(leaf, base) for leaf, base in reader.leaf_readers()]
        for leaf, _base in self._leaves:
            if leaf.has_deletions():
                raise PostingsFormatError("de zoekindex bevat verwijderde documenten, die de postingslezer niet "
                                          "overslaat. Bouw de index opnieuw met: kennisbank build")

    @property
    def segments(self) -> int:
        return len(self._leaves)

    def read(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """The documents (ascending) with `term` in `field`, and the term's weight (frequency) in each."""
        if len(self._leaves) == 1:
            leaf, _base = self._leaves[0]
            if (field, term) not in leaf:
                return [], []
            return read_block_matcher(leaf.postings(field, term))
        ids: list[int] = []
        weights: list[float] = []
        for leaf, base in self._leaves:
            if (field, term) in leaf:
                seg_ids, seg_weights = read_block_matcher(leaf.postings(field, term))
                ids.extend(d + base for d in seg_ids)
                weights.extend(seg_weights)
        return ids, weights
