"""The named thresholds of the comparison engine, in one frozen record users may later override."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchSettings:
    """How alike two passages must be, and how the aligner searches. Scores are 0..1."""

    # Weakest IDF-weighted Dice score a finished match may have; below it the passages are unrelated.
    min_score: float = 0.25
    # ... and the fewest distinct terms its two sides must share: two words in common is chance (a
    # telling figure, growing.telling_figure, counts as two).
    min_shared_terms: int = 3
    # Weakest clause pair worth starting a match from (joining neighbours may lift it over min_score).
    seed_score: float = 0.2
    # Joining a neighbouring clause must raise the score by more than this.
    min_gain: float = 0.0
    # An edge piece whose words are less than this share (by weight) found on the other side is cut
    # off the match: "All parties need to show their capabilities" rides along with nothing.
    trim_share: float = 0.1
    # A pair scoring at least this is a copy: copies that follow each other join into one match, and
    # copies are matched even between accounts of different events. (`verbatim` means the same words.)
    verbatim_score: float = 0.8
    # Two stems that differ only in spelling ("fulli"/"full", "ahmadian"/"ahmadiyan") count as one
    # term at this rapidfuzz ratio (0..1), when both are at least `fuzzy_min_length` letters long.
    fuzzy_term_ratio: float = 0.88
    fuzzy_min_length: int = 4
    # Candidate clause pairs kept per clause, from the inverted index of shared terms.
    candidates_per_clause: int = 4
    # ... each sharing at least this many (indexed) terms.
    candidate_shared_terms: int = 2
    # Terms found in more clauses than this share (and more than `common_term_floor` clauses) are
    # too common to look candidates up by; they still count in the scores.
    common_term_share: float = 0.005
    common_term_floor: int = 40
    # ... and terms found in more clauses than this are never looked up, however long the texts: the
    # share alone lets a term's postings grow with the text, and the lookups with its square.
    common_term_ceiling: int = 100
    # Words only one text uses count as the same term when WordNet calls them synonyms (or one
    # relation apart): independent translations rarely pick the same words.
    synonyms: bool = True
    # What lies between two neighbouring matches pairs up when neither side holds more than this
    # many sentences there and their weighted score reaches `gap_score`: the order is the evidence.
    gap_sentences: int = 2
    gap_score: float = 0.1
    # ... and only between two matches at least this strong (weak pairs may be chance).
    gap_anchor_score: float = 0.4
    # Accounts of one event share names and figures; with fewer than this many names, dates and numbers
    # in common the two texts are taken to report different events, and only copies are matched.
    related_anchors: int = 3
