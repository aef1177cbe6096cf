"""The compare screen's line wrapping: the fast path for ASCII stretches cuts exactly where the plain
reading, one character and one cell at a time, cuts."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cyberread.widgets.passage_view import wrap_body

TEXT = st.text(alphabet=st.sampled_from(list("ab c\n  xyz") + ["é", "中", "\u200b", "—"]), max_size=160)


def plain_lines(body: str, width: int) -> list[tuple[int, int, bool]]:
    """Lines read one character at a time: break after the last space that fits, at a newline, or hard
    inside a word longer than the line; paragraphs ("\\n\\n") end with an empty marker line."""
    width = max(8, width)
    out: list[tuple[int, int, bool]] = []
    position = 0
    paragraphs = body.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        start, end = position, position + len(paragraph)
        line_start, made = start, False
        while line_start < end:
            made = True
            cells, cut, last_space = 0, line_start, -1
            while cut < end and body[cut] != "\n":
                cells += cell_len(body[cut])
                if cells > width:
                    break
                if body[cut] == " ":
                    last_space = cut
                cut += 1
            if cut < end and body[cut] == "\n":
                out.append((line_start, cut, False))
                line_start = cut + 1
                continue
            if cut < end and last_space > line_start:
                cut = last_space + 1
            cut = max(cut, line_start + 1)
            out.append((line_start, cut, False))
            line_start = cut
        if not made:
            out.append((start, start, False))
        if number < len(paragraphs) - 1:
            out.append((end, end, True))
        position = end + 2
    return out


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=30))
@example("abcdefgh\nxyz", 8)  # a newline just past a full line
@example("abcdefg \nxyz", 8)
@example("abc defgh ijk", 8)
def test_lines_are_cut_where_the_plain_reading_cuts_them(body: str, width: int) -> None:
    lines = [(line.start, line.end, line.paragraph_end) for line in wrap_body(body, width)]
    assert lines == plain_lines(body, width)


def test_an_ascii_body_breaks_after_spaces_and_within_its_width() -> None:
    body = "The minister met his counterpart on Tuesday.\n\nTalks went on until late at night, aides said."
    lines = wrap_body(body, 20)
    assert [body[line.start : line.end] for line in lines] == [
        "The minister met ",
        "his counterpart on ",
        "Tuesday.",
        "",
        "Talks went on until ",
        "late at night, ",
        "aides said.",
    ]
