"""nltk's Punkt, unchanged in its decisions, with its regular expressions run by the standard `re`.

nltk 3.10 routes every regular expression through `nltk.redos`: the third-party `regex` engine under a
wall-clock time-out, a guard meant for patterns a caller supplies. Punkt's own patterns are fixed and
linear (a lazy word scan, a one-token lookahead), and we hand Punkt one line at a time, at most
`sentences.PUNKT_WINDOW` characters; the guard made sentence splitting 2.4 times slower (0.37 s against
0.15 s for the 200,000 words of bench/long_pair.py's pair). Punkt takes its language variables and its
token class as parameters for exactly this kind of change: these two subclasses compile the same
pattern strings with `re`. tests/unit/test_punkt.py checks that the sentences are the same as stock
Punkt's.
"""

from __future__ import annotations

import re
from typing import Any

from nltk.tokenize.punkt import PunktLanguageVars, PunktToken

_FLAGS = re.UNICODE | re.VERBOSE
_NON_PUNCT = re.compile(r"[^\W\d]")


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
