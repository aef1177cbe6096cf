"""A talking point as the corpus search reports it (phrases.py finds them): its wording, where and when
each outlet used it, and its form in the results cache and in exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a phrase is in one article: [start, end) offsets of its body."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase recurring across articles, with where and when it was used."""

    text: str
    """As the earliest article (dated first, then by id) words it."""
    articles: tuple[str, ...]
    """Article ids, earliest first (undated last)."""
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    boilerplate: bool
    occurrences: tuple[Occurrence, ...]
    per_outlet: dict[str, int] = field(default_factory=dict)
    """Articles per outlet ("" for articles without one)."""
    per_month: dict[str, int] = field(default_factory=dict)
    """Articles per month ("YYYY-MM"; undated articles are not counted)."""
    timeline: dict[str, dict[str, int]] = field(default_factory=dict)
    """Outlet -> month -> articles: the spread over time, outlet by outlet."""

    def as_dict(self) -> dict[str, object]:
        return {
            "phrase": self.text,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first": self.first,
            "last": self.last,
            "boilerplate": self.boilerplate,
            "per_outlet": dict(self.per_outlet),
            "per_month": dict(self.per_month),
            "timeline": {outlet: dict(months) for outlet, months in self.timeline.items()},
            "occurrences": [{"article": o.article_id, "start": o.start, "end": o.end} for o in self.occurrences],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Phrase:
        """A phrase as `as_dict` wrote it (the results cache keeps them so)."""
        return cls(
            text=str(data["phrase"]),
            articles=tuple(map(str, data["articles"])),
            outlets=tuple(map(str, data["outlets"])),
            first=data["first"],
            last=data["last"],
            boilerplate=bool(data["boilerplate"]),
            occurrences=tuple(
                Occurrence(str(o["article"]), int(o["start"]), int(o["end"])) for o in data["occurrences"]
            ),
            per_outlet={str(k): int(v) for k, v in data["per_outlet"].items()},
            per_month={str(k): int(v) for k, v in data["per_month"].items()},
            timeline={
                str(outlet): {str(k): int(v) for k, v in months.items()}
                for outlet, months in data.get("timeline", {}).items()
            },
        )
