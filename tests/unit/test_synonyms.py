"""WordNet synonyms from the shipped table: reworded pairs relate, opposites and co-hyponyms do not,
inflected and irregular forms find their base, and the table loads once from the package data."""

from __future__ import annotations

import gzip
import threading
from importlib import resources

import pytest

from cyberread.engine.text import synonyms
from cyberread.engine.text.synonyms import concepts, lemmas, related, synsets

# Synonym pairs from translated news accounts that one WordNet hop catches (13 of the 20 studied).
RELATED = [
    ("genuine", "true"),
    ("suggestion", "proposal"),
    ("blaze", "fire"),
    ("said", "stated"),
    ("attack", "strike"),
    ("big", "large"),
    ("begin", "start"),
    ("help", "assist"),
    ("buy", "purchase"),
    ("rise", "increase"),
    ("cut", "reduce"),
    ("children", "kids"),
    ("soldiers", "troops"),
    # News paraphrases.
    ("fight", "clash"),
    ("injured", "wounded"),
    ("protest", "demonstration"),
    ("agreement", "deal"),
    ("talks", "negotiations"),
    ("said", "told"),
    ("global", "international"),
    ("cooperation", "collaboration"),
]

# The other 7 of the 20 are two or more hops apart in WordNet (car -> motor vehicle -> vehicle) or
# not linked at all; recorded so that a better table shows up as a failing xfail.
UNREACHED = [
    ("disagreement", "argument"),
    ("grew", "escalated"),
    ("fistfight", "altercation"),
    ("clarify", "identify"),
    ("killed", "dead"),
    ("car", "vehicle"),
    ("meeting", "talks"),
]

# Antonyms, co-hyponyms and neighbours in a story: never the same thing said twice.
UNRELATED = [
    ("rise", "fall"),
    ("increase", "decrease"),
    ("north", "south"),
    ("fire", "water"),
    ("city", "village"),
    ("army", "navy"),
    ("buy", "sell"),
    ("president", "minister"),
    ("car", "train"),
    ("attack", "defend"),
    ("win", "lose"),
    ("true", "false"),
    ("big", "small"),
    ("children", "parents"),
    ("killed", "born"),
    ("killed", "injured"),
    ("begin", "end"),
    ("said", "denied"),
    ("soldiers", "civilians"),
    ("won", "lost"),
    ("morning", "evening"),
    ("hospital", "school"),
]


@pytest.mark.parametrize(("x", "y"), RELATED)
def test_reworded_pairs_relate(x: str, y: str) -> None:
    assert related(x, y)
    assert related(y, x)


@pytest.mark.parametrize(("x", "y"), UNREACHED)
@pytest.mark.xfail(reason="more than one WordNet hop apart", strict=True)
def test_pairs_beyond_one_hop(x: str, y: str) -> None:
    assert related(x, y)


@pytest.mark.parametrize(("x", "y"), UNRELATED)
def test_opposites_and_co_hyponyms_do_not_relate(x: str, y: str) -> None:
    assert not related(x, y)
    assert not related(y, x)


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("grew", "grow"),
        ("children", "child"),
        ("countries", "country"),
        ("talks", "talk"),
        ("said", "say"),
        ("escalated", "escalate"),
        ("fought", "fight"),
        ("went", "go"),
        ("people", "person"),
        ("women", "woman"),
        ("crises", "crisis"),
        ("criteria", "criterion"),
        ("media", "medium"),
        ("lives", "life"),
        ("taxes", "tax"),
        ("churches", "church"),
        ("making", "make"),
        ("hoped", "hope"),
        ("stopped", "stop"),
        ("running", "run"),
        ("larger", "large"),
        ("bigger", "big"),
    ],
)
def test_lemmas_find_base_forms(word: str, base: str) -> None:
    assert base in lemmas(word)


class _EveryEnd:
    def __contains__(self, letter: object) -> bool:
        return True


def test_a_word_no_suffix_ends_like_has_the_lemmas_trying_every_rule_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Words whose last letter ends no rule's suffix skip the rules: they find what trying them finds."""
    table = synonyms._load()
    words = sorted(table.lemma)[::7]
    words += [w + ending for w in words[::5] for ending in ("s", "es", "ed", "ing", "er", "est", "men", "9", "x", "ly")]
    words += ["blinken99347", "wang10234", "a", "", "é", "naïve"]
    quick = [lemmas.__wrapped__(w) for w in words]
    monkeypatch.setattr(synonyms, "_SUFFIX_ENDS", _EveryEnd())
    assert quick == [lemmas.__wrapped__(w) for w in words]


def test_a_word_said_to_have_no_synsets_has_none() -> None:
    """may_have_synsets rules words out before the lookups: only words whose synsets and concepts
    are empty."""
    table = synonyms._load()
    words = sorted(table.lemma)[::11]
    words += [w + ending for w in words[::5] for ending in ("s", "ed", "ing", "er", "men", "9", "x", "a", "ly")]
    words += list(synonyms._IRREGULAR) + ["blinken99347", "wang10234", "bababa", "a", "", "é", "1000th", "3d"]
    ruled_out = [w for w in words if not synonyms.may_have_synsets(w)]
    assert len(ruled_out) > len(words) // 10  # the check rules out some: the codes, the made-up words
    assert "blinken99347" in ruled_out
    assert [w for w in ruled_out if synsets(w) or concepts(w)] == []


def test_lemmas_keep_only_known_forms() -> None:
    assert lemmas("xyzzyqux") == ()
    assert lemmas("cybersecurity") == ()
    assert "the" not in lemmas("the")
    # "bus" is a noun; "bu" is not a WordNet word, so the s-rule does not invent it.
    assert lemmas("bus") == ("bus",)


def test_unknown_and_function_words_relate_to_nothing() -> None:
    assert synsets("cybersecurity") == frozenset()
    assert concepts("cybersecurity") == frozenset()
    assert not related("cybersecurity", "security")
    for word in ("the", "it", "will", "us", "a"):
        assert synsets(word) == frozenset()
        assert not related(word, word)


def test_identical_known_words_relate() -> None:
    assert related("fire", "fire")


def test_concepts_include_own_synsets_and_one_hop() -> None:
    own = synsets("blaze")
    assert own
    assert own <= concepts("blaze")
    assert concepts("blaze") & synsets("fire")


def test_light_verbs_are_not_expanded() -> None:
    assert concepts("make") == synsets("make")
    assert concepts("said") == synsets("said")


def test_hubs_are_not_gone_through(monkeypatch: pytest.MonkeyPatch) -> None:
    table = synonyms._load()
    # "act" (the noun) names a hub: hundreds of hyponyms, none of which it reaches.
    assert max(table.degree(s) for s in synsets("act")) > synonyms.HUB_CAP
    assert not related("act", "hunt")
    concepts.cache_clear()
    monkeypatch.setattr(synonyms, "HUB_CAP", 0)
    try:
        assert concepts("blaze") == synsets("blaze")
    finally:
        concepts.cache_clear()


def test_table_is_package_data_and_loads_once() -> None:
    data = resources.files("cyberread.engine.text") / "data"
    assert (data / "wordnet.tsv.gz").is_file()
    assert "Princeton University" in (data / "WORDNET_LICENSE.txt").read_text(encoding="utf-8")
    tables: list[object] = []
    threads = [threading.Thread(target=lambda: tables.append(synonyms._load())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(t) for t in tables}) == 1


def test_the_table_reads_as_its_lines_say() -> None:
    """The lemma lines are read in one piece: the same lemmas and ids as a split a line."""
    text = gzip.decompress(resources.files("cyberread.engine.text").joinpath(*synonyms._TABLE).read_bytes()).decode()
    lines = text.split("\n")
    count = int(lines[0].split("\t")[2])
    table = synonyms._Table(text)
    assert table.near == lines[1 : count + 1]
    assert table.lemma == dict(line.split("\t", 1) for line in lines[count + 1 :] if line)
    assert [table.degree(s) for s in range(count)] == [raw.count(",") + 1 if raw else 0 for raw in table.near]
    with pytest.raises(ValueError, match="not one lemma and its ids"):
        synonyms._Table("\n".join([*lines[: count + 1], "act\t1", "orphan", "cat\t2"]))
