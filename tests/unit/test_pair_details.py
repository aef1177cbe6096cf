"""The compare screen's details of a pair (widgets/pair_text.describe_match): what each side alone has,
read the same way on both sides."""

from __future__ import annotations

from rich.text import Text

from cyberread.engine.align.compare import compare_texts
from cyberread.widgets.pair_text import describe_match


def _details(a: str, b: str) -> dict[str, str]:
    comparison = compare_texts(a, b)
    (match,) = comparison.matches
    text = Text()
    describe_match(text, match, a, b)
    labelled = (line.partition(": ") for line in text.plain.strip().split("\n") if line)
    return {label: value for label, _, value in labelled}


def test_a_word_changed_on_one_side_is_not_also_only_in_it() -> None:
    # b puts other words where a has "made a four-point proposal" and adds "senior" where a has none.
    a = "The Chinese diplomat made a four-point proposal regarding international cybersecurity at the meeting."
    b = "The senior Chinese diplomat put forward suggestions regarding international cybersecurity at the meeting."
    details = _details(a, b)
    assert "made" in details["Changed"] and "put forward" in details["Changed"]
    assert "Only in a" not in details  # every word only a has is in "Changed", with what b has instead
    assert details["Only in b"] == "senior"


def test_words_only_one_side_has_are_listed_where_the_diff_has_nothing_to_show() -> None:
    a = "Officials in Geneva said the talks with the union would resume next week after the holiday."
    details = _details(a, a.replace("the talks", "The talks"))
    assert details == {}
