"""nltk's Punkt, unchanged in its decisions, with its regular expressions run by the standard `re`.

nltk 3.10 routes every regular expression through `nltk.redos`: the third-party `regex` engine under a
wall-clock time-out, a guard meant for patterns a caller supplies. Punkt's own patterns are fixed and
linear (a lazy word scan, a one-token lookahead), and we hand Punkt one line at a time, at most
`sentences.PUNKT_WINDOW` characters; the guard made sentence splitting 2.4 times slower (0.37 s against
0.15 s for the 200,000 words of bench/long_pair.py's pair). Punkt takes its language variables and its
token class as parameters for exactly this kind of change: these two subclasses compile the same
pattern strings with `re`. tests/unit/test_punkt.py checks that the sentences are the same as stock
Punkt's.

`MemoPunktSentenceTokenizer` remembers Punkt's verdict on each possible end. Without trained
parameters, whether "Mr. Smith" or "said. The" holds a break depends on that short context alone, and
text that repeats its contexts (a storm of abbreviations, "a. a. a.") pays for each once: 100,000 words
of "Mr. Dr. U.S. e.g." took 1.2 s to split and take 0.1 s.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import re
import sys
from types import ModuleType
from typing import Any


def _punkt_alone() -> ModuleType:
    """`nltk.tokenize.punkt`, without running nltk's package `__init__` where nltk is not imported yet.

    That `__init__` imports nearly all of nltk (corpora, chunkers, translation metrics, and scipy where
    it is installed): 0.14 s here, 2 s with scipy, of which Punkt needs five small modules (0.045 s).
    Its two packages stand in as empty modules while Punkt is imported; then they and every nltk
    module imported with them leave `sys.modules`, as it was: a later `import nltk` (by a caller who
    uses nltk too) runs nltk as usual, and this module keeps its own copy of Punkt's classes. An nltk
    laid out otherwise, or whose Punkt needs more of the package than its modules (another version), is
    imported whole, as before."""
    if "nltk" in sys.modules:
        return importlib.import_module("nltk.tokenize.punkt")
    nltk = importlib.util.find_spec("nltk")
    tokenize = None
    if nltk is not None and nltk.submodule_search_locations is not None:
        tokenize = importlib.machinery.PathFinder.find_spec("nltk.tokenize", list(nltk.submodule_search_locations))
    if nltk is not None and tokenize is not None:
        before = set(sys.modules)
        try:
            for spec in (nltk, tokenize):
                sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # its __path__, not its code
            return importlib.import_module("nltk.tokenize.punkt")
        except Exception:  # whatever the stand-ins lacked, the whole package has: imported below
            pass
        finally:
            for name in set(sys.modules) - before:
                if name == "nltk" or name.startswith("nltk."):
                    del sys.modules[name]
    return importlib.import_module("nltk.tokenize.punkt")


_PUNKT = _punkt_alone()
PunktLanguageVars: Any = _PUNKT.PunktLanguageVars
PunktParameters: Any = _PUNKT.PunktParameters
PunktSentenceTokenizer: Any = _PUNKT.PunktSentenceTokenizer
PunktToken: Any = _PUNKT.PunktToken

_FLAGS = re.UNICODE | re.VERBOSE
_NON_PUNCT = re.compile(r"[^\W\d]")
# The last of string.whitespace (what Punkt looks for) in a text, with nothing but other characters after it.
_LAST_WHITESPACE = re.compile(r"[ \t\n\r\x0b\x0c][^ \t\n\r\x0b\x0c]*\Z")
# Verdicts remembered per tokenizer; past this many contexts the memo starts again, bounding memory.
MEMO_SIZE = 50_000


class StdlibLanguageVars(PunktLanguageVars):  # type: ignore[misc]
    """Punkt's English language variables, patterns compiled by `re`."""

    re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        if not hasattr(self, "_re_word_tokenizer"):
            fields = {
                "NonWord": self._re_non_word_chars,
                "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start,
            }
            self._re_word_tokenizer = re.compile(self._word_tokenize_fmt % fields, _FLAGS)
        return self._re_word_tokenizer

    def period_context_re(self) -> re.Pattern[str]:
        if not hasattr(self, "_re_period_context"):
            fields = {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars}
            self._re_period_context = re.compile(self._period_context_fmt % fields, _FLAGS)
        return self._re_period_context


class StdlibToken(PunktToken):  # type: ignore[misc]
    """Punkt's token, its type and property patterns compiled by `re`."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern)

    @property
    def is_non_punct(self) -> Any:
        return _NON_PUNCT.search(self.type)


class MemoPunktSentenceTokenizer(PunktSentenceTokenizer):  # type: ignore[misc]
    """Punkt with its per-context verdicts remembered; its parameters must not change after the
    first sentence is split (they do not: ours are set once, no training)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        verdict = self._verdicts.get(text)
        if verdict is None:
            if len(self._verdicts) >= MEMO_SIZE:
                self._verdicts.clear()
            verdict = self._verdicts[text] = bool(super().text_contains_sentbreak(text))
        return verdict

    def _get_last_whitespace_index(self, text: str) -> int:
        # Punkt's own walks the characters back one by one in Python.
        last = _LAST_WHITESPACE.search(text)
        return last.start() if last else 0
