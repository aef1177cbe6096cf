"""Writing systems: which script a line's or a text's letters are in (LATIN, CJK, CYRILLIC, ...), so that
a stray headline or menu in another language is told from the story (clean.py), counted in C wherever
the letters allow."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Set
from functools import lru_cache

_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_BYTES = bytes(range(128))


def non_ascii(encoded: bytes) -> str:
    """The characters of a text outside ASCII, in order, from its UTF-8 (surrogatepass): UTF-8 writes them
    with bytes above 127 only, so deleting the ASCII bytes (in C) leaves them whole."""
    return encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


@lru_cache(maxsize=4096)
def _char_script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC"):
        return "CJK"
    return first or None


def document_script(text: str, characters: Set[str] | None = None) -> tuple[str | None, bool]:
    """_dominant(_script_counts(text)), and whether it counts letters of more than one script. Letters are
    counted only when there are: the scripts of the different characters beyond ASCII are enough to tell
    a text of one script (most are), which is that script's whatever the counts. `characters`: those the
    text may hold beyond ASCII (a superset), when the caller has them."""
    if characters is None:
        data = text.encode("utf-8", "surrogatepass")
        characters = set(non_ascii(data))
        latin = len(data.translate(None, _ASCII_LETTER_BYTES)) < len(data)
        exact = True
    else:
        latin = _ASCII_LETTERS.search(text) is not None
        exact = False
    scripts = {script for char in characters if (script := _char_script(char))}
    if latin:
        scripts.add("LATIN")
    # From more characters than the text holds, a script is certain only where its ASCII letters show it.
    if len(scripts) > 1 or (scripts and not latin and not exact):
        counts = _script_counts(text)
        return _dominant(counts), len(counts) > 1
    return next(iter(scripts), None), False


def _script_counts(line: str) -> Counter[str]:
    # ASCII letters are all Latin: counted in C, only the rest one by one (a 50 MB file is mostly
    # ASCII, and a Python call per character made the count the slowest step of an import).
    counts: Counter[str] = Counter()
    data = line.encode("utf-8", "surrogatepass")
    if not line.isascii():
        # Counted by character in C, then by script over the few different characters.
        for char, count in Counter(non_ascii(data)).items():
            if script := _char_script(char):
                counts[script] += count
    # UTF-8 writes every other character with bytes above 127, so the ASCII letter bytes are the letters.
    if latin := len(data) - len(data.translate(None, _ASCII_LETTER_BYTES)):
        counts["LATIN"] += latin
    return counts


def line_script(line: str) -> str | None:
    """The writing system most of a line's letters are in (LATIN, CJK, CYRILLIC, ...)."""
    if line.isascii():
        return "LATIN" if _ASCII_LETTERS.search(line) else None
    ranked = _script_counts(line).most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        # A tie goes to the script met first.
        ranked = Counter(s for s in map(_char_script, line) if s).most_common(1)
    return ranked[0][0] if ranked else None


def _dominant(counts: Counter[str]) -> str | None:
    total = sum(counts.values())
    if not total:
        return None
    script, count = counts.most_common(1)[0]
    return script if count / total >= 0.7 else None
