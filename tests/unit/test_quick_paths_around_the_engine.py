"""Quick paths of the command line around the engine, each checked against the slower way it replaces:
the mojibake pattern tried only where a sequence could begin (and so never compiled for real
typography), and the notes' and verdicts' modules left unimported for two files."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest import mojibake
from cyberread.engine.ingest.decode import decode_bytes
from tests.conftest import seed_path

from .test_mojibake_check import CODE_PAGE_CHARACTERS, misread_pieces


def searched(text: str) -> bool:
    """The pattern searched for over the whole text: what the quick path must agree with."""
    return bool(mojibake._mojibake_pattern().search(text))


# Short texts of the characters mojibake is made of, where the two characters a match begins with sit at
# either end of the text as often as inside it.
short_texts = st.text(alphabet=st.sampled_from([*CODE_PAGE_CHARACTERS, *"a ?\x1a\ufffd"]), max_size=5)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(short_texts, st.builds(lambda a, b, c: a + b + c, short_texts, misread_pieces, short_texts)))
def test_the_places_left_untried_are_never_where_the_pattern_matches(text: str) -> None:
    assert mojibake._holds_mojibake(text) == searched(text)


def test_every_code_page_sequence_begins_where_the_quick_path_looks() -> None:
    # Each sequence's first two places, their characters taken in turn, in plain words.
    for page in mojibake.MOJIBAKE_CODE_PAGES:
        for places in mojibake._sequences(page):
            rest = "".join(characters[0] for characters in places[2:])
            for first in places[0]:
                for second in places[1]:
                    text = f"x {first}{second}{rest} y"
                    assert mojibake._holds_mojibake(text) == searched(text)


# (An accented letter right before a curly quote or an ellipsis, "café…", can begin a sequence: there
# the pattern is compiled and tried.)
REAL_TYPOGRAPHY = "“Ibáñez,” she said — it’s £100 at the café. São Paulo, Erdoğan, naïve, Müller."


def test_real_typography_is_checked_without_compiling_the_pattern() -> None:
    mojibake._mojibake_pattern.cache_clear()
    assert decode_bytes(REAL_TYPOGRAPHY.encode("utf-8")) == REAL_TYPOGRAPHY
    assert mojibake._mojibake_pattern.cache_info().currsize == 0
    assert decode_bytes("It’s the cafÃ© of MÃ¼ller".encode()) == "It’s the café of Müller"
    assert mojibake._mojibake_pattern.cache_info().currsize == 1


def test_two_files_compared_import_neither_the_notes_nor_the_verdicts() -> None:
    script = (
        "import sys\n"
        "from cyberread.cli import main\n"
        "main(['compare', *sys.argv[1:], '--format', 'json', '--no-cache'])\n"
        "print(sorted(m for m in ('cyberread.store.exporting', 'cyberread.store.verdicts') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    pair = [str(seed_path("000")), str(seed_path("001"))]
    done = subprocess.run([sys.executable, "-c", script, *pair], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
    assert '"matches"' in done.stdout
