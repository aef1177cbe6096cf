"""Turns the bytes of an untrusted file into text, or refuses with a one-line reason."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

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
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a media file"),
)


class ArticleError(Exception):
    """A file that cannot become an article. Its message is one line: the reason, without the file name."""


def read_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The decoded text of `path`, refusing what is not a readable, reasonably sized text file."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ArticleError("no such file") from None
    except PermissionError:
        raise ArticleError("permission denied") from None
    except OSError as error:
        raise ArticleError(_os_reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError("not a regular file")
    if info.st_size > max_bytes:
        raise ArticleError(f"too large ({_megabytes(info.st_size)}; the limit is {_megabytes(max_bytes)})")
    try:
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise ArticleError("permission denied") from None
    except OSError as error:
        raise ArticleError(_os_reason(error)) from None
    if len(data) > max_bytes:
        raise ArticleError(f"too large (over {_megabytes(max_bytes)}, the limit)")
    return decode_bytes(data)


def decode_bytes(data: bytes) -> str:
    """Decode `data`: a BOM if there is one, else UTF-8, else the most likely legacy encoding; then
    repair mojibake. Refuses binary data."""
    if not data.strip():
        raise ArticleError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _repair(_decode(data, encoding))
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ArticleError(f"not text (looks like {kind})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data)
    else:
        if "\x00" in text:
            text = _detect(data)
    return _repair(text)


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ArticleError(f"cannot be decoded as {encoding} despite its byte-order mark") from None


def _detect(data: bytes) -> str:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None:
        raise ArticleError("not text (binary data or an unknown encoding)")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ArticleError(f"cannot be decoded (it looked like {best.encoding})") from None
    if "\x00" in text or _control_share(text) > 0.05:
        raise ArticleError("not text (binary data)")
    return text


def _control_share(text: str) -> float:
    sample = text[:65536]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t\f")
    return controls / max(1, len(sample))


def _repair(text: str) -> str:
    """Undo mojibake (`â€™` for `’`) without touching anything else: quotes stay curly."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=True,
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
        remove_control_chars=True,
        normalization="NFC",
        explain=False,
    )
    return ftfy.fix_text(text, config)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _os_reason(error: OSError) -> str:
    return (error.strerror or str(error)).rstrip(".").lower()
