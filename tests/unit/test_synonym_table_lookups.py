"""The synonym table's lemmas looked up where they lie in its sorted lines, and each synset's degree
counted when asked: the same answers as the dict of every lemma and the list of every degree that the
table was parsed into before (the old parser is kept here as the reference)."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.text import synonyms

TEXT = gzip.decompress(resources.files("cyberread.engine.text").joinpath(*synonyms._TABLE).read_bytes()).decode()


class ParsedTable:
    """The table as _Table parsed it before: every lemma in a dict, every synset's degree in a list."""

    def __init__(self, text: str) -> None:
        head = text[: text.find("\n")].split("\t")
        count = int(head[2])
        lines = text.split("\n", count + 1)
        self.near: list[str] = lines[1 : count + 1]
        rows = lines[count + 1].rstrip("\n") if len(lines) > count + 1 else ""
        fields = rows.replace("\n", "\t").split("\t") if rows else []
        if len(fields) != 2 * (rows.count("\n") + 1 if rows else 0):
            raise ValueError("not a cyberread WordNet table: a lemma line is not one lemma and its ids")
        self.lemma: dict[str, str] = dict(zip(fields[::2], fields[1::2], strict=True))
        self.degree = [raw.count(",") + 1 if raw else 0 for raw in self.near]


PARSED = ParsedTable(TEXT)
TABLE = synonyms._Table(TEXT)
TABLE.lemma.BISECTED = 10**9  # type: ignore[attr-defined]  # every lookup bisects
LEMMAS = list(PARSED.lemma)
# Around each tenth lemma: the words just before and after it in the order of the lines, and its forms.
NEAR_MISSES = [
    variant
    for lemma in LEMMAS[::10]
    for variant in (lemma[:-1], lemma + "a", lemma + "s", lemma + "\t", lemma[:-1] + chr(ord(lemma[-1]) + 1))
]
EDGES = ["", "\n", "\t", "a", "aa", "zzzzzz", "\uffff", "-", "0", " ", LEMMAS[0], LEMMAS[-1], LEMMAS[0][:-1] or "!"]


def test_the_lemma_lines_are_sorted_as_bisection_needs() -> None:
    assert sorted(LEMMAS) == LEMMAS


def test_every_lemma_and_its_near_misses_are_found_as_the_dict_finds_them() -> None:
    table = TABLE
    for word in [*LEMMAS, *NEAR_MISSES, *EDGES]:
        assert table.lemma._bisected(word) == PARSED.lemma.get(word), word  # type: ignore[attr-defined]


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.sampled_from(LEMMAS), st.text(alphabet="abcdeilmnorstuyz-'é.", max_size=12)))
def test_any_word_is_looked_up_as_the_dict_looks_it_up(word: str) -> None:
    table = TABLE
    assert table.lemma.get(word) == PARSED.lemma.get(word)
    assert table.lemma.get(word, "none") == PARSED.lemma.get(word, "none")
    assert (word in table.lemma) == (word in PARSED.lemma)
    assert table.ids(word) == (tuple(map(int, PARSED.lemma[word].split(","))) if word in PARSED.lemma else ())


def test_past_the_bisected_lookups_the_dict_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synonyms._Lemmas, "BISECTED", 5)
    table = synonyms._Table(TEXT)
    words = [*LEMMAS[::97], *NEAR_MISSES[::13], *EDGES]
    assert [table.lemma.get(word) for word in words] == [PARSED.lemma.get(word) for word in words]
    assert table.lemma._all is not None  # type: ignore[attr-defined]
    assert dict(table.lemma) == PARSED.lemma and len(table.lemma) == len(PARSED.lemma)


def test_every_degree_is_the_one_the_list_held() -> None:
    table = TABLE
    assert [table.degree(synset) for synset in range(len(PARSED.near))] == PARSED.degree


def test_a_small_table_and_an_empty_one_read_the_same() -> None:
    head = "#cyberread-wordnet\t1\t2\tn:0,v:1,a:2,r:2"
    for rows in ("", "ant\t0\nbee\t1,0\ncat\t\n", "only\t1\n"):
        text = f"{head}\n1\n0\n{rows}"
        table, parsed = synonyms._Table(text), ParsedTable(text)
        for word in ("", "ant", "bee", "cat", "only", "b", "zebra"):
            assert table.lemma.get(word) == parsed.lemma.get(word)
            assert (word in table.lemma) == (word in parsed.lemma)
        assert dict(table.lemma) == parsed.lemma
