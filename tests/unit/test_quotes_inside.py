"""_inside by bisection finds what the plain loop over every quote, part and span found, in the same order,
and the speaker of the first quotation touched, as a loop over every quote found it."""

from __future__ import annotations

import random

from cyberread.engine.align.quote_agreement import _inside
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


def _plain_speaker(quotes: tuple[Quotation, ...], spans: tuple[Span, ...]) -> str | None:
    for quote in quotes:
        if any(p.start < s.end and s.start < p.end for p in quote.parts for s in spans):
            return quote.speaker
    return None


def test_inside_by_bisection_equals_the_plain_loop() -> None:
    r = random.Random(3)
    text = "".join(r.choice("ab c") for _ in range(3000))
    for _trial in range(3000):
        quote_list = []
        for _ in range(r.randint(0, 8)):
            parts = []
            for _ in range(r.randint(1, 3)):
                a = r.randint(0, 2900)
                b = a + r.randint(1, 200)  # find_quotations never makes an empty part
                parts.append(Span(a, b, text[a:b]))
            quote_list.append(Quotation(tuple(parts), r.choice(["Wang", "Lavrov", None])))
        quotes = tuple(quote_list)
        for _ in range(5):
            span_list = []
            for _ in range(r.randint(1, 3)):
                a = r.randint(0, 2900)
                b = a + r.randint(1, 300)  # nor does a match hold an empty span
                span_list.append(Span(a, b, text[a:b]))
            spans = tuple(span_list)
            inside, speaker = _inside(quotes, spans)
            assert inside == _plain(quotes, spans), (quotes, spans)
            assert speaker == (_plain_speaker(quotes, spans) if inside else None)
