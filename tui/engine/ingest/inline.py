"""Long runs of inline markup (links, bold, spans) merged into plain text before trafilatura reads a page:
its extractor strips such tags and leaves one text node each, and libxml2's XPath orders sibling text nodes
in time quadratic in their number (10,000 links in one paragraph: 14 s; 49,000: minutes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

# Tags the extractor strips, keeping their text, when links and formatting are not wanted (our options):
# merging them ourselves changes no words of the body (a date htmldate would guess from a link's address
# can go with the link). The 300 real pages measured hold at most 183 in one paragraph, most under 60.
INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite data dfn em font i ins kbd mark s samp small span strike strong tt u var".split()
)
MAX_INLINE_RUN = 1_000


def _is_inline(element: _Element) -> bool:
    return isinstance(element.tag, str) and element.tag in INLINE_TAGS


def long_inline_blocks(tree: _Element, limit: int = MAX_INLINE_RUN) -> list[_Element]:
    """The elements (other than inline ones) whose text runs through over `limit` inline elements,
    nested ones included: after the extractor strips those, that many text nodes lie side by side."""
    block_of: dict[_Element, _Element] = {}
    counts: dict[_Element, int] = {}
    for element in tree.iter():
        parent = element.getparent()
        if parent is None or not _is_inline(element):
            continue
        block = block_of.get(parent, parent)
        block_of[element] = block
        counts[block] = counts.get(block, 0) + 1
    return [block for block, count in counts.items() if count > limit]


def merge_inline_run(block: _Element) -> None:
    """Replace the inline elements inside `block` by their text, in one pass and one text node per gap:
    the elements that are not inline (a <br>, an image, a nested block) stay, in order, as `block`'s
    children, each with the text that followed it as its tail."""
    kept: list[_Element] = []
    pieces: list[str] = [block.text or ""]
    gaps: list[list[str]] = [pieces]
    # An explicit stack: inline elements can nest deeper than Python's recursion limit.
    stack: list[tuple[_Element | None, Iterator[_Element]]] = [(None, iter(list(block)))]
    while stack:
        owner, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if owner is not None:
                pieces.append(owner.tail or "")
        elif _is_inline(child):
            pieces.append(child.text or "")
            stack.append((child, iter(list(child))))
        else:
            kept.append(child)
            pieces = [child.tail or ""]
            gaps.append(pieces)
    for child in list(block):
        block.remove(child)
    block.text = "".join(gaps[0]) or None
    for child, gap in zip(kept, gaps[1:], strict=True):
        block.append(child)
        child.tail = "".join(gap) or None


def merge_long_inline_runs(tree: _Element, limit: int = MAX_INLINE_RUN) -> int:
    """Merge every run of over `limit` inline elements in `tree` into text; how many blocks held one."""
    blocks = long_inline_blocks(tree, limit)
    for block in blocks:
        merge_inline_run(block)
    return len(blocks)
