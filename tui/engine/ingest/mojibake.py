"""Mojibake (`â€™` for `’`: UTF-8 read a byte at a time in a single-byte code page) found by a cheap
check and undone by ftfy, and nothing else touched: real typography (curly quotes, dashes, accented
names) passes the check and skips the repair."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ftfy


def repair(text: str, encoded: bytes | None = None) -> str:
    """Undo mojibake (`â€™` for `’`) without touching anything else: quotes stay curly. `encoded`: the
    text's UTF-8, when the caller has it."""
    if text.isascii() or not looks_broken(text, encoded):
        # ftfy would change nothing but the line breaks (see looks_broken); a fifth of a millisecond to
        # several milliseconds an article saved.
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\u2028" in text or "\u2029" in text:
            text = text.replace("\u2028", "\n").replace("\u2029", "\n")
        return text
    import ftfy

    # Escapes and controls are left to cleaning: ftfy would take the ESC out of an OSC sequence (a
    # clipboard write, a hyperlink) and leave its payload behind as text.
    return ftfy.fix_text(text, _ftfy_config())


@lru_cache(maxsize=1)
def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=True,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization="NFC",
        explain=False,
    )


# Mojibake is UTF-8 read a byte at a time in a single-byte code page: the character of a lead byte
# (0xC0-0xF4) followed by the characters of as many continuation bytes (0x80-0xBF) as its sequence needs.
# ftfy's repair re-encodes text in one of these code pages (the ones ftfy.chardata.CHARMAP_ENCODINGS
# lists, read "sloppily": an unassigned byte as its Latin-1 character) and decodes UTF-8, so it changes
# only text holding such a sequence (with a space where a lost no-break space was, or `?`, `�` or SUB
# where a byte was lost), or C1 controls, surrogates, odd line breaks, or text not in NFC. Text with none
# of these it leaves as it is: real typography (curly quotes, dashes, accented names) skips it.
MOJIBAKE_CODE_PAGES = (
    "latin-1",
    "cp1252",
    "cp1251",
    "cp1250",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859_2",
    "mac_roman",
    "cp437",
)
_LOST = "?\ufffd\x1a"
# Lead bytes after which ftfy puts back a no-break space read as a space (fixes.restore_byte_a0); never
# in Mac Roman, where an en dash and a space would pass for one.
_SPACED_LEADS_OF_2 = bytes([0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9])
_SPACED_BEFORE_CONTINUATION = bytes([0xE2, 0xE3])
_SPACED_AFTER_CONTINUATION = bytes(range(0xE0, 0xE4))
_ALWAYS_SUSPECT = "".join(map(chr, range(0x80, 0xA0))) + "\x1a" + "".join(map(chr, range(0xD800, 0xE000)))
"""C1 controls (ftfy reads them as Windows-1252), SUB (a lost byte) and surrogates."""


def looks_broken(text: str, encoded: bytes | None = None) -> bool:
    """Whether ftfy might change `text` in more than its line breaks: it holds a character sequence that
    is UTF-8 read in one of the code pages (or a C1 control, surrogate or SUB), or is not in NFC. False
    means it is clean: ftfy would leave it as it is. About 0.02 ms for an article of real typography.
    `encoded`: the text's UTF-8 (surrogatepass), when the caller has it."""
    present = _beyond_ascii(text, encoded)
    return _mojibake_in(text, present) or not _in_nfc(text, present)


def _holds_mojibake(text: str, encoded: bytes | None = None) -> bool:
    """Whether _mojibake_pattern matches somewhere in `text`."""
    return _mojibake_in(text, _beyond_ascii(text, encoded))


def _beyond_ascii(text: str, encoded: bytes | None) -> set[str]:
    """The different characters of `text` beyond ASCII. Deleting the ASCII bytes of the UTF-8 leaves the
    other characters whole (UTF-8 writes them with bytes above 127 only)."""
    if encoded is None:
        encoded = text.encode("utf-8", "surrogatepass")
    return set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))


def _mojibake_in(text: str, present: set[str]) -> bool:
    """Whether _mojibake_pattern matches somewhere in `text`, whose characters beyond ASCII are `present`.
    Every match starts at a character of its leading class (an accented letter, a symbol, `?` after
    certain characters): the pattern is tried at those places only (a handful in an article), found by
    str.find for each such character the text holds, where a search would run the regex engine over every
    character (0.03 ms an article). A place is tried only where the two characters a match begins with
    could be a sequence's first two (see _followers): compiling the pattern costs 16 ms, the first time
    a process reads an article with an accented letter, and in real text (é before a letter, "Ibáñez")
    no place needs it."""
    keys = _mojibake_keys()
    # Of ASCII, only `?` and SUB can start a match.
    starts = set(keys.intersection(present))
    starts.update(char for char in _ASCII_KEYS if char in text)
    for char in starts:
        suspect = char in _ALWAYS_SUSPECT
        at = text.find(char)
        while at >= 0:
            # The pattern's look-behinds still see the text before `at`.
            if (suspect or _could_begin_sequence(text, at)) and _mojibake_pattern().match(text, at):
                return True
            at = text.find(char, at + 1)
    return False


def _could_begin_sequence(text: str, at: int) -> bool:
    """Whether the character at `at` and the next could be a sequence's first two characters (the other
    pages' sequences are found from their first), or the one before and it (Mac Roman's, found from
    their second)."""
    followers, char = _followers(), text[at]
    after = at + 1 < len(text) and text[at + 1] in followers.get(char, "")
    return after or (at > 0 and char in followers.get(text[at - 1], ""))


def _in_nfc(text: str, present: set[str]) -> bool:
    """unicodedata.is_normalized("NFC", text), told without reading the text (11 µs an article) when every
    character it holds beyond ASCII (`present`) is one NFC's quick check passes whatever surrounds it: a
    starter (combining class 0) that NFC keeps (quick check Yes or Maybe) and that composes with no
    character before it (not Maybe). Then the quick check answers Yes for the whole text."""
    return all(map(_stays_in_nfc, present)) or unicodedata.is_normalized("NFC", text)


@lru_cache(maxsize=4096)
def _stays_in_nfc(char: str) -> bool:
    return (
        unicodedata.combining(char) == 0
        and unicodedata.normalize("NFC", char) == char
        and char not in _COMPOSED_AFTER_A_STARTER
        and not ("\u1161" <= char <= "\u1175" or "\u11a8" <= char <= "\u11c2")  # Hangul vowels, final consonants
    )


# The starters that are the second character of a canonical pair decomposition (NFC may join them to the
# character before): vowel signs and length marks of Indic and other scripts. A test derives them again
# from the Unicode data. Hangul's jamo compose by rule, not by decomposition data: see _stays_in_nfc.
_COMPOSED_AFTER_A_STARTER = frozenset(
    map(
        chr,
        [
            0x9BE, 0x9D7, 0xB3E, 0xB56, 0xB57, 0xBBE, 0xBD7, 0xCC2, 0xCD5, 0xCD6, 0xD3E, 0xD57, 0xDCF,
            0xDDF, 0xFB5, 0xFB7, 0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA, 0x114BD,
            0x115AF, 0x11930,
        ],
    )
)  # fmt: skip


_ASCII_BYTES = bytes(range(128))
_ASCII_KEYS = "?\x1a"
"""The ASCII characters of _mojibake_keys (a lost byte in Mac Roman's sequences; SUB)."""


@lru_cache(maxsize=1)
def _mojibake_keys() -> frozenset[str]:
    """The characters a match of _mojibake_pattern starts with (its leading character class)."""
    return frozenset(_ALWAYS_SUSPECT + "".join(keys for keys, _ in _mojibake_groups()))


@lru_cache(maxsize=1)
def _mojibake_groups() -> tuple[tuple[str, str], ...]:
    others = tuple(page for page in MOJIBAKE_CODE_PAGES if page != "mac_roman")
    groups = [_group([places for page in others for places in _sequences(page)], key=0)]
    return (*groups, _group(_sequences("mac_roman"), key=1))


@lru_cache(maxsize=1)
def _mojibake_pattern() -> re.Pattern[str]:
    """The sequences UTF-8 becomes when read in one of the code pages. The pattern begins with one
    character class that the regex engine skips to, doing no work on the characters between; which
    sequence it is, if any, is told around that character."""
    # Mac Roman's lead bytes are the typography (’ “ ” — … and the no-break space): its sequences are
    # found from their second character (mostly accented letters), the other pages' from their first
    # (accented letters too). The quotes and dashes of real text are never where the engine stops. Each
    # group first asks what any of its sequences needs around that character (after an accented letter,
    # most often an ASCII one follows, which none allows) before trying them one by one.
    groups = _mojibake_groups()
    starts = _character_class("".join(sorted(_mojibake_keys())))
    suspect = f"(?<={_character_class(_ALWAYS_SUSPECT)})"
    return re.compile(f"{starts}(?:{suspect}|{'|'.join(pattern for _, pattern in groups)})")


@lru_cache(maxsize=1)
def _followers() -> dict[str, str]:
    """For each character that begins a sequence in some code page, the characters that sequences' second
    place can hold. Every match of _mojibake_pattern but a suspect character's holds such a pair of
    characters: at the character it starts with, or (Mac Roman's, found from their second character)
    just before it."""
    # A page's sequences share a few second places: each is kept once (a set of the characters themselves
    # took 3 ms to build, longer than all the pages' sequences).
    seconds: dict[str, set[str]] = {}
    for page in MOJIBAKE_CODE_PAGES:
        for places in _sequences(page):
            for first in places[0]:
                seconds.setdefault(first, set()).add(places[1])
    return {first: "".join(sorted(places)) for first, places in seconds.items()}


def _group(sequences: Sequence[Sequence[str]], key: int) -> tuple[str, str]:
    """(the characters the sequences can have at place `key`, a pattern matching any of them from just
    after that place, looking behind for the places up to it)."""
    shortest = min(map(len, sequences))
    around = [_character_class("".join(places[at] for places in sequences)) for at in range(min(key + 2, shortest))]
    guard = "(?<=" + "".join(around[: key + 1]) + ")" + ("(?=" + around[key + 1] + ")" if len(around) > key + 1 else "")
    each = [
        "(?<="
        + "".join(map(_character_class, places[: key + 1]))
        + ")"
        + "".join(map(_character_class, places[key + 1 :]))
        for places in sequences
    ]
    return "".join(places[key] for places in sequences), guard + "(?:" + "|".join(each) + ")"


@lru_cache(maxsize=len(MOJIBAKE_CODE_PAGES))
def _sequences(page: str) -> tuple[tuple[str, ...], ...]:
    """The character sequences UTF-8 becomes when read in `page`: for each, the characters each of its
    places can hold (kept: the pattern and _followers both read them)."""
    continuation = _page_characters(range(0x80, 0xC0), page)
    byte_or_lost = continuation + _LOST
    sequences = [
        (_page_characters(range(0xC0, 0xE0), page), byte_or_lost),
        (_page_characters(range(0xE0, 0xF0), page), byte_or_lost, byte_or_lost),
        (_page_characters(range(0xF0, 0xF5), page), byte_or_lost, byte_or_lost, byte_or_lost),
    ]
    if page != "mac_roman":
        sequences += [
            (_page_characters(_SPACED_LEADS_OF_2, page), " "),
            (_page_characters(_SPACED_BEFORE_CONTINUATION, page), " ", continuation),
            (_page_characters(_SPACED_AFTER_CONTINUATION, page), continuation, " "),
            (_page_characters(b"\xf0", page), *[byte_or_lost + " "] * 3),
        ]
    return tuple(sequences)


def _page_characters(byte_values: Iterable[int], page: str) -> str:
    return "".join(_sloppy_character(byte, page) for byte in byte_values)


def _sloppy_character(byte: int, page: str) -> str:
    try:
        return bytes([byte]).decode(page)
    except UnicodeDecodeError:
        return chr(byte)


def _character_class(characters: str) -> str:
    return "[" + "".join("\\" + char if char in "\\]^-[" else char for char in sorted(set(characters))) + "]"
