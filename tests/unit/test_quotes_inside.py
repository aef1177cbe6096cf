"""_inside by bisection finds what the plain loop over every quote, part and span found, in the same order."""

from __future__ import annotations

import random

from cyberread.engine.align.quotes import _inside
from cyberread.engine.align.result import Quotation, Span


def _plain(quotes: tuple[Quotation, ...], spans: tuple[Span, ...]) -> list[Span]:
    found = []
    for quote in quotes:
        for part in quote.parts:
            for span in spans:
                start, end = max(part.start, span.start), min(part.end, span.end)
                if end > start:
                    found.append(Span(start, end, span.text[start - span.start : end - span.start]))
    return sorted(found, key=lambda s: s.start)


def test_inside_by_bisection_equals_the_plain_loop() -> None:
    r = random.Random(3)
    text = "".join(r.choice("ab c") for _ in range(3000))
    for _trial in range(3000):
        quote_list = []
        for _ in range(r.randint(0, 8)):
            parts = []
            for _ in range(r.randint(1, 3)):
                a = r.randint(0, 2900)
                b = a + r.randint(0, 200)
                parts.append(Span(a, b, text[a:b]))
            quote_list.append(Quotation(tuple(parts)))
        quotes = tuple(quote_list)
        for _ in range(5):
            span_list = []
            for _ in range(r.randint(1, 3)):
                a = r.randint(0, 2900)
                b = a + r.randint(0, 300)
                span_list.append(Span(a, b, text[a:b]))
            spans = tuple(span_list)
            assert _inside(quotes, spans) == _plain(quotes, spans), (quotes, spans)
