"""Punkt with stdlib regular expressions (engine/text/punkt.py) cuts exactly where stock nltk Punkt does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from cyberread.engine.text.sentences import _sentence_tokenizer, _starts_after
from cyberread.engine.text.wordlists import ABBREVIATIONS

ROOT = Path(__file__).resolve().parents[2]


def _stock() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


# Run in a fresh interpreter: what it imports, and what sys.modules holds after.
_ALONE = """
import importlib.abc, sys
imported = []
class Recorder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        imported.append(name)
sys.meta_path.insert(0, Recorder())
from cyberread.engine.text.sentences import sentences
assert sentences("Mr. Smith came. He left.") == [(0, 15), (16, 24)]
assert "nltk.tokenize.punkt" in imported and "nltk.corpus" not in imported, imported
assert not [name for name in sys.modules if name.split(".")[0] == "nltk"], "nltk left in sys.modules"
import nltk
assert nltk.word_tokenize and nltk.probability.FreqDist and nltk.tokenize.punkt.PunktSentenceTokenizer
"""


# An nltk whose Punkt needs more of its package than the stand-ins have is imported whole.
_WHOLE = """
import importlib.abc, sys
class Picky(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "nltk.probability" and not hasattr(sys.modules["nltk"], "__version__"):
            raise ImportError("needs the whole package")
sys.meta_path.insert(0, Picky())
from cyberread.engine.text.sentences import sentences
assert sentences("Mr. Smith came. He left.") == [(0, 15), (16, 24)]
assert hasattr(sys.modules["nltk"], "__version__")
"""


def test_punkt_is_imported_without_the_rest_of_nltk() -> None:
    subprocess.run([sys.executable, "-c", _ALONE], check=True, capture_output=True, text=True)


def test_punkt_needing_more_of_nltk_is_imported_with_all_of_it() -> None:
    subprocess.run([sys.executable, "-c", _WHOLE], check=True, capture_output=True, text=True)


def _texts() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "eval").glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def test_same_sentences_as_stock_punkt_on_real_text() -> None:
    stock, ours = _stock(), _sentence_tokenizer()
    lines = [line for text in _texts() for line in text.splitlines() if line.strip()]
    assert len(lines) > 200
    for line in lines:
        assert list(ours.span_tokenize(line)) == list(stock.span_tokenize(line)), line


_PIECES = st.sampled_from(
    [
        "Mr.",
        "U.S.",
        "Dr.",
        "No.",
        "5.",
        "3.5",
        "...",
        "a.",
        "J.",
        "said.",
        "He",
        "she",
        "The",
        "“Yes.”",
        '"No!"',
        "(sic.)",
        "Why?",
        "end.",
        "etc.",
        "--",
        "—",
        "e.g.",
        "Jan.",
        "1990.",
        "wow!?",
        "’",
        "'",
    ]
)


# Cleaned bodies hold no control characters (engine/ingest/clean.py): `re` and `regex` disagree on
# whether U+001C..U+001F are white space.
_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(_CHARACTERS, min_size=1, max_size=6)), max_size=40))
def test_same_sentences_as_stock_punkt_on_generated_text(words: list[str]) -> None:
    line = " ".join(words)
    assert list(_sentence_tokenizer().span_tokenize(line)) == list(_stock().span_tokenize(line))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(_CHARACTERS, min_size=1, max_size=6)), max_size=12))
def test_a_line_without_a_possible_end_is_one_sentence_as_punkt_says(words: list[str]) -> None:
    line = " ".join(words)
    assert [0, *_starts_after(line, 0, len(line))] == [0] + [s for s, _ in _stock().span_tokenize(line) if s > 0]


def test_punkt_judges_each_possible_end_context_once() -> None:
    # A storm of abbreviations repeats eight contexts 12,500 times: Punkt is asked about each once.
    storm = "Mr. Dr. U.S. e.g. Gen. St. Jan. No. " * 12_500
    asked: list[str] = []
    original = PunktSentenceTokenizer.text_contains_sentbreak

    def counting(self: PunktSentenceTokenizer, text: str) -> bool:
        asked.append(text)
        return bool(original(self, text))

    ours = _sentence_tokenizer()
    ours._verdicts.clear()
    with mock.patch.object(PunktSentenceTokenizer, "text_contains_sentbreak", counting):
        found = list(ours.span_tokenize(storm))
    assert len(asked) == len(set(asked)) <= 16
    assert found == list(_stock().span_tokenize(storm))
