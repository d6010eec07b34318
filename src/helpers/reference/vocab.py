"""Controlled vocabularies: drugs, units of measure and the coded fields of the canonical tables.

The vocabularies live in reference data, not in code, so a deployment can extend them (a new
drug, a new outreach activity) by editing CSV files under ``data/reference/``:

- ``drugs.csv`` — ``drug,label_id,label_en,uoms[,aliases]``: one row per drug slug, in report
  order; ``uoms`` lists the canonical units the drug may be reported in (``|``-separated), e.g.
  ``gram|batang`` for ganja. ``aliases`` (optional, ``|``-separated) are extra accepted spellings.
- ``uom.csv`` — ``alias,uom,factor``: every accepted spelling of a unit, the canonical unit it
  means and the multiplier into it (``kg,gram,1000``). Each canonical unit maps to itself with 1.
- ``vocabulary.csv`` — ``field,code,label_id,label_en,sort[,kind][,aliases][,scale]``: the
  codes of ``service``, ``status``, ``funding``, ``sex``, ``activity``, ``sector``,
  ``indicator``, ``recommendation`` (asesmen terpadu), ``test_kind`` (SKHPN, tes urine),
  ``community_item`` (penggiat, Desa Bersinar …), the labels of the canonical units (field
  ``uom``) and the larger units a sentence reads quantities in (field ``uom_display``:
  ``kilogram``, ``ton``, ``liter``; their factor is the one ``uom.csv`` gives the same
  spelling). ``kind`` is only used by ``indicator``: ``index`` (a survey-based score whose
  realisation is entered in the targets table) or ``count`` (realisation computed from the
  data). ``scale`` (``1-4``) bounds an index that is measured on a fixed scale (IKM, IKR), so
  ingest can refuse a converted 0–100 score typed in its place.

Matching (``Vocab.normalize``) ignores case and treats runs of spaces, ``_`` and ``-`` alike, and
accepts the code, both labels and the aliases. Errors are :class:`VocabError` (a ``ValueError``)
carrying ``.suggestion`` and ``.allowed`` so callers can word their own Indonesian messages.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[3] / "data" / "reference"
_LANG_COLUMNS = {"id": "label_id", "en": "label_en"}


class VocabError(ValueError):
    """A value outside a vocabulary (or a unit not allowed for a drug).

    ``suggestion`` is the closest valid code (or None); ``allowed`` the valid codes.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str,
        value: object,
        suggestion: str | None = None,
        allowed: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.suggestion = suggestion
        self.allowed = allowed


def _key(raw: object) -> str:
    """Matching key: lower case, trimmed, runs of spaces/underscores/hyphens as one ``_``."""
    return re.sub(r"[\s_\-]+", "_", str(raw).strip().lower()).strip("_")


def lang_code(lang: str) -> str:
    """``id``/``en`` from a language tag such as ``id``, ``id_ID`` or ``en-GB``."""
    short = lang.replace("-", "_").split("_")[0].lower()
    if short not in _LANG_COLUMNS:
        raise ValueError(f"unsupported language {lang!r}: use 'id' or 'en'")
    return short


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


@dataclass(frozen=True)
class _Entry:
    code: str
    label_id: str
    label_en: str
    kind: str
    aliases: tuple[str, ...]
    scale: tuple[float, float] | None = None


@dataclass(frozen=True, eq=False)
class Vocab:
    """All vocabularies of one reference folder; build it with :func:`load_vocab`."""

    entries: dict[str, list[_Entry]]  # field -> entries in sort order
    drug_uoms: dict[str, tuple[str, ...]]
    uom_aliases: dict[str, tuple[str, Decimal]]  # _key(alias) -> (canonical uom, factor)
    _lookup: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for name, items in self.entries.items():
            table = self._lookup.setdefault(name, {})
            for entry in items:
                names = (entry.code, entry.label_id, entry.label_en, *entry.aliases)
                for raw in names:
                    _add_key(table, name, _key(raw), entry.code)
        for alias, (uom, _factor) in self.uom_aliases.items():
            _add_key(self._lookup.setdefault("uom", {}), "uom", alias, uom)

    @property
    def drugs(self) -> list[str]:
        """Drug slugs in report order (the order of ``drugs.csv``)."""
        return self.codes("drug")

    @property
    def fields(self) -> list[str]:
        """Every field name that :meth:`codes`, :meth:`label` and :meth:`normalize` accept."""
        return list(self.entries)

    def codes(self, field: str) -> list[str]:
        """The codes of ``field`` in sort order; unknown field → VocabError."""
        return [entry.code for entry in self._entries(field)]

    def allowed_uoms(self, drug: str) -> tuple[str, ...]:
        """The canonical units ``drug`` (a slug) may be reported in, e.g. ``("gram", "batang")``."""
        if drug not in self.drug_uoms:
            raise self._unknown("drug", drug)
        return self.drug_uoms[drug]

    def label(self, field: str, code: str, lang: str = "id") -> str:
        """The label of a code; an unknown code is returned as it is (never fails a report)."""
        column = _LANG_COLUMNS[lang_code(lang)]
        for entry in self._entries(field):
            if entry.code == code:
                return getattr(entry, column) or code
        return code

    def kind(self, field: str, code: str) -> str | None:
        """The ``kind`` column (``index`` | ``count`` for indicators); None when empty/unknown."""
        for entry in self._entries(field):
            if entry.code == code:
                return entry.kind or None
        return None

    def scale(self, field: str, code: str) -> tuple[float, float] | None:
        """The fixed scale of an index (``(1.0, 4.0)`` for IKM), or None when it has none."""
        for entry in self._entries(field):
            if entry.code == code:
                return entry.scale
        return None

    def larger_units(self, uom: str) -> list[tuple[str, Decimal]]:
        """The larger units a canonical unit reads in, largest first: ``gram`` →
        ``[("ton", 1000000), ("kilogram", 1000)]``; ``[]`` for a unit with none (``butir``)."""
        found = []
        for entry in self.entries.get("uom_display", []):
            base = self.uom_aliases.get(_key(entry.code))
            if base is not None and base[0] == uom and base[1] > 1:
                found.append((entry.code, base[1]))
        return sorted(found, key=lambda item: -item[1])

    def normalize(self, field: str, raw: object) -> str:
        """The code ``raw`` stands for (code, label or alias; case- and spacing-insensitive).

        For ``uom`` this gives the canonical unit only; use :meth:`normalize_quantity` to convert.
        """
        self._entries(field)
        code = self._lookup.get(field, {}).get(_key(raw)) if raw is not None else None
        if code is None:
            raise self._unknown(field, raw)
        return code

    def normalize_quantity(self, drug: str, quantity: float, raw_uom: str) -> tuple[float, str]:
        """Convert into the drug's canonical unit: ``(1.5, "kg")`` → ``(1500.0, "gram")``.

        ``drug`` may be a slug or any accepted spelling. Raises VocabError when the unit is unknown
        or not allowed for the drug (``.allowed`` then lists the drug's units). The product is
        computed in decimal so 0.307527 kg gives exactly 307.527 gram. Range checks (≥ 0) are the
        caller's.
        """
        slug = self.normalize("drug", drug)
        uom = self.normalize("uom", raw_uom)
        allowed = self.allowed_uoms(slug)
        if uom not in allowed:
            raise VocabError(
                f"unit {raw_uom!r} is not allowed for {slug}; allowed: {', '.join(allowed)}",
                field="uom",
                value=raw_uom,
                suggestion=allowed[0],
                allowed=allowed,
            )
        factor = self.uom_aliases[_key(raw_uom)][1] if _key(raw_uom) in self.uom_aliases else 1
        return float(Decimal(str(quantity)) * Decimal(factor)), uom

    def _entries(self, field: str) -> list[_Entry]:
        if field not in self.entries:
            raise self._unknown_field(field)
        return self.entries[field]

    def _unknown_field(self, name: str) -> VocabError:
        allowed = tuple(self.entries)
        close = difflib.get_close_matches(name, allowed, n=1)
        return VocabError(
            f"unknown vocabulary field {name!r}",
            field="field",
            value=name,
            suggestion=close[0] if close else None,
            allowed=allowed,
        )

    def _unknown(self, field: str, raw: object) -> VocabError:
        allowed = tuple(self.codes(field))
        keys = self._lookup.get(field, {})
        close = difflib.get_close_matches(_key(raw), list(keys), n=1, cutoff=0.6)
        suggestion = keys[close[0]] if close else None
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        return VocabError(
            f"unknown {field} {raw!r}{hint} (allowed: {', '.join(allowed)})",
            field=field,
            value=raw,
            suggestion=suggestion,
            allowed=allowed,
        )


def _add_key(table: dict[str, str], field: str, key: str, code: str) -> None:
    if key and table.setdefault(key, code) != code:
        raise ValueError(f"vocabulary {field}: {key!r} names both {table[key]!r} and {code!r}")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle)
        ]


def _scale(row: dict[str, str]) -> tuple[float, float] | None:
    """``1-4`` → ``(1.0, 4.0)``; empty → None; anything else is a broken reference file."""
    text = row.get("scale", "")
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*", text)
    if match is None or float(match[1]) >= float(match[2]):
        raise ValueError(f"vocabulary.csv: {row['field']} {row['code']!r} has scale {text!r}; "
                         "write it as low-high, e.g. 1-4")
    return float(match[1]), float(match[2])


def _build(reference_dir: Path) -> Vocab:
    uom_aliases: dict[str, tuple[str, Decimal]] = {}
    for row in _read_csv(reference_dir / "uom.csv"):
        uom_aliases[_key(row["alias"])] = (row["uom"], Decimal(row["factor"]))
    canonical = {uom for uom, _ in uom_aliases.values()}
    for uom in canonical:
        if uom_aliases.get(_key(uom)) != (uom, Decimal(1)):
            raise ValueError(f"uom.csv: canonical unit {uom!r} must map to itself with factor 1")

    entries: dict[str, list[_Entry]] = {"drug": []}
    drug_uoms: dict[str, tuple[str, ...]] = {}
    for row in _read_csv(reference_dir / "drugs.csv"):
        uoms = tuple(_split(row["uoms"]))
        if not uoms or not set(uoms) <= canonical:
            raise ValueError(f"drugs.csv: {row['drug']!r} has units {uoms} not in uom.csv")
        drug_uoms[row["drug"]] = uoms
        entries["drug"].append(
            _Entry(
                row["drug"], row["label_id"], row["label_en"], "", tuple(_split(row.get("aliases")))
            )
        )

    rows = _read_csv(reference_dir / "vocabulary.csv")
    order = {name: i for i, name in reversed(list(enumerate(r["field"] for r in rows)))}
    rows.sort(key=lambda r: (order[r["field"]], float(r.get("sort") or 0)))
    for row in rows:
        entry = _Entry(
            row["code"],
            row["label_id"],
            row["label_en"],
            row.get("kind", ""),
            tuple(_split(row.get("aliases"))),
            _scale(row),
        )
        entries.setdefault(row["field"], []).append(entry)
    for entry in entries.get("uom_display", []):
        if _key(entry.code) not in uom_aliases:
            raise ValueError(f"vocabulary.csv: display unit {entry.code!r} is not in uom.csv")
    known_uoms = {entry.code for entry in entries.get("uom", [])}
    entries.setdefault("uom", []).extend(
        _Entry(uom, uom, uom, "", ()) for uom in sorted(canonical - known_uoms)
    )
    return Vocab(entries=entries, drug_uoms=drug_uoms, uom_aliases=uom_aliases)


@lru_cache(maxsize=8)
def _load_cached(reference_dir: Path) -> Vocab:
    return _build(reference_dir)


def load_vocab(reference_dir: Path | None = None) -> Vocab:
    """The vocabularies of ``reference_dir`` (default: the bundled ``data/reference``), cached.

    The cache is per resolved folder and lives for the process: code that edits the CSV files
    must call :func:`clear_cache` to see the change.
    """
    folder = Path(reference_dir or DEFAULT_REFERENCE_DIR).resolve()
    return _load_cached(folder)


def clear_cache() -> None:
    """Forget every loaded vocabulary (after editing reference CSV files in a running process)."""
    _load_cached.cache_clear()
