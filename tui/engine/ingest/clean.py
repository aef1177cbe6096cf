"""Page furniture: the lines a web page wraps around a story (breadcrumbs, share bars, link lists,
comment forms, stamps, stray IDs), recognised by general patterns and removed."""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from ..text.safe import BLANKS, invisible_ranges, invisible_spans, terminal_line
from .scripts import document_script, line_script

# Escape sequences a terminal would act on: CSI (colours, screen clears), OSC (titles, clipboard,
# hyperlinks) and the lone two-character ones. Removed whole so no fragment such as "[2J" is left.
_TERMINAL_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORDS = re.compile(r"\w+(?:['’]\w+)*")

# Headings that open a block of links to other stories; the block runs until the story resumes.
_LINK_BLOCK_HEADING = re.compile(
    r"^(?:hot topics|editor'?s'? picks?|editors'? choice"
    r"|related(?: (?:articles?|stories|news|posts|coverage|content|reading|links))?"
    r"|read (?:more|also|next)|also read|see also|more (?:from|on|in|news|stories)\b.*"
    r"|most (?:read|popular|viewed|shared|commented)"
    r"|trending(?: now| stories)?|recommended(?: for you| stories)?|you (?:may|might) also (?:like|be interested in)"
    r"|latest (?:news|stories)|top stories|popular(?: now| stories)?|in (?:other|case you missed).*"
    r"|tags?|topics|keywords"
    r"|what to read next|further reading|don't miss|highlights)\s*:?$",
    re.IGNORECASE,
)
# Headings and lines of a comment section; nothing after one of these is the story.
_COMMENT_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?\s*:?$"
    r"|^leave a (?:reply|comment)\b.*$|^(?:add|post|write) (?:a |your )?comment\b.*$"
    r"|^join the (?:conversation|discussion)\b.*$|^no comments yet\b.*$|^be the first to comment\b.*$",
    re.IGNORECASE,
)
_FORM_LINE = re.compile(
    r"^(?:your email address will not be published\b.*|required fields are marked\b.*"
    r"|(?:name|email|e-mail|website|comment)\s*\*?:?"
    r"|save my name, email,? and website\b.*|post comment|submit|cancel reply|log in to reply|you must be logged in\b.*"
    r"|notify me of (?:follow-up comments|new posts)\b.*)$",
    re.IGNORECASE,
)
_SHARE_WORDS = frozenset(
    [
        "share",
        "shares",
        "sharing",
        "this",
        "article",
        "story",
        "page",
        "post",
        "on",
        "via",
        "tweet",
        "print",
        "email",
        "e-mail",
        "mail",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "linkedin",
        "telegram",
        "reddit",
        "weibo",
        "wechat",
        "pinterest",
        "copy",
        "link",
        "url",
        "save",
        "bookmark",
        "send",
        "comment",
        "comments",
        "more",
    ]
)
_SHARE_TRIGGERS = frozenset(
    [
        "share",
        "tweet",
        "print",
        "email",
        "e-mail",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "telegram",
        "weibo",
        "wechat",
    ]
)
_SHORT_FURNITURE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|skip to (?:main )?content|back to top|top|menu|search|home"
    r"|loading\W*|please wait\W*|close|open in app|listen to (?:this )?(?:article|story)\b.*|\d+ min(?:ute)?s? read"
    r"|(?:subscribe|sign up|sign in|log ?in|register|follow us|like us|download (?:our|the) app)\b.{0,80}"
    r"|(?:click|tap) here\b.{0,100}|(?:photo|image|file photo|video|graphic|illustration)\s*(?:credit)?\s*[:/|].{0,120}"
    r"|(?:article|story|doc(?:ument)?|post)\s*(?:id|no\.?|number)\s*[:#]?\s*[\w-]+)$",
    re.IGNORECASE,
)
_RIGHTS = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
_RIGHTS_NOTICE = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
_ONLY_DIGITS = re.compile(r"^[\d\s.,/:-]*\d[\d\s.,/:-]*$")
_BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:>|»|›|→|/|\\)\s*")
_ALPHANUMERIC = re.compile(r"[^\W_]")  # what str.isalnum() accepts


# Characters that end a line wherever they come from; everything else Unicode calls a control, format,
# surrogate or private-use character is invisible formatting an untrusted page should not carry.
_LINE_BREAKS = {ord(char): "\n" for char in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
# In ASCII the only invisible characters are the C0 controls and DEL.
_ASCII_INVISIBLE = bytes(point for point in range(128) if point < 32 or point == 127).translate(None, b"\n\t")
_ASCII_VISIBLE = bytes(set(range(128)) - set(_ASCII_INVISIBLE))
_LINE_BREAK_CHARACTERS = frozenset(map(chr, _LINE_BREAKS))


def normalise_text(text: str) -> str:
    """Text as the cleaner wants it: no terminal escapes, no invisible or control characters (bidi
    overrides, zero-width spaces), no replacement characters, one kind of line break."""
    return _normalised(text)[0]


def _normalised(text: str) -> tuple[str, set[str]]:
    """normalise_text(text), and the characters beyond printable ASCII but the line feed it may hold
    (every one it holds, and perhaps a few it no longer does)."""
    if "\x1b" in text or "\x9b" in text:  # every escape sequence starts with one of these
        text = _TERMINAL_ESCAPE.sub("", text)
    if text.isascii():
        # Most files are plain ASCII: deleting bytes is ten times faster than the Unicode class.
        text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
        text = text.encode("ascii").translate(None, _ASCII_INVISIBLE).decode("ascii")
        return text, {"\t"} if "\t" in text else set()
    # str.translate and the regex of invisible characters are slow on other text (0.05-0.5 ms an article
    # with curly quotes, read whole): the characters to act on are found first, then only they are.
    others = _beyond_visible_ascii(text)
    found = set(_maybe_invisible().findall(others))
    if not found.isdisjoint(_LINE_BREAK_CHARACTERS):
        text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    for char in found - _LINE_BREAK_CHARACTERS:
        if _invisible_chars().match(char):
            text = text.replace(char, "")  # a U+FFFD, a soft hyphen, a zero-width space: a few at most
    characters = set(others)
    if "\t" in text:
        characters.add("\t")
    return text, characters


def _beyond_visible_ascii(text: str) -> str:
    """The characters of `text` that are not visible ASCII, in order. Found in its UTF-8 bytes: deleting
    (in C) the ASCII bytes that are visible leaves the invisible ones and every other character whole
    (UTF-8 writes those with bytes above 127 only), a few hundred in an article."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_VISIBLE).decode("utf-8", "surrogatepass")


# What str.split() splits at but the space and the line feed (a test checks it against every character).
_BLANKS = frozenset(BLANKS) - {" ", "\n"}


@lru_cache(maxsize=1)
def _invisible_chars() -> re.Pattern[str]:
    return re.compile(f"[{invisible_ranges()}\\ufffd]")


@lru_cache(maxsize=1)
def _maybe_invisible() -> re.Pattern[str]:
    """The line breaks to make "\\n", the invisible characters of the Basic Multilingual Plane, U+FFFD,
    and every character beyond the plane: the regex engine tests a character against this class in one
    table look-up, where the full class (hundreds of ranges beyond the plane) costs a scan of them."""
    spans = invisible_spans()
    inside = "".join(f"\\U{first:08x}-\\U{min(last, 0xFFFF):08x}" for first, last in spans if first <= 0xFFFF)
    breaks = "".join(map(chr, _LINE_BREAKS))
    return re.compile(f"[{breaks}{inside}\\ufffd\\U00010000-\\U0010ffff]")


def single_line(text: str, limit: int = 300) -> str:
    """An untrusted title or name as clean single-line text, cut at a word boundary past `limit`."""
    line = " ".join(normalised_lines(text))
    if len(line) <= limit:
        return line
    return (line[:limit].rsplit(" ", 1)[0] or line[:limit]) + "…"


# Untrusted text reaches the terminal only through text.safe; the old name stays for callers.
safe_line = terminal_line


def split_lines(text: str) -> list[str]:
    """Non-empty lines, each with its runs of spaces folded to one."""
    lines = []
    for raw in text.split("\n"):
        if raw.isprintable():
            line = _folded(raw)  # printable text has no blank but the space
        elif not _SPLIT_BUT_NOT_SPACES.search(raw):
            # The blanks str.split() knows are the spaces here (no-break, thin, ideographic...).
            line = " ".join(raw.split())
        else:
            line = _SPACES.sub(" ", raw).strip()
        if line:
            lines.append(line)
    return lines


def normalised_lines(text: str) -> list[str]:
    """split_lines(normalise_text(text)): each line's words joined by single spaces, empty lines left
    out."""
    return lines_and_characters(text)[0]


def lines_and_characters(text: str) -> tuple[list[str], Set[str]]:
    """normalised_lines(text), and the characters beyond ASCII its lines may hold (every one they hold,
    and perhaps a few more): later steps look at these, not at every character again. Every blank of the
    normalised text but the line feed is made a space first (str.replace, in C), so a line needs folding
    only where it holds two spaces together or begins or ends with one; most texts hold no such line, and
    are only cut at their line feeds."""
    text, characters = _normalised(text)
    for blank in _BLANKS.intersection(characters):
        text = text.replace(blank, " ")
    lines = [line for line in text.split("\n") if line]
    if "  " in text or any(line[0] == " " or line[-1] == " " for line in lines):
        lines = [line for raw in lines if (line := _folded(raw))]
    return lines, characters


# What str.split() splits at besides _SPACES: line breaks (normalise_text made them all "\n") and four
# C0 separators.
_SPLIT_BUT_NOT_SPACES = re.compile("[\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")


def _folded(line: str) -> str:
    # Printable ASCII has no blank but the space: most lines need no folding at all, and the rest
    # are folded faster by str.split() than by the regex.
    if "  " in line or line[:1] == " " or line[-1:] == " ":
        return " ".join(line.split())
    return line


def word_count(line: str) -> int:
    return len(_WORDS.findall(line))


def is_prose(line: str) -> bool:
    """A line that reads as running text: a sentence, not a label, link or list of names."""
    words = word_count(line)
    return words >= 25 or (words >= 6 and bool(_SENTENCE_END.search(line)))


def is_furniture_line(line: str) -> bool:
    """A single line that is page furniture whatever surrounds it."""
    if not _ALPHANUMERIC.search(line):
        return True  # rules, runs of pipes, bullets
    if _ONLY_DIGITS.match(line):
        return True  # bare IDs, page numbers, lone timestamps
    if _FORM_LINE.match(line) or _is_share_bar(line) or _is_breadcrumb(line):
        return True
    if len(line) <= 160 and _RIGHTS.search(line) and (_RIGHTS_NOTICE.search(line) or not is_prose(line)):
        return True  # a rights notice, even one written as a sentence
    return len(line) <= 200 and bool(_SHORT_FURNITURE.match(line))


def _is_share_bar(line: str) -> bool:
    if len(line) > 80:
        return False
    tokens = [token for token in re.split(r"[\s|,:;/•·()]+", line.casefold()) if token]
    return bool(tokens) and all(t in _SHARE_WORDS for t in tokens) and any(t in _SHARE_TRIGGERS for t in tokens)


def _is_breadcrumb(line: str) -> bool:
    if len(line) > 150 or _SENTENCE_END.search(line):
        return False
    separators = _BREADCRUMB_SEPARATORS.findall(line)
    arrows = sum(1 for s in separators if s.strip() in (">", "»", "›", "→"))
    if arrows < 1 and len(separators) < 2:
        return False
    parts = [part for part in _BREADCRUMB_SEPARATORS.split(line) if part]
    return all(word_count(part) <= 4 for part in parts)


def remove_furniture(lines: list[str]) -> list[str]:
    """The lines that belong to the story, in order."""
    return remove_furniture_keyed(lines)[0]


def remove_furniture_keyed(
    lines: list[str], folded: bool = False, characters: Set[str] | None = None
) -> tuple[list[str], list[str]]:
    """The lines that belong to the story, in order, and each one's key: its words case-folded, joined by
    single spaces (a line repeated in another case or spacing is left out). `folded`: every line is
    already its words joined by single spaces (as normalised_lines gives them), so its key is the line
    case-folded (case folding makes no character a blank; a test checks every one). `characters`: the
    characters beyond ASCII the lines may hold, as lines_and_characters gives them."""
    # A document whose letters are all of one writing system has no line in another: the check of each
    # line (a Python call for every non-ASCII letter) is left out.
    script, mixed = document_script("\n".join(lines), characters)
    kept: list[str] = []
    keys: list[str] = []
    seen: set[str] = set()
    in_link_block = False
    for line in lines:
        if _COMMENT_HEADING.match(line):
            if any(is_prose(k) for k in kept):
                break  # the comment section: readers' words, forms and buttons, never the story
            continue
        if _LINK_BLOCK_HEADING.match(line):
            in_link_block = True
            continue
        if in_link_block:
            if not is_prose(line) or line.rstrip().endswith("|"):
                continue
            in_link_block = False
        if is_furniture_line(line):
            continue
        if mixed and script and line_script(line) not in (script, None):
            continue  # a stray headline or menu in another language
        key = line.casefold() if folded else folded_key(line)
        if key in seen:
            continue  # a repeated title or pull quote
        seen.add(key)
        kept.append(line)
        keys.append(key)
    return kept, keys


def folded_key(line: str) -> str:
    """A line's key as remove_furniture_keyed gives it."""
    key = line.casefold()
    return _folded(key) if key.isprintable() else " ".join(key.split())
