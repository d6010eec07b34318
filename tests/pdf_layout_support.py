"""A printed page checked as a reader's eye would check it, from the PDF itself.

Typst writes a tagged PDF: every heading, paragraph, table, figure and caption is an element of
the document's structure tree, and every glyph and drawing carries the marked-content id of the
element it belongs to; the running header and footer and the draft watermark are artifacts.
pdfplumber reads both, so the rules below know what a heading or a chart is from the document
itself, not from guesses about font sizes. The rules, each a function returning the problems it
finds in words (page, what, where):

* :func:`overlapping_words` — no two words overprint each other (the rotated watermark aside);
* :func:`words_outside_margins` — no word of the text, no chart, crosses the page margins;
* :func:`underfilled_pages` — no page after the cover is less than a quarter filled, unless it
  is the last page of its section (the page before a chapter starts, or the last page);
* :func:`charts_apart_from_caption` — every chart is on the page of its caption, or (without
  one) of the heading or text that introduces it: a chart never opens a page on its own;
* :func:`stranded_headings` — no heading ends a page with nothing of its own under it.

Words are cut from the glyphs in the order the PDF draws them, so two texts drawn over each
other stay two words (sorting glyphs by position would merge them into one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

MM = 72 / 25.4
TEMPLATE = (Path(__file__).resolve().parents[1] / "src" / "helpers" / "render" / "templates"
            / "report.typ")
HEADING = re.compile(r"^H([1-6])$")
#: Structure elements that only group others: the rules look inside them.
CONTAINERS = frozenset({"Document", "DocumentFragment", "Part", "Sect", "Div", "NonStruct",
                        "Art", "Aside"})


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.top, other.top),
                   max(self.x1, other.x1), max(self.bottom, other.bottom))

    def overlap(self, other: Box) -> tuple[float, float]:
        """How far the two boxes overlap across and down (negative: apart)."""
        return (min(self.x1, other.x1) - max(self.x0, other.x0),
                min(self.bottom, other.bottom) - max(self.top, other.top))

    def at(self) -> str:
        return f"x {self.x0:.0f}–{self.x1:.0f} pt, y {self.top:.0f}–{self.bottom:.0f} pt"


@dataclass(frozen=True)
class Margins:
    """The page margins in points (A4: 595 × 842 pt)."""

    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    artifact: bool  # the running header or footer, not the text
    #: The box without punctuation hanging at its end (Typst's ``overhang`` puts a justified
    #: line's last comma or hyphen a little into the margin, on purpose).
    inner: Box | None = None


@dataclass(frozen=True)
class Element:
    """One block of the document on one page, in reading order: a heading (``level``), a
    paragraph or table (``text``), a chart (a structure ``Figure``) or a ``caption``."""

    kind: str
    page: int
    box: Box
    text: str = ""
    level: int = 0


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    #: Artifacts drawn in the page's body: a long table's header, repeated on each page.
    furniture: list[Box] = field(default_factory=list)


@dataclass
class Layout:
    """A PDF as the rules read it: per page its words and its elements in reading order."""

    path: Path
    margins: Margins
    pages: list[Page]

    @property
    def elements(self) -> list[Element]:
        return [e for p in self.pages for e in p.elements]


def report_margins(template: Path = TEMPLATE) -> Margins:
    """The margins the report's Typst template sets (``margin: (x: …, top: …, bottom: …)``)."""
    found = re.search(r"margin:\s*\(x:\s*([\d.]+)mm,\s*top:\s*([\d.]+)mm,\s*bottom:\s*"
                      r"([\d.]+)mm\)", template.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"no page margins in {template}")
    x, top, bottom = (float(v) * MM for v in found.groups())
    return Margins(x, x, top, bottom)


# ----------------------------------------------------------------------------- reading


def _box(obj: dict[str, Any]) -> Box:
    return Box(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _rotated(char: dict[str, Any]) -> bool:
    matrix = char.get("matrix") or (1, 0, 0, 1, 0, 0)
    return abs(matrix[1]) > 1e-3 or abs(matrix[2]) > 1e-3


#: Punctuation Typst lets hang into the margin at the end of a justified line (``overhang``).
HANGING = frozenset(",.;:-–—'\"’”)")


def _words(chars: Iterable[dict[str, Any]]) -> Iterator[Word]:
    """Words from the glyphs in drawing order: a space, a new line, a jump back or a gap of
    more than a third of the font size ends a word (kerning moves a glyph back a little). Rotated
    glyphs are left out: the draft watermark is drawn across the page on purpose."""
    glyphs: list[dict[str, Any]] = []
    last = None
    for c in chars:
        if _rotated(c):
            continue
        box, size = _box(c), float(c["size"])
        ends = (last is None or c["text"].isspace() or abs(box.top - last.top) > 0.5
                or box.x0 < last.x1 - size / 3 or box.x0 > last.x1 + size / 3)
        if ends and glyphs:
            yield _word(glyphs)
            glyphs = []
        if not c["text"].isspace():
            glyphs.append(c)
        last = box
    if glyphs:
        yield _word(glyphs)


def _union(glyphs: list[dict[str, Any]]) -> Box:
    box = _box(glyphs[0])
    for g in glyphs[1:]:
        box = box.union(_box(g))
    return box


def _word(glyphs: list[dict[str, Any]]) -> Word:
    kept = len(glyphs)
    while kept > 1 and glyphs[kept - 1]["text"] in HANGING:
        kept -= 1
    return Word("".join(g["text"] for g in glyphs), _union(glyphs),
                glyphs[0].get("tag") == "Artifact", _union(glyphs[:kept]))


@dataclass
class Node:
    """One element of the PDF's structure tree: its type (role-mapped), title or alt text, the
    marked contents it holds directly as (page, mcid), and its children in reading order."""

    type: str
    label: str = ""
    refs: list[tuple[int, int]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def all_refs(self) -> list[tuple[int, int]]:
        return [*self.refs, *(r for c in self.children for r in c.all_refs())]

    def holds(self, kinds: frozenset[str]) -> bool:
        return self.type in kinds or any(c.holds(kinds) for c in self.children)


def _name(value: Any) -> str:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else decode_text(value) if isinstance(
        value, bytes) else str(value or "")


def structure(pdf: Any) -> Node:
    """The document's structure tree, each marked content with the page it is on.

    pdfplumber's own reading files a paragraph's marked contents on the next page under the
    paragraph's first page (and leaves them out of the next page's tree), so a page whose text
    all continues from the page before would look empty."""
    pages = {p.page_obj.pageid: p.page_number for p in pdf.pages}
    root = resolve1(pdf.doc.catalog.get("StructTreeRoot")) or {}
    roles = {k: _name(v) for k, v in (resolve1(root.get("RoleMap")) or {}).items()}

    def page_of(obj: dict[str, Any], default: int) -> int:
        ref = obj.get("Pg")
        return pages.get(ref.objid, default) if isinstance(ref, PDFObjRef) else default

    def walk(obj: Any, parent: Node, page: int) -> None:
        obj = resolve1(obj)
        if isinstance(obj, int):
            parent.refs.append((page, obj))
        elif isinstance(obj, list):
            for kid in obj:
                walk(kid, parent, page)
        elif isinstance(obj, dict) and "MCID" in obj:
            parent.refs.append((page_of(obj, page), int(resolve1(obj["MCID"]))))
        elif isinstance(obj, dict) and "S" in obj:
            kind = _name(obj["S"])
            node = Node(roles.get(kind, kind), _name(obj.get("T")) or _name(obj.get("Alt")))
            parent.children.append(node)
            walk(obj.get("K", []), node, page_of(obj, page))
        # an object reference (a link annotation) holds no marked content

    top = Node("StructTreeRoot")
    walk(root.get("K", []), top, 0)
    return top


def _blocks(nodes: list[Node]) -> Iterator[tuple[str, int, Node]]:
    """(kind, heading level, node) of each block in reading order: containers, and paragraphs
    that hold a figure, are opened; everything else is one block."""
    for node in nodes:
        heading = HEADING.match(node.type)
        if heading:
            yield "heading", int(heading.group(1)), node
        elif node.type == "Figure":
            yield "chart", 0, node
        elif node.type == "Caption":
            yield "caption", 0, node
        elif node.type in CONTAINERS or node.holds(frozenset({"Figure", "Caption"})):
            yield from _blocks(node.children)
        else:
            yield "text", 0, node


def _furniture(page: Any) -> list[Box]:
    """The boxes of the page's artifacts, rotated text (the draft watermark) left out."""
    return [_box(o) for kind in ("char", "rect", "line", "curve")
            for o in page.objects.get(kind, [])
            if o.get("tag") == "Artifact" and not (kind == "char" and _rotated(o))]


def _marked(page: Any) -> dict[int, list[dict[str, Any]]]:
    """The page's glyphs and drawings by marked-content id (artifacts left out)."""
    by_mcid: dict[int, list[dict[str, Any]]] = {}
    for kind in ("char", "rect", "line", "curve", "image"):
        for obj in page.objects.get(kind, []):
            if obj.get("tag") != "Artifact" and obj.get("mcid") is not None:
                by_mcid.setdefault(int(obj["mcid"]), []).append(obj)
    return by_mcid


def _elements(tree: Node, marked: dict[int, dict[int, list[dict[str, Any]]]]) -> Iterator[
        Element]:
    """Each block once per page it is printed on, in reading order."""
    for kind, level, node in _blocks(tree.children):
        by_page: dict[int, list[dict[str, Any]]] = {}
        for page, mcid in node.all_refs():
            by_page.setdefault(page, []).extend(marked.get(page, {}).get(mcid, []))
        for page, objects in by_page.items():
            if objects:
                text = node.label or "".join(o["text"] for o in objects
                                             if o["object_type"] == "char")
                yield Element(kind, page, _union(objects), text, level)


def read_layout(path: Path, margins: Margins | None = None) -> Layout:
    """Every page's words and elements (pdfplumber: glyph boxes and the structure tree)."""
    with pdfplumber.open(path) as pdf:
        pages = [Page(p.page_number, float(p.width), float(p.height), list(_words(p.chars)),
                      furniture=_furniture(p)) for p in pdf.pages]
        marked = {p.page_number: _marked(p) for p in pdf.pages}
        for element in _elements(structure(pdf), marked):
            pages[element.page - 1].elements.append(element)
    return Layout(Path(path), margins or report_margins(), pages)


# ------------------------------------------------------------------------------- rules


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def overlapping_words(layout: Layout, tolerance: float = 0.5) -> list[str]:
    """Two words whose boxes overlap by more than ``tolerance`` points both ways."""
    found = []
    for page in layout.pages:
        words = sorted(page.words, key=lambda w: w.box.top)
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b.box.top >= a.box.bottom - tolerance:
                    break
                across, down = a.box.overlap(b.box)
                if across > tolerance and down > tolerance:
                    found.append(f"page {page.number}: “{a.text}” and “{b.text}” overprint "
                                 f"({a.box.union(b.box).at()})")
    return found


#: How far below its baseline a word's box reaches, as a share of the box (DejaVu Sans: 0,236 em).
DESCENT = 0.24


def words_outside_margins(layout: Layout, tolerance: float = 1.0) -> list[str]:
    """Words of the text and charts outside the margins; the running header and footer (in the
    margins by design) only outside the page."""
    m, found = layout.margins, []
    for page in layout.pages:
        body = Box(m.left, m.top, page.width - m.right, page.height - m.bottom)
        sheet = Box(0, 0, page.width, page.height)
        items = [(w.text, w.inner or w.box, sheet if w.artifact else body)
                 for w in page.words]
        items += [(f"chart “{_short(e.text)}”", e.box, body)
                  for e in page.elements if e.kind == "chart"]
        for text, box, area in items:
            # Typst sets a line's bottom edge at its baseline, so the last line of a full page
            # has its descenders below the text area, as in any book: a word's box (the font's
            # size, from ascent to descent) may reach that far past the bottom margin.
            below = DESCENT * (box.bottom - box.top) if not text.startswith("chart ") else 0
            if (box.x0 < area.x0 - tolerance or box.x1 > area.x1 + tolerance
                    or box.top < area.top - tolerance
                    or box.bottom > area.bottom + tolerance + below):
                found.append(f"page {page.number}: “{_short(text)}” crosses the margin "
                             f"({box.at()}; text area x {area.x0:.0f}–{area.x1:.0f}, "
                             f"y {area.top:.0f}–{area.bottom:.0f})")
    return found


def section_starts(layout: Layout, level: int = 2) -> set[int]:
    """Pages on which a heading of ``level`` or above (a chapter) is printed."""
    return {e.page for e in layout.elements if e.kind == "heading" and e.level <= level}


def fill(layout: Layout, page: Page) -> float:
    """How much of the text area the page's content spans, top to bottom (0–1); a table's
    header repeated at the top of the page counts, the running header and footer do not."""
    m = layout.margins
    top, bottom = m.top - 1, page.height - m.bottom + 1
    boxes = [e.box for e in page.elements]
    boxes += [b for b in page.furniture if b.top >= top and b.bottom <= bottom]
    if not boxes:
        return 0.0
    height = page.height - m.top - m.bottom
    return (max(b.bottom for b in boxes) - min(b.top for b in boxes)) / height


def underfilled_pages(layout: Layout, minimum: float = 0.25, section_level: int = 2,
                      cover: bool = True) -> list[str]:
    """Pages (after the ``cover``) less than ``minimum`` filled that are not the last page of
    their section."""
    starts, last = section_starts(layout, section_level), len(layout.pages)
    found = []
    for page in layout.pages[1 if cover else 0:]:
        if page.number == last or page.number + 1 in starts:
            continue
        share = fill(layout, page)
        if share < minimum:
            first = next((e.text for e in page.elements), "")
            found.append(f"page {page.number}: only {share:.0%} filled (“{_short(first)}”), "
                         f"and the section goes on on page {page.number + 1}")
    return found


def _introducer(elements: list[Element], i: int) -> Element | None:
    """What introduces the chart ``elements[i]``: its caption (above, or else below it), or
    the heading or text printed before it."""
    before = elements[i - 1] if i > 0 else None
    after = elements[i + 1] if i + 1 < len(elements) else None
    if (before is None or before.kind != "caption") and after is not None \
            and after.kind == "caption":
        return after
    return before


def charts_apart_from_caption(layout: Layout) -> list[str]:
    """Charts not on the page of their caption (or of what introduces them, without one)."""
    elements, found = layout.elements, []
    for i, chart in enumerate(elements):
        if chart.kind != "chart":
            continue
        intro = _introducer(elements, i)
        if intro is None or intro.page != chart.page:
            where = "nothing" if intro is None else (
                f"its {intro.kind} “{_short(intro.text)}” is on page {intro.page}")
            found.append(f"page {chart.page}: chart “{_short(chart.text)}” opens the page; "
                         f"{where}")
    return found


def stranded_headings(layout: Layout) -> list[str]:
    """Headings that end their page: what they head starts on the next one."""
    elements, found = layout.elements, []
    for heading, following in zip(elements, elements[1:], strict=False):
        if heading.kind == "heading" and following.page != heading.page:
            found.append(f"page {heading.page}: heading “{_short(heading.text)}” ends the page; "
                         f"its content starts on page {following.page}")
    return found


RULES = (overlapping_words, words_outside_margins, underfilled_pages,
         charts_apart_from_caption, stranded_headings)


def layout_problems(path: Path, margins: Margins | None = None) -> list[str]:
    """Every rule's findings for one PDF, each prefixed with the file's name."""
    layout = read_layout(path, margins)
    return [f"{layout.path.name}, {problem}" for rule in RULES for problem in rule(layout)]
