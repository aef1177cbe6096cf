"""The JSON export through orjson is byte for byte what `json.dumps(..., ensure_ascii=False, indent=2)`
wrote before it: on the seed pair, on a generated long pair, and on the values orjson writes or refuses
differently (small floats, exponents, lone surrogates, int keys, huge ints), which go to `json`."""

from __future__ import annotations

import json
import sys

import pytest

from cyberread.engine.align.compare import compare_articles
from cyberread.engine.ingest.articles import load_article, parse_text
from cyberread.engine.render.json_report import comparison_to_dict, json_document
from tests.conftest import REPO, seed_path


def _stdlib(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_the_seed_pair_and_a_long_pair_export_the_same_bytes() -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    document = comparison_to_dict(compare_articles(a, b), a, b)
    assert json_document(document) == _stdlib(document)
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from long_pair import generate_pair
    finally:
        sys.path.remove(str(REPO / "bench"))
    text_a, text_b = generate_pair(15_000)
    a, b = parse_text(text_a), parse_text(text_b)
    document = comparison_to_dict(compare_articles(a, b), a, b)
    assert document["matches"], "the long pair should match"
    assert json_document(document) == _stdlib(document)


@pytest.mark.parametrize(
    "value",
    [
        {"coverage": 5e-06, "x": 0.00017},
        [1e16, -2.5e-7, 1e-4, 0.1, 123456.789],
        {"text": "lone \udc80 surrogate"},
        {1: "int key"},
        [2**70],
        {"every": "".join(map(chr, range(0x250))) + "\u2028\u2029\U0001f600\ufeff", "empty": [[], {}]},
    ],
)
def test_values_orjson_writes_differently_are_written_as_json_does(value: object) -> None:
    assert json_document(value) == _stdlib(value)
