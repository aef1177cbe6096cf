"""How a file on disk or a web page becomes an Article (record.py): decode, clean, detect metadata."""

from __future__ import annotations

import html as htmlmodule
import os
import re
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ..text.plural import counted
from ..text.sentences import sentences
from .clean import (
    folded_key,
    lines_and_characters,
    normalise_text,
    normalised_lines,
    remove_furniture_keyed,
    single_line,
)
from .decode import DEFAULT_MAX_BYTES, read_text
from .front_matter import article_markdown, split_front_matter
from .inline import MAX_INLINE_RUN, merge_long_inline_runs
from .links import page_links
from .metadata import (
    LEAD_TAIL,
    TITLE_LIMIT,
    Metadata,
    is_headline,
    parse_date,
    take_dateline,
    take_lead_stamp,
    take_stated_metadata,
    title_from_lead,
)
from .record import Article, ArticleError, article_id, content_id, legacy_article_id
from .scripts import non_ascii

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "Article",
    "ArticleError",
    "article_id",
    "article_markdown",
    "legacy_article_id",
    "load_article",
    "parse_text",
    "parse_html",
    "parse_page",
]

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
"""A character of the scripts written without spaces between words (Chinese, Japanese kana): each counts
as a word, as word counters count them, so a Chinese article is not '2 words'."""


def count_words(text: str, characters: Set[str] | None = None) -> int:
    """How many words `text` has: runs of letters and digits, apostrophes inside them included.
    `characters`: those the text may hold beyond ASCII (a superset), when the caller has them."""
    # The regex costs some 30 ns a character, and cutting the text into a piece a word (the last way)
    # 10 ns. Here no word becomes an object: each different character beyond ASCII that is no letter or
    # digit is replaced by a space (’ by '), so in the UTF-8 every byte above 127 is part of a word; the
    # bytes are mapped (in C) to three kinds: word, apostrophe, space. An apostrophe between two word bytes
    # joins them (made a word byte), any other is a space; a word is then a run of word bytes.
    unspaced = 0
    if not text.isascii():
        if characters is None:
            characters = set(non_ascii(text.encode("utf-8", "surrogatepass")))
        if any(_UNSPACED.match(char) for char in characters):
            # Counted and made spaces in one pass (4 ms for 88,000 characters; spacing each out, 100 ms).
            text, unspaced = _UNSPACED.subn(" ", text)
        for char in characters:
            if char >= "\x80" and not char.isalnum():
                text = text.replace(char, "'" if char == "’" else " ")
    kinds = text.encode("utf-8", "surrogatepass").translate(_WORD_KINDS)
    if b"'" in kinds:
        kinds = _JOINING_APOSTROPHE.sub(b"w", kinds).translate(_APOSTROPHE_AS_SPACE)
    return kinds.count(b" w") + kinds.startswith(b"w") + unspaced


# Bytes as count_words sorts them: w for a byte of a word (letters, digits, _ and, once the other
# characters beyond ASCII are spaces, every byte above 127), ' for the apostrophe, a space for the rest.
_WORD_KINDS = bytes(
    ord("w") if byte >= 0x80 or chr(byte).isalnum() or byte == ord("_") else byte if byte == ord("'") else ord(" ")
    for byte in range(256)
)
_JOINING_APOSTROPHE = re.compile(rb"'(?<=w')(?=w)")
_APOSTROPHE_AS_SPACE = bytes.maketrans(b"'", b" ")


def storable_path(path: str | os.PathLike[str]) -> str:
    """A file's path as text SQLite and UTF-8 can hold: bytes that are not UTF-8 (which Python holds as lone
    surrogates) written as \\xff. The same file always gives the same text, so a re-import is recognised."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", *_HTML_SUFFIXES})
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_LEAD_WINDOW = 4000


def load_article(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read, decode and clean the file at `path`. Raises ArticleError with a one-line reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    # A suffix says what a file is: a.pdf holding text is still not an article someone meant to add.
    if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) and suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(f"not an article file ({suffix}); cyberread reads .txt, .md and .html files")
    text = read_text(path, max_bytes)
    if path.suffix.lower() in _HTML_SUFFIXES:
        return parse_html(text, source=storable_path(path))
    return parse_text(text, source=storable_path(path))


def parse_text(text: str, source: str | None = None) -> Article:
    """A clean Article from the text of a web page: furniture removed, metadata detected, front matter
    (a TOML block between `+++` lines) taking precedence over what was detected."""
    overrides, text = split_front_matter(text)
    stated = {key: value for key, value in overrides.items() if not isinstance(value, bool)}
    if overrides.get("clean", False):
        return _build_clean(text, source, stated)
    return _build(text, source, stated, Metadata())


def parse_page(html: str, address: str) -> Article:
    """A clean Article from a web page fetched from `address` (after redirects). Its path is the page's
    story address: the canonical address the page states when that is on the same site (a page cannot
    claim another site's story and slip its text in as a version of it), else `address`."""
    return parse_html(html, source=address, url=address)


def parse_html(html: str, source: str | None = None, url: str | None = None) -> Article:
    """A clean Article from an HTML page: trafilatura finds the main text and the page's own metadata,
    then the same cleaning as for text runs over it. With `url` (the page's address) the path is the
    page's canonical address when it states one on the same site."""
    import trafilatura

    # lxml refuses a whole page over one reference to a control character (&#27;): made the character
    # itself, it goes with the rest. lxml also drops the ESC of an escape sequence and would leave its tail
    # ("[2J") as text; the whole sequence (and other invisible characters) is taken out first.
    html = normalise_text(_CONTROL_REFERENCE.sub(_control_character, html))
    check_markup(html)
    try:
        extracted = trafilatura.bare_extraction(
            _without_long_inline_runs(html),
            url=url,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            favor_precision=True,
        )
    except Exception as error:  # RecursionError included
        # A parser bug on hostile markup is this file's failure, not a crash of the whole import.
        raise ArticleError(f"the HTML could not be read ({type(error).__name__})") from None
    if extracted is None:
        raise ArticleError("no article text found in the HTML")
    fields = extracted if isinstance(extracted, dict) else extracted.as_dict()
    found = Metadata()
    found.fill(
        title=fields.get("title"),
        outlet=_as_the_page_writes_it(fields.get("sitename"), html),
        date=parse_date(fields.get("date") or ""),
        author=_author(fields.get("author")),
    )
    text = fields.get("text") or ""
    if 0 < (words := count_words(text)) < MIN_PAGE_WORDS:
        only = counted(words, "word")
        raise ArticleError(f"no article text found in the HTML (only {only}: a menu or a form, not an article)")
    if found.title:
        text = f"{found.title}\n{text}"
    if url is not None:
        canonical = next((link.href for link in page_links(html, url) if "canonical" in link.rels), None)
        source = same_site_address(canonical, url) or url
    return _build(text, source, {}, found)


MIN_PAGE_WORDS = 10
"""A web page whose extracted text has fewer words than this is no article: a login page read as
"Home About Contact" was added as a 3-word article. The shortest news brief runs to a few dozen."""


def _without_long_inline_runs(html: str) -> str | HtmlElement:
    """`html` itself, or, when some paragraph runs through over MAX_INLINE_RUN inline elements, its tree
    parsed as trafilatura parses it with those runs merged into text (inline.py says why)."""
    if html.count("<") <= MAX_INLINE_RUN:
        return html
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None or not merge_long_inline_runs(tree):
        return html
    return tree


def same_site_address(candidate: object, address: str) -> str | None:
    """`candidate` (a canonical address a page states) when it is an http(s) address on `address`'s host
    (a leading www. aside), without its fragment; else None."""
    if not isinstance(candidate, str):
        return None
    parts, base = urlsplit(candidate.strip()), urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname or not base.hostname:
        return None
    if parts.hostname.removeprefix("www.") != base.hostname.removeprefix("www."):
        return None
    if parts.path in ("", "/") and base.path not in ("", "/"):
        return None  # a site that names its home page as every page's canonical address
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


_SITE_NAME = re.compile(
    r"""<meta\s[^>]{0,300}?(?:property|name)\s*=\s*["']og:site_name["'][^>]{0,300}?>""", re.IGNORECASE
)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]{0,300})"|'([^']{0,300})')""", re.IGNORECASE)


def _as_the_page_writes_it(outlet: object, html: str) -> str | None:
    """trafilatura's site name in the page's own letters: it capitalises each word, and "iNews daily"
    became "Inews Daily". The og:site_name the page states is taken where it is the same name."""
    if not isinstance(outlet, str) or not outlet:
        return None
    tag = _SITE_NAME.search(html, 0, 200_000)
    content = _CONTENT.search(tag.group(0)) if tag else None
    if content:
        stated = " ".join(htmlmodule.unescape(content.group(1) or content.group(2) or "").split())
        if stated.casefold() == " ".join(outlet.split()).casefold():
            return stated
    return outlet


def _author(value: object) -> str | None:
    """trafilatura joins several authors with "; "; a byline reads better with commas."""
    if not isinstance(value, str) or not value.strip():
        return None
    return ", ".join(part.strip() for part in value.split(";") if part.strip())


# The extractor's time grows with the elements of a page and, faster, with the attributes of one element:
# 200,000 elements took 41 s, one element with 100,000 attributes 196 s. Real pages stay far below both.
MAX_ELEMENTS = 50_000
MAX_ATTRIBUTES = 1_000
_TAG_START = re.compile(r"<[A-Za-z]")
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{8000,}>")
_ATTRIBUTE = re.compile(r"\s[^\s=<>/]+\s*=")
# Numeric references to C0 controls and DEL (tab, line feed and carriage return are text).
_CONTROL_REFERENCE = re.compile(
    r"&#(?:0*(?P<dec>1[124-9]|2\d|3[01]|127|[0-8])(?!\d)|[xX]0*(?P<hex>1[0-9a-fA-F]|7[fF]|[0-8bBcCeEfF])(?![0-9a-fA-F]));?"
)


def _control_character(match: re.Match[str]) -> str:
    return chr(int(match["dec"])) if match["dec"] else chr(int(match["hex"], 16))


def check_markup(html: str) -> None:
    """Refuse, cheaply and before any parsing, markup whose extraction would take minutes."""
    if html.count("<") > MAX_ELEMENTS and sum(1 for _ in _TAG_START.finditer(html)) > MAX_ELEMENTS:
        raise ArticleError(f"the HTML has over {MAX_ELEMENTS:,} elements; not read")
    for tag in _LONG_TAG.finditer(html):
        if sum(1 for _ in _ATTRIBUTE.finditer(tag[0])) > MAX_ATTRIBUTES:
            raise ArticleError(f"an HTML element has over {MAX_ATTRIBUTES:,} attributes; not read")


def _build(text: str, source: str | None, overrides: dict[str, str | None], found: Metadata) -> Article:
    lines, characters = lines_and_characters(text)
    lines = [_MARKDOWN_HEADING.sub("", line) if line[0] == "#" else line for line in lines]
    # Each line's case-folded words (its key) make the article's id, with no second pass over the body.
    lines, keys = remove_furniture_keyed(take_stated_metadata(lines, found), folded=True, characters=characters)
    if lines:
        lines[0] = take_lead_stamp(lines[0], found)
    if lines and is_headline(lines[0]) and len(lines) > 1:
        found.fill(title=lines.pop(0))
        keys.pop(0)
    # The page's <h1> often comes again as the text's first paragraph, after the title it also gave.
    while found.title and len(lines) > 1 and _same_heading(lines[0], found.title):
        lines.pop(0)
        keys.pop(0)
    if lines:
        lines[0] = take_dateline(lines[0], found)
        keys[0] = folded_key(lines[0])  # its stamp or dateline may have been taken off
    paragraphs = [line for line in lines if line.strip()]
    canonical = " ".join(key for line, key in zip(lines, keys, strict=True) if line.strip())
    body = "\n\n".join(paragraphs)
    if not body:
        raise ArticleError("no article text (empty, or only page furniture)")
    if found.title is None and "title" not in overrides:
        # Most pages name their title; the lead sentence (Punkt over the first paragraph) is only for those
        # that do not. Where front matter states the title, even as empty, _article decides.
        found.fill(title=lead_title(body))
    values = {
        "title": found.title,
        "outlet": found.outlet,
        "date": found.date,
        "dateline": found.dateline,
        "author": found.author,
    }
    values.update(overrides)
    return _article(body, source, values, canonical, characters)


def _same_heading(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold().rstrip(".") == " ".join(title.split()).casefold().rstrip(".")


def _build_clean(text: str, source: str | None, stated: dict[str, str | None]) -> Article:
    """An Article from a body already cleaned once: cleaning it again could take a headline-like first
    paragraph for a title or a second dateline off its first line, so only the safety steps (no escapes or
    invisible characters, one paragraph a line) run, and the metadata is what the front matter states."""
    body = "\n\n".join(normalised_lines(text))
    if not body:
        raise ArticleError("no article text after the front matter")
    return _article(body, source, stated)


def _article(
    body: str,
    source: str | None,
    values: dict[str, str | None],
    canonical: str | None = None,
    characters: Set[str] | None = None,
) -> Article:
    """The Article of `body`; `canonical` is its words case-folded and joined by single spaces, and
    `characters` those it may hold beyond ASCII, when the caller has them."""
    # Front matter and HTML metadata are as untrusted as the body: one clean line each, of sane length.
    for name in ("title", "outlet", "dateline", "author"):
        values[name] = single_line(values.get(name) or "") or None
    title = values["title"] or lead_title(body) or single_line(body, limit=100)
    return Article(
        id=article_id(title, body) if canonical is None else content_id(title, canonical),
        title=title,
        outlet=values["outlet"],
        date=values.get("date"),
        dateline=values["dateline"],
        body=body,
        words=count_words(body, characters),
        path=source,
        author=values["author"],
    )


# A title cut from a lead sentence reads no more of it than this, and its last character tells whether
# the sentence runs on past the cut (see lead_title).
_TITLE_REACH = TITLE_LIMIT + 2
# Where Punkt may end a sentence: nowhere but after one of these.
_SENTENCE_ENDS = frozenset(".?!")


def lead_title(body: str) -> str:
    """`title_from_lead(lead_sentence(body))`. A sentence ends only at ".", "?" or "!" or at the end of its
    line, so where the body's first _TITLE_REACH characters are of one line and hold none of them, the
    lead sentence runs past them, and they alone make its title (when neither end is blank space and
    the last is not one the title drops, they are the very characters the title is cut from): Punkt is
    not asked, nor imported (0.04 s of a compare of two files without a title)."""
    head = body[:_TITLE_REACH]
    if (
        len(head) == _TITLE_REACH
        and "\n" not in head
        and not head[0].isspace()
        and not head[-1].isspace()
        and head[-1] not in LEAD_TAIL
        and _SENTENCE_ENDS.isdisjoint(head)
    ):
        return title_from_lead(head)
    return title_from_lead(lead_sentence(body))


def lead_sentence(body: str) -> str:
    """The first sentence of the body (of its first few thousand characters: a title needs no more, and
    Punkt takes seconds over a megabyte-long paragraph)."""
    first = body[:_LEAD_WINDOW].split("\n\n", 1)[0]
    for start, end in sentences(first):
        return first[start:end]
    return first
