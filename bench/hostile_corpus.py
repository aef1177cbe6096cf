"""A corpus of hostile input: articles whose text attacks the screen, and files that must be refused.
`python bench/hostile_corpus.py DIR` writes it; the unit tests and the TUI check use the same files."""

from __future__ import annotations

import contextlib
import os
import struct
import sys
import zipfile
import zlib
from pathlib import Path

ARTICLES = "articles"  # every file here imports, under the title in TITLES
BAD = "bad"  # every file here is refused, with a reason containing REFUSED[name]

ESC = "\x1b"
MARKUP = (
    "[bold red]",
    "[/]",
    "[link=https://phish.example/login]",
    "[/link]",
    "[@click=app.quit]",
    "[on red]",
    "[$accent]",
    ":warning:",
)
# Fragments an escape sequence leaves when only its ESC is removed; none may reach the screen.
ESCAPE_TAILS = ("[2J", "[31m", "]52;", "]8;;", "]0;", "[?1049h")
LONG_WORD = "Pneumono" + "x" * 9984 + "osis"  # 10,000 characters, no break
WIDE_LINE = "Q7" * 100  # 200 columns without a space

TITLES = {
    "markup.txt": "Rich markup [bold red]alarm[/] and [link=https://phish.example/login]a link[/link] in a title",
    "escapes.txt": "Terminal escapes hidden in a story",
    "controls.txt": "Control characters between the words",
    "bidi.txt": "Bidi overrides and zero-width characters",
    "long-lines.txt": "A ten-thousand-character word and long unbroken lines",
    "front-matter.md": "Front matter title with [bold]markup[/bold] and an escape",
    "attack.html": "HTML page with [@click=app.quit]markup[/] in its title",
    "cp1252.txt": "Curly quotes and accents from a Windows code page",
    "latin1.txt": "Accents from a Latin-1 file in Zürich",
    "utf16-bom.txt": "A story saved as UTF-16 with a byte-order mark",
    "mojibake.txt": "Mojibake that has to be repaired",
    "stray-bytes.txt": "UTF-8 with a few invalid bytes in it",
}

# What each decoded article must say, character for character: proof it was not mangled.
DECODED_PHRASES = {
    "cp1252.txt": ("“a new era”", "minister’s", "Zürich", "São Paulo", "— a dash"),
    "latin1.txt": ("délégation", "Genève", "à Zürich", "façade"),
    "utf16-bom.txt": ("naïve", "Москва", "北京", "“quoted”"),
    "mojibake.txt": ("minister’s", "“a new era”", "Zürich", "— a dash"),
    "stray-bytes.txt": ("Zürich", "“quoted”", "café"),
}

REFUSED = {
    "empty.txt": "empty file",
    "blank.txt": "empty file (only blank space)",
    "furniture.txt": "no article text",
    "image.txt": "not text (looks like a PNG image)",
    "archive.txt": "not text (looks like a zip archive)",
    "binary.txt": "not text",
    "bad-front-matter.md": "front matter is not valid TOML",
    "deep-front-matter.md": "nested too deeply",
    "too-large.txt": "too large",
    "loop-a.txt": "too many levels of symbolic links",
    "loop-b.txt": "too many levels of symbolic links",
    "dangling-link.txt": "symbolic link to nothing",
    f"name-{ESC}]52;c;cHduZWQ={ESC}\\-{ESC}[2J.txt": "empty file",
}
# Big enough to pass the 50 MB default limit; sparse, so it costs no disk and is never read.
TOO_LARGE_BYTES = 100 * 1024 * 1024


def _lede(topic: str) -> str:
    return (
        f"Officials said on Monday that {topic} was discussed at length during the security meeting in "
        "Geneva, where delegates from forty countries reviewed the year's incidents."
    )


def _attack_articles() -> dict[str, str]:
    markup_body = "\n".join(
        [
            TITLES["markup.txt"],
            _lede("the markup problem"),
            "The report quoted a log line reading [bold red]ALERT[/] as it appears, with its brackets intact.",
            "A message urged readers to press [@click=app.quit]here[/] and another said [on red]danger[/on red].",
            "Some pages hide links as [link=https://phish.example/login]your account[/link] in their copy.",
            "Stylesheet variables such as [$accent]this[/] and emoji codes such as :warning: are only text.",
            "A lone closing tag [/] or an unbalanced [bold must not restyle anything either, officials said.",
        ]
    )
    escapes_body = "\n".join(
        [
            f"Terminal {ESC}[2Jescapes{ESC}]0;pwned{ESC}\\ hidden in a story",
            _lede(f"the {ESC}[31mclipboard{ESC}[0m attack"),
            f"A page can carry a clipboard write{ESC}]52;c;ZWNobyBwd25lZA=={chr(7)} that a terminal would obey.",
            f"It can carry a hyperlink to {ESC}]8;;https://evil.example/{ESC}\\a harmless-looking "
            f"name{ESC}]8;;{ESC}\\ too.",
            f"Switching to the {ESC}[?1049halternate screen{ESC}[?1049l or clearing it is as easy, the expert said.",
            f"A device control string {ESC}Pq#0;2;0;0;0{ESC}\\ ends the list of tricks described in the report.",
        ]
    )
    controls_body = "\n".join(
        [
            f"Control characters{chr(7)} between the{chr(8)} words",
            _lede("the control-character problem"),
            f"The bell{chr(7)} rang, a backspace{chr(8) * 3} ate nothing and a delete{chr(0x7F)} vanished, it said.",
            # Only the C1 controls Windows-1252 leaves undefined: decoding reads the others as the
            # characters they stand for in mojibake (U+0092 as ’).
            f"Old systems also sent C1 controls such as{chr(0x90)} and{chr(0x9D)} the{chr(0x81)} odd{chr(0x8D)} one.",
            f"A form feed{chr(12)}started a new line and a vertical tab{chr(11)}did the same in the copy.",
        ]
    )
    bidi_body = "\n".join(
        [
            f"Bidi overrides and zero{chr(0x200B)}-width characters",
            _lede("a file named invoice\u202efdp.exe"),
            "A right-to-left override \u202ereverses\u202c what follows it, and isolates \u2067do\u2069 the same.",
            "Zero\u200bwidth spaces, joiners\u200d, non\u200cjoiners, a word\u2060joiner "
            "and a BOM\ufeff hide in words.",
            "Tag characters \U000e0001\U000e0041\U000e007f and private-use \ue000 glyphs carry hidden data too.",
        ]
    )
    long_body = "\n".join(
        [
            TITLES["long-lines.txt"],
            _lede("an unbreakable word"),
            f"The longest word ever printed in the bulletin was {LONG_WORD} according to its editors.",
            *([WIDE_LINE] * 3),
            "Parentheses " + "(" * 5000 + " and quote marks " + ">" * 5000 + " closed the file, the report added.",
        ]
    )
    front_matter = "\n".join(
        [
            "+++",
            'title = "Front matter title with [bold]markup[/bold]\\u001b[2J and an escape\\u202e"',
            'outlet = "The \\u001b]52;c;aGk=\\u0007Daily [italic]Example[/]"',
            'date = "2024-05-01"',
            "+++",
            _lede("front matter"),
            "The second paragraph of the front-matter story says nothing more than this sentence does.",
        ]
    )
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>HTML page with [@click=app.quit]markup[/] in its {ESC}[2Jtitle</title></head><body>"
        "<nav>Home &gt; World &gt; Security</nav><article>"
        f"<h1>HTML page with [@click=app.quit]markup[/] in its {ESC}[2Jtitle</h1>"
        f"<p>{_lede('the HTML attack')}</p>"
        "<p>The page wrapped [bold red]its warning[/] in markup and hid \u202eecafelif\u202c in a paragraph.</p>"
        f"<p>It also carried {ESC}]52;c;aGk={chr(7)}a clipboard write "
        "and a <a href='javascript:alert(1)'>bad link</a>.</p>"
        "<script>document.write('[bold]never shown[/]')</script>"
        "<p>Officials said the rest of the page was ordinary, and the meeting ended on Tuesday evening.</p>"
        "</article></body></html>"
    )
    return {
        "markup.txt": markup_body,
        "escapes.txt": escapes_body,
        "controls.txt": controls_body,
        "bidi.txt": bidi_body,
        "long-lines.txt": long_body,
        "front-matter.md": front_matter,
        "attack.html": html,
    }


def _as_cp1252_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, as a careless page does: `’` becomes `â€™`."""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in text.encode("utf-8"))


def _encoded_articles() -> dict[str, bytes]:
    story = (
        "The minister’s remarks — “a new era” — were welcomed in Zürich and São Paulo, officials said on "
        "Tuesday after the talks, and a spokesman added — a dash — that work would go on."
    )
    latin = (
        "La délégation from Genève arrived à Zürich on Monday, said the spokesman, and the façade of the "
        "ministry was lit for the visit."
    )
    utf16 = (
        "Delegates from Москва and 北京 met in Geneva, where one called the plan “quoted” as naïve, "
        "officials said on Wednesday after the first session."
    )
    stray = "Delegates in Zürich called the plan “quoted” in the report, officials said on Thursday, "
    return {
        "cp1252.txt": f"{TITLES['cp1252.txt']}\n{story}\n".encode("cp1252"),
        "latin1.txt": f"{TITLES['latin1.txt']}\n{latin}\n".encode("latin-1"),
        "utf16-bom.txt": f"{TITLES['utf16-bom.txt']}\n{utf16}\n".encode("utf-16"),
        "mojibake.txt": _as_cp1252_mojibake(f"{TITLES['mojibake.txt']}\n{story} It was repeated.\n").encode("utf-8"),
        # One byte lost from a UTF-8 sequence, one stray 0xff, and a Windows-1252 é pasted in.
        "stray-bytes.txt": f"{TITLES['stray-bytes.txt']}\n{stray}".encode()
        + b"as a caf\xe9 owner put it \xe2\x80 and \xff then left.\n",
    }


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\xff\x00\x00" * 1)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def _bad_files(folder: Path) -> list[Path]:
    written = []

    def write(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        written.append(path)

    write("empty.txt", b"")
    write("blank.txt", b"  \n\t\n   \r\n \xc2\xa0\n")
    write(
        "furniture.txt",
        "Home > World > Security\nShare on Facebook | Twitter | Email\nAdvertisement\n"
        "Subscribe to our newsletter\n© 2024 The Daily Example. All rights reserved.\n12345\n".encode(),
    )
    write("image.txt", _png())
    archive = folder / "archive.txt"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("story.txt", "A story inside an archive is still an archive.")
    written.append(archive)
    # No known signature: only the share of control bytes gives it away.
    write("binary.txt", bytes((index * 37) % 256 for index in range(8192)))
    write("bad-front-matter.md", b"+++\ntitle = unquoted words\n+++\nOfficials said the body is fine.\n")
    write("deep-front-matter.md", b"+++\ntitle = " + b"[" * 5000 + b"\n+++\nOfficials said the body is fine.\n")
    large = folder / "too-large.txt"
    with large.open("wb") as handle:
        handle.truncate(TOO_LARGE_BYTES)
    written.append(large)
    for name, target in (("loop-a.txt", "loop-b.txt"), ("loop-b.txt", "loop-a.txt"), ("dangling-link.txt", "gone.txt")):
        try:
            os.symlink(target, folder / name)
        except (OSError, NotImplementedError):
            continue  # no symbolic links here (Windows without the privilege)
        written.append(folder / name)
    # A file system may refuse control characters in names.
    with contextlib.suppress(OSError):
        write(next(name for name in REFUSED if name.startswith("name-")), b"")
    return written


def write_hostile_corpus(folder: str | os.PathLike[str]) -> list[Path]:
    """Write the corpus under `folder` (ARTICLES and BAD subfolders) and return every path written."""
    root = Path(folder)
    articles, bad = root / ARTICLES, root / BAD
    articles.mkdir(parents=True, exist_ok=True)
    bad.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _attack_articles().items():
        (articles / name).write_text(text, encoding="utf-8")
        written.append(articles / name)
    for name, data in _encoded_articles().items():
        (articles / name).write_bytes(data)
        written.append(articles / name)
    return written + _bad_files(bad)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/hostile_corpus.py DIR")
    for path in write_hostile_corpus(sys.argv[1]):
        # The corpus's own file names attack the terminal: print them escaped.
        print("".join(char if char.isprintable() else ascii(char)[1:-1] for char in str(path)))
