"""Whether the other account gives a name: the name is in its body, each of its words starting a word
there, case aside; asked once a name however many left-out passages carry it."""

from __future__ import annotations

from cyberread.engine.align.name_index import OtherAccount


def test_a_name_given_in_another_case_or_as_the_start_of_a_longer_word_is_given() -> None:
    other = OtherAccount("The talks opened in the South African city of Johannesburg, WANG YI said.")
    assert other.gives("South Africa")
    assert other.gives("Johannesburg")
    assert other.gives("Wang Yi")


def test_a_name_inside_another_word_or_with_its_words_apart_is_not_given() -> None:
    other = OtherAccount("Kordorros met Yi and then Wang in Pretoria.")
    assert not other.gives("Dorros")
    assert not other.gives("Wang Yi")
    assert not other.gives("Brazil")


def test_each_name_is_searched_once() -> None:
    other = OtherAccount("Wang Yi spoke.")
    assert other.gives("Wang Yi") and other.gives("Wang Yi")
    assert list(other.given) == ["Wang Yi"]
