"""How wide a table cell's text can be in the PDF: the fonts' advances and the kerning that
widens a pair, kept in ``templates/font_widths.json`` for :mod:`helpers.render.typst_columns`.

The numbers come from the font files Typst is given (matplotlib's DejaVu Sans, regular and
bold), read with fontTools (a matplotlib dependency) by the generator only; the JSON file is
committed, and a test regenerates it and compares. Regenerate after a font change:
``python -m helpers.render.font_widths``.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

FACES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
#: The characters a table cell may hold and still be measured (others leave the table to
#: Typst): Latin with its supplements and extensions, general punctuation (dashes, quotes, the
#: ellipsis), arrows, mathematical operators (the minus sign, ≤, ≥) and geometric shapes (the
#: ▲ ▼ of a change). Combining marks are left out: fonts compose them with their base letter.
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2200, 0x22FF),
          (0x25A0, 0x25FF))
OUT = Path(__file__).resolve().parent / "templates" / "font_widths.json"


@cache
def font_dir() -> Path:
    """The folder of the PDF's fonts: matplotlib's bundled DejaVu, the same on every machine and
    the charts' font (the one place it is named: Typst is given it, the measures come from it).

    Found beside matplotlib's package without importing it (its ``get_data_path()`` is the
    package's ``mpl-data`` folder): a build's workers render PDFs and draw nothing, and the
    import cost each of them ~0.35 s. Where the folder is not there, matplotlib says."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
        if all((folder / face).is_file() for face in FACES.values()):
            return folder
    import matplotlib  # lazy: see above

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _widening_pairs(font, glyph_chars: dict[str, list[int]]) -> dict[tuple[int, int], int]:
    """(left, right) code point → the largest positive x-advance adjustment of the font's GPOS
    pair-positioning lookups (kerning that makes a pair wider than its advances)."""
    pairs: dict[tuple[int, int], int] = {}

    def widen(left: str, right: str, value: int) -> None:
        for a in glyph_chars.get(left, ()):
            for b in glyph_chars.get(right, ()):
                pairs[(a, b)] = max(pairs.get((a, b), 0), value)

    gpos = font["GPOS"].table
    for lookup in gpos.LookupList.Lookup:
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub) if lookup.LookupType == 9 else sub
            if getattr(sub, "LookupType", lookup.LookupType) != 2:
                continue
            coverage = sub.Coverage.glyphs
            if sub.Format == 1:
                for left, pair_set in zip(coverage, sub.PairSet, strict=True):
                    for record in pair_set.PairValueRecord:
                        value = getattr(record.Value1, "XAdvance", 0) or 0
                        if value > 0:
                            widen(left, record.SecondGlyph, value)
            else:
                classes1 = sub.ClassDef1.classDefs
                classes2 = sub.ClassDef2.classDefs
                by_class2: dict[int, list[str]] = {}
                for glyph in glyph_chars:
                    by_class2.setdefault(classes2.get(glyph, 0), []).append(glyph)
                for left in coverage:
                    row = sub.Class1Record[classes1.get(left, 0)]
                    for class2, record in enumerate(row.Class2Record):
                        value = getattr(record.Value1, "XAdvance", 0) or 0
                        if value > 0:
                            for right in by_class2.get(class2, ()):
                                widen(left, right, value)
    return pairs


def face_widths(path: Path) -> tuple[int, dict[int, int], dict[tuple[int, int], int]]:
    """A font's units per em, the advance of each measured character, and its widening pairs."""
    from fontTools.ttLib import TTFont  # lazy: only the generator and its test read the fonts

    font = TTFont(str(path))
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    advances = {cp: metrics[cmap[cp]][0] for lo, hi in RANGES for cp in range(lo, hi + 1)
                if cp in cmap}
    glyph_chars: dict[str, list[int]] = {}
    for cp in advances:
        glyph_chars.setdefault(cmap[cp], []).append(cp)
    return font["head"].unitsPerEm, advances, _widening_pairs(font, glyph_chars)


def json_source(folder: Path | None = None) -> str:
    """``font_widths.json``: ``{"units_per_em": n, "regular": {"advance": {cp: n}, "widen":
    {"left right": n}}, "bold": {…}}`` (code points in decimal), sorted: reproducible."""
    folder = folder or font_dir()
    data: dict = {}
    units = set()
    for face, name in FACES.items():
        per_em, advances, pairs = face_widths(folder / name)
        units.add(per_em)
        data[face] = {"advance": {str(cp): n for cp, n in sorted(advances.items())},
                      "widen": {f"{a} {b}": n for (a, b), n in sorted(pairs.items())}}
    if len(units) != 1:
        raise ValueError(f"the faces disagree on units per em: {sorted(units)}")
    data["units_per_em"] = units.pop()
    return json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n"


class Face:
    """One face's measures: advances by code point, widening pairs by (left, right)."""

    def __init__(self, raw: dict, units_per_em: int) -> None:
        self.units_per_em = units_per_em
        self.advance = {int(cp): n for cp, n in raw["advance"].items()}
        self.widen = {tuple(map(int, pair.split())): n for pair, n in raw["widen"].items()}

    def width(self, text: str) -> int | None:
        """The widest ``text`` can be set, in font units: its advances and every widening pair;
        None when a character is not measured."""
        advance, widen = self.advance, self.widen
        total, previous = 0, None
        for char in text:
            code = ord(char)
            found = advance.get(code)
            if found is None:
                return None
            total += found
            if previous is not None:
                total += widen.get((previous, code), 0)
            previous = code
        return total


@cache
def faces() -> dict[str, Face]:
    """The committed measures, by face (``"regular"``, ``"bold"``), read once per process."""
    raw = json.loads(OUT.read_text(encoding="utf-8"))
    return {face: Face(raw[face], raw["units_per_em"]) for face in FACES}


def main() -> None:
    OUT.write_text(json_source(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
