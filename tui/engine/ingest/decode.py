"""Turns the bytes of an untrusted file into text, or refuses with a one-line reason."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections import Counter
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from .mojibake import repair
from .record import ArticleError as ArticleError

if TYPE_CHECKING:
    pass

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Encoding detection looks at the start only: it is slow, and a megabyte settles any real text.
_DETECTION_SAMPLE = 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of the binary files people most often mistake for text.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "a program"),
    (b"MZ\x90\x00", "a program"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a media file"),
    (b"OggS", "a media file"),
    (b"\x1a\x45\xdf\xa3", "a media file"),
    (b"wOFF", "a font"),
    (b"wOF2", "a font"),
)

# Where Windows-1252 differs from Latin-1 (0x80-0x9f). Its five undefined bytes stay C1 controls, which
# cleaning removes, so a stray byte never fails the whole file.
_CP1252 = {byte: char for byte in range(0x80, 0xA0) if (char := bytes([byte]).decode("cp1252", errors="ignore"))}
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def read_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The decoded text of `path`, refusing what is not a readable, reasonably sized text file. The size is
    checked before anything is read, so a huge file costs no memory."""
    try:
        _check_file(os.stat(path), max_bytes)
        # No blocking on a FIFO swapped in since stat(), no terminal becoming ours by opening it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(path, flags)
        try:
            info = os.fstat(handle)
            _check_file(info, max_bytes)  # the file opened may not be the one stat() saw
            data = _read_up_to(handle, max_bytes + 1, info.st_size)
        finally:
            os.close(handle)
    except FileNotFoundError:
        raise ArticleError("symbolic link to nothing" if Path(path).is_symlink() else "no such file") from None
    except PermissionError:
        raise ArticleError("permission denied") from None
    except OSError as error:
        raise ArticleError(_os_reason(error)) from None
    if len(data) > max_bytes:
        raise ArticleError(f"too large: over the {describe_size(max_bytes)} limit")
    return decode_bytes(data)


def _read_up_to(handle: int, limit: int, size: int) -> bytes:
    # Read one byte past the limit (the file may have grown since fstat()), in blocks: read(limit) would
    # ask for the whole limit at once, and a limit of gigabytes fails every file with MemoryError. The
    # first block is the size fstat() gave and a byte more (a file read whole, with no larger buffer to
    # allocate and shrink); os.read on the descriptor spares a buffered file object.
    blocks = []
    total = 0
    block_size = min(size + 1, 1 << 20)
    while total < limit and (block := os.read(handle, min(block_size, limit - total))):
        blocks.append(block)
        total += len(block)
        block_size = 1 << 20
    return b"".join(blocks)


def _check_file(info: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError("not a regular file")
    if info.st_size > max_bytes:
        raise ArticleError(f"too large: {describe_size(info.st_size)}, over the {describe_size(max_bytes)} limit")


def decode_bytes(data: bytes) -> str:
    """Decode `data`: a BOM if there is one, else UTF-8 (stray invalid bytes read as Windows-1252), else
    the most likely legacy encoding; then repair mojibake. Refuses binary data."""
    if not data:
        raise ArticleError("empty file")
    if data.isspace():
        raise ArticleError("empty file (only blank space)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(_decode(data, encoding))
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ArticleError(f"not text (looks like {kind})")
    if data[4:8] == b"ftyp":
        raise ArticleError("not text (looks like a media file)")
    if b"\x1b" in data and data.find(b"\x1b$", 0, _DETECTION_SAMPLE) >= 0:
        # ISO-2022-JP is all ASCII bytes, shifted into Japanese by escape sequences: valid UTF-8 too.
        with suppress(UnicodeDecodeError):
            return _finish(data.decode("iso2022_jp"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data) or _legacy(data)
    else:
        # memchr over the bytes (over the text, every character's high byte is a zero). UTF-16 without a
        # byte-order mark, or binary data, has NULs everywhere; UTF-8 text with a stray one is read as
        # UTF-8 (cleaning drops the NUL; _finish still refuses what has too many control characters),
        # where the detection of a legacy encoding refused it.
        if b"\x00" in data and data.count(b"\x00") * _STRAY_NULS >= len(data):
            text = _legacy(data)
        else:
            return _finish(text, data)
    return _finish(text)


def decode_declared(data: bytes, charset: str | None) -> str:
    """Decode the bytes of a page whose server or markup declared `charset`; an unknown or missing charset,
    or bytes that contradict it, are decoded as a file is (decode_bytes)."""
    if charset:
        try:
            codec = codecs.lookup(charset.strip().strip("'\"")).name
        except LookupError:
            codec = None
        # UTF-16 and UTF-32 need the detection of decode_bytes (BOM, byte order).
        if codec is not None and not codec.startswith(("utf-16", "utf-32")):
            if not data.strip():
                raise ArticleError("empty page")
            for signature, kind in _SIGNATURES:
                if data.startswith(signature):
                    raise ArticleError(f"not text (looks like {kind})")
            with suppress(UnicodeDecodeError):
                return _finish(data.decode(codec))
    try:
        return decode_bytes(data)
    except ArticleError as error:
        # A file's advice ("save it as UTF-8") is no use for a page on someone else's server.
        raise ArticleError(str(error).removesuffix(f" {_SAVE_AS_UTF8}")) from None


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ArticleError(f"cannot be decoded as {encoding} despite its byte-order mark") from None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with pieces in a legacy encoding: a file pasted together from UTF-8 and Windows-1252 (or GBK,
    or Polish) lines, or with one damaged byte. None when the file is not mostly UTF-8."""
    lines = data.split(b"\n")
    foreign = [line for line in lines if not _is_utf8(line)]
    text = b"\n".join(foreign).decode("utf-8", errors="surrogateescape")
    damaged = [len(run) for run in _ESCAPED_RUN.findall(text)]
    in_utf8_lines = len(_NON_ASCII.findall(b"\n".join(line for line in lines if _is_utf8(line)).decode("utf-8")))
    well_formed = len(_NON_ASCII.findall(text)) - sum(damaged)
    if not well_formed + in_utf8_lines:
        return None  # nothing shows the file is UTF-8 at all
    # Legacy text is almost never valid UTF-8 by chance: as many well-formed characters as damaged spots,
    # each one or two bytes long (é, a cut sequence), are UTF-8 lines with stray bytes.
    if well_formed >= len(damaged) and sum(damaged) <= 2 * len(damaged):
        # A few stray bytes inside UTF-8 lines: each read as Windows-1252 (a pasted é, a cut sequence).
        fixed = {line: _stray_bytes_as_cp1252(line) for line in foreign}
    else:
        # Whole lines in another encoding: found from those lines alone.
        encoding = _legacy_encoding(b"\n".join(foreign))
        fixed = {line: line.decode(encoding, errors="replace") for line in foreign}
    return "\n".join(fixed[line] if line in fixed else line.decode("utf-8") for line in lines)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _stray_bytes_as_cp1252(line: bytes) -> str:
    text = line.decode("utf-8", errors="surrogateescape")
    return _ESCAPED_BYTE.sub(lambda match: chr(ord(match[0]) - 0xDC00).translate(_CP1252), text)


def _legacy(data: bytes) -> str:
    encoding = _legacy_encoding(data)
    if encoding == "cp1252":
        return data.decode("latin-1").translate(_CP1252)  # its five undefined bytes stay C1 controls
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ArticleError(f"not text, or not all {encoding}: its encoding cannot be told with confidence") from None


# The letters of the languages written in the Latin code pages (Windows-1250/1252/1254, ISO-8859-2).
# A legacy file is read in the code page under which its non-ASCII letters all belong to one language:
# Polish read as Windows-1252 has ³ for ł; Turkish read as Windows-1252 has ý and þ for ı and ş.
_LANGUAGE_LETTERS = tuple(
    frozenset(letters + letters.upper())
    for letters in (
        "àâäæçéèêëîïôœùûüÿáíóúñãõåøößìòªº",  # Western European
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýžľĺŕôä",  # Czech and Slovak
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian and Slovene
        "çğıöşüâîûi",  # Turkish (İ is the upper case of i)
    )
)
# The Western European languages one by one: when two code pages read a file equally well as letters
# (Hungarian's ő and ű are õ and û in Windows-1252), the one under which a single language covers them
# all is the file's.
_SINGLE_LANGUAGE_LETTERS = (
    tuple(
        frozenset(letters + letters.upper())
        for letters in (
            "àâæçéèêëîïôœùûüÿ",  # French
            "äöüß",  # German
            "áéíóúñü",  # Spanish
            "áâãàçéêíóôõú",  # Portuguese
            "àèéìíîòóùú",  # Italian
            "åæøäöé",  # Nordic
        )
    )
    + _LANGUAGE_LETTERS[1:]
)
_PUNCTUATION = frozenset("’‘“”–—…«»€°§©®·•„‚‹›¡¿×÷±²³¹¼½¾µ¶¢£¥¤¦¨¯´¸\u00a0\u00ad")
_IN_WORDS = "’·\u00ad"  # it’s, l·l, a soft hyphen: at home inside words
_PUNCTUATION_INSIDE_WORDS = re.compile(
    "(?<=[^\\W\\d_])[" + re.escape("".join(sorted(_PUNCTUATION - set(_IN_WORDS)))) + "]+(?=[^\\W\\d_])"
)
_SCORING_SAMPLE = 256 * 1024
_LATIN_CODE_PAGES = ("cp1252", "cp1250", "iso8859_2", "cp1254")
_CONFIDENT = 0.9
"""The share of a file's non-ASCII characters that must read as one language's letters (or punctuation
between words) for its code page to be trusted."""


_SAVE_AS_UTF8 = "(save it as UTF-8)"
_STRAY_NULS = 20
"""Valid UTF-8 with fewer NUL bytes than one in this many is text with stray NULs, not UTF-16 or binary."""


def _legacy_encoding(data: bytes) -> str:
    """The encoding of text that is not UTF-8, or ArticleError when it cannot be told with confidence."""
    sample = data[:_DETECTION_SAMPLE]
    if _looks_western(sample):
        # A quarter of a megabyte holds thousands of the letters that tell code pages apart.
        readings = [(_decode_latin(sample[:_SCORING_SAMPLE], page), page) for page in _LATIN_CODE_PAGES]
        scored = [(_reads_as_language(text), _one_language(text), page) for text, page in readings]
        # The best reading as letters; among equals, the one a single language covers best; then the
        # commonest page (the first).
        score, _, page = max(scored, key=lambda item: (item[0], item[1]))
        if score >= _CONFIDENT:
            return page
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    if best is not None and best.chaos <= 0.1 and not _looks_western(sample):
        return str(best.encoding)
    raise ArticleError(f"not text, or its encoding cannot be told with confidence {_SAVE_AS_UTF8}")


def _decode_latin(data: bytes, page: str) -> str:
    if page == "cp1252":
        return data.decode("latin-1").translate(_CP1252)
    return data.decode(page, errors="replace")


def _reads_as_language(text: str) -> float:
    """The share of `text`'s non-ASCII characters that are letters of its likeliest language, or
    punctuation outside words."""
    counts = Counter(_NON_ASCII.findall(text))
    total = sum(counts.values())
    if not total:
        return 1.0
    inside = Counter("".join(_PUNCTUATION_INSIDE_WORDS.findall(text)))
    punctuation = sum(count - inside[char] for char, count in counts.items() if char in _PUNCTUATION)
    letters = max(sum(count for char, count in counts.items() if char in language) for language in _LANGUAGE_LETTERS)
    return (letters + punctuation) / total


def _one_language(text: str) -> float:
    """The share of `text`'s non-ASCII letters that its likeliest single language has."""
    counts = Counter(char for char in _NON_ASCII.findall(text) if char.isalpha())
    total = sum(counts.values())
    if not total:
        return 1.0
    return (
        max(sum(n for char, n in counts.items() if char in language) for language in _SINGLE_LANGUAGE_LETTERS) / total
    )


def _looks_western(data: bytes) -> bool:
    sample = data[:_DETECTION_SAMPLE]
    if b"\x00" in sample:
        return False
    # Latin languages have their non-ASCII letters alone or in short runs between ASCII ones (é, żółć);
    # Chinese, Japanese and Cyrillic text has whole words and sentences of them.
    runs = [len(run) for run in _HIGH_RUNS.findall(sample)]
    return bool(runs) and sum(runs) <= 2 * len(runs)


def _finish(text: str, encoded: bytes | None = None) -> str:
    """`encoded`: the UTF-8 `text` was decoded from, when it was (it spares encoding the text again)."""
    sample = text[:65536]
    if encoded is None or len(sample) < len(text):
        encoded = sample.encode("utf-8", "surrogatepass")
    # ESC is left out of the count: escape sequences are an attack on the screen, removed by cleaning,
    # not a sign of binary data.
    # Counted in the UTF-8 bytes, where a byte below 32 is that control character and nothing else.
    controls = len(encoded) - len(encoded.translate(None, _BINARY_CONTROLS))
    if controls > len(sample) / 20:
        raise ArticleError("not text (binary data)")
    if not text or text.isspace():
        raise ArticleError("empty file (only blank space)")  # no-break spaces, UTF-16 spaces
    return repair(text, encoded if len(sample) == len(text) else None)


# The C0 controls that text files do not hold (tab, line and page breaks and ESC aside). Deleted from bytes
# for counting: str.translate is fast on ASCII only (half a millisecond on an article with a curly quote).
_BINARY_CONTROLS = bytes(code for code in range(32) if chr(code) not in "\n\r\t\f\x1b")


def describe_size(size: int) -> str:
    """A byte count as people say it: `51 MB`, `12 KB`, `300 bytes`."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _os_reason(error: OSError) -> str:
    return (error.strerror or str(error)).rstrip(".").lower()
