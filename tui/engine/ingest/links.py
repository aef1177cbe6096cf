"""The `<link>` elements of an HTML page (its canonical address, the feeds it offers), read without
trusting the page: a stdlib parser over at most the first two megabytes."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

_HEAD_BYTES = 2_000_000


@dataclass(frozen=True)
class PageLink:
    rels: frozenset[str]
    type: str
    href: str
    """As absolute as the page's address makes it."""


class _Links(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[PageLink] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        if values.get("href", "").strip():
            self.found.append(
                PageLink(
                    frozenset(values.get("rel", "").lower().split()),
                    values.get("type", "").lower().strip(),
                    urljoin(self.base, values["href"].strip()),
                )
            )


def page_links(html: str, base: str) -> list[PageLink]:
    """Every `<link href>` of the page, in its order."""
    parser = _Links(base)
    try:
        parser.feed(html[:_HEAD_BYTES])
        parser.close()
    except Exception:
        pass  # a page broken halfway still gave the links before the break
    return parser.found
