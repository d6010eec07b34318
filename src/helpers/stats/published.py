"""Published figures as ``figure → value`` pairs, and what a new build would change of them.

A published year is compared figure by figure: the figures file's numbers flattened to readable
paths (``suspects``, ``rehab.clients``, ``own.seizures.sabu.gram``, ``previous.cases``), so the
refusal and the Ralat can name exactly what changed. Names, levels and provenance are not
figures (a renamed unit changes no published number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NOT_FIGURES = frozenset({"unit_id", "unit_name", "year", "level", "parent_id", "region_codes",
                         "language", "provenance"})


def flat_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """Every number of a figures file under a dotted path; seizures keyed by drug and unit."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if not (prefix == "" and key in NOT_FIGURES) and key != "year":
                    walk(f"{prefix}{key}.", inner)
        elif isinstance(value, list) and all(isinstance(v, dict) and "drug" in v
                                             for v in value):
            for row in value:
                key = ".".join(str(part) for part in (row["drug"], row.get("uom")) if part)
                walk(f"{prefix}{key}.", row.get("quantity"))
        else:
            out[prefix.rstrip(".")] = value

    walk("", figures)
    return out


@dataclass(frozen=True)
class Change:
    """One published figure a build would change."""

    unit_id: str
    figure: str
    published: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "figure": self.figure, "published": self.published,
                "new": self.new}


def changes(unit_id: str, published: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Figures that differ between the published and the new flat figures (added and removed
    ones too: a seizure that appears or disappears is a change), in a stable order."""
    keys = sorted(set(published) | set(new))
    return [Change(unit_id, key, published.get(key), new.get(key))
            for key in keys if published.get(key) != new.get(key)]
