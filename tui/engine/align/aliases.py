"""Terms of one text that count as another's: spelling variants ("Zelenskyy" / "Zelensky") found by
edit distance, and WordNet synonyms, each mapped to one shared term so that two accounts' bags meet
(matching.prepare asks, with the terms only one side has)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet

from rapidfuzz import fuzz, process

from ..text.words import KEPT_APART
from .settings import MatchSettings

# Spelling variants are a few words of a real pair's vocabulary; a bucket of thousands of terms on
# each side sharing two letters holds codes or ids ("wang10234", "wang10235", ...), and comparing
# every pair of them took 40 s. Such a bucket (its pair count is the same from either side) is skipped.
FUZZY_BUCKET_PAIRS = 250_000


def fuzzy_aliases(only_a: set[str], only_b: set[str], settings: MatchSettings) -> dict[str, str]:
    """Spelling variants across the two texts ("fulli"/"full"), each mapped to one shared name.

    Pairs come from rapidfuzz's best match in both directions, so the result does not depend on
    which text is called a. Candidates share their first two letters: cheap, and transliterations
    rarely differ there.
    """

    def buckets(terms: set[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for term in sorted(terms):
            if len(term) >= settings.fuzzy_min_length and term[0].isalpha():
                out[term[:2]].append(term)
        return out

    cutoff = settings.fuzzy_term_ratio * 100
    pairs = set()
    a_buckets, b_buckets = buckets(only_a), buckets(only_b)
    for mine, theirs in ((a_buckets, b_buckets), (b_buckets, a_buckets)):
        for key, terms in mine.items():
            choices = theirs.get(key)
            if not choices or len(terms) * len(choices) > FUZZY_BUCKET_PAIRS:
                continue
            for term in terms:
                best = process.extractOne(term, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
                if best:
                    pairs.add(tuple(sorted((term, best[0]))))
    return {term: f"{low}|{high}" for low, high in sorted(pairs) for term in (low, high)}


def surfaces_by_term(cache: dict[str, tuple[str, ...]], wanted: AbstractSet[str]) -> dict[str, set[str]]:
    """The surfaces (case-folded) of each of the `wanted` terms, less those WordNet cannot know: the
    synonym lookup asks only for the terms one text alone uses, a few hundred where a text of new
    words has 100,000 surfaces, and not for codes and made-up names (0.2 s of lookups for 60,000)."""
    from ..text.synonyms import may_have_synsets

    out: dict[str, set[str]] = defaultdict(set)
    if not wanted:
        # Two texts that use the same terms (shifted sentence ends, 100,000 words a side): a step for
        # each of the cache's 133,000 surfaces took 0.025 s, to find none of them wanted.
        return out
    for surface, terms in cache.items():
        if len(terms) == 1 and terms[0] in wanted:
            folded = surface.casefold()
            if may_have_synsets(folded):
                out[terms[0]].add(folded)
    return out


# A synonym cluster larger than this has chained through loosely related words: it is not kept.
_MAX_SYNONYM_CLUSTER = 4


def synonym_aliases(only_a: set[str], only_b: set[str], surfaces: dict[str, set[str]]) -> dict[str, str]:
    """Terms of one text that are WordNet synonyms (or one relation apart) of terms only the other
    text uses, each mapped to one shared name: translators write "argument" for "disagreement",
    "troops" for "soldiers". The pairing looks up both directions, so it does not depend on which
    text is a."""
    from ..text.synonyms import concepts, synsets

    def index(terms: set[str]) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
        own: dict[int, set[str]] = defaultdict(set)
        near: dict[int, set[str]] = defaultdict(set)
        for term in terms:
            for word in surfaces.get(term, ()):
                for s in synsets(word):
                    own[s].add(term)
                for c in concepts(word):
                    near[c].add(term)
        return own, near

    own_a, near_a = index(only_a)
    own_b, near_b = index(only_b)
    pairs: set[tuple[str, str]] = set()
    for own, near in ((own_a, near_b), (own_b, near_a)):
        for synset, terms in own.items():
            for x in terms:
                for y in near.get(synset, ()):
                    pairs.add((min(x, y), max(x, y)))
    parent: dict[str, str] = {}

    def root(term: str) -> str:
        while parent.get(term, term) != term:
            term = parent[term]
        return term

    for x, y in sorted(pairs):
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    clusters: dict[str, list[str]] = defaultdict(list)
    for term in {t for pair in pairs for t in pair}:
        clusters[root(term)].append(term)
    for root_term, members in list(clusters.items()):
        # Words kept apart ("developed", "developing") stay apart, however WordNet relates them: out of
        # a cluster that would join them, each keeps its own key.
        if len(KEPT_APART.intersection(members)) > 1:
            clusters[root_term] = [term for term in members if term not in KEPT_APART]
    return {
        term: "≈" + "|".join(sorted(members))
        for members in clusters.values()
        if len(members) <= _MAX_SYNONYM_CLUSTER
        for term in members
    }


def aliased(terms: set[str], aliases: dict[str, str]) -> set[str]:
    """The terms with aliased ones under their shared name."""
    if aliases.keys().isdisjoint(terms):
        return terms
    return {aliases.get(t, t) for t in terms}
