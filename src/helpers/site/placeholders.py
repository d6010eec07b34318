"""Pages that stand in for reports a built report links but nobody has built yet.

A report page links the unit's reports of every year with data and, when published in both
languages, its other-language version (:mod:`helpers.report.navigation`): the links a later
``workbook build --all-years`` fills. Until then each such address gets a small site page (the
site's style, ``noindex``, in the address's language) saying the report is not built yet and the
command that builds it, so no link of a published report leads nowhere.

What a built report links is read from the report itself (the ``href``s before its content,
``<main``: the breadcrumbs, the bar "Laporan ini" and the ``hreflang`` alternates), so the site
follows exactly the links the renderer wrote. A placeholder carries :data:`MARKER` near its top:
it is never taken for a report (the index pages, the search, the archive and the year menu list
reports only), a report built later replaces it (the build writes over it), and the next site
build removes one that nothing links any more. Only report pages get placeholders: the year and
province pages a report links are the site's own, written for every year that has a report.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpers.common.site_paths import DEFAULT_LANGUAGE, report
from helpers.reference.registry import Registry
from helpers.site.labels import LANGUAGES

#: The line that tells a placeholder from a report; within its first :data:`SNIFF_BYTES`.
MARKER = '<meta name="workbook-page" content="placeholder">'
SNIFF_BYTES = 1024
#: A placeholder is a few kilobytes (the inlined style and script); a file larger than this is
#: never one, and is not even opened to check (a report is hundreds of kilobytes).
MAX_BYTES = 64 * 1024
#: A report page's path in the site: ``2023/bnnk-x.html``, ``2023/bnnk-x.en.html``.
_REPORT = re.compile(r"(?P<year>\d{4})/(?P<unit>[a-z0-9-]+?)(?:\.(?P<lang>[a-z]{2,3}))?\.html")
_HREF = re.compile(rb'href="([^"]*)"')
_CONTENT = b"<main"
_CHUNK = 16 * 1024


@dataclass(frozen=True)
class Missing:
    """A report page that a built report links and that does not exist."""

    year: int
    unit_id: str
    lang: str

    @property
    def address(self) -> str:
        """Its path in the site (:func:`helpers.common.site_paths.report`)."""
        return report(self.year, self.unit_id, "html", self.lang)

    @property
    def command(self) -> str:
        """The command that builds it."""
        language = "" if self.lang == DEFAULT_LANGUAGE else f" --language {self.lang}"
        return f"workbook build --year {self.year} --unit {self.unit_id}{language}"


def is_placeholder(path: Path, size: int | None = None) -> bool:
    """Whether the file at ``path`` is a placeholder page (``size``: its size, when known)."""
    try:
        if (size if size is not None else path.stat().st_size) > MAX_BYTES:
            return False
        with path.open("rb") as handle:
            return MARKER.encode() in handle.read(SNIFF_BYTES)
    except OSError:
        return False


def report_links(path: Path) -> list[str]:
    """The ``href``s of a report page before its content: its navigation (read in chunks up to
    ``<main``, never the charts' data)."""
    head = b""
    with path.open("rb") as handle:
        while _CONTENT not in head and (chunk := handle.read(_CHUNK)):
            head += chunk
    return [m.decode("utf-8", "replace")
            for m in _HREF.findall(head.split(_CONTENT, 1)[0])]


def resolve(source: str, href: str) -> str | None:
    """The site path ``href`` leads to from the page at ``source``; None for an address
    elsewhere (a scheme, an anchor, outside the site folder)."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target or ":" in target or target.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    return None if path.startswith("..") else path


def missing_reports(site_dir: Path, registry: Registry, reports: Iterable[str],
                    exists: set[str] | frozenset[str] = frozenset()) -> list[Missing]:
    """The report pages the ``reports`` (site paths of built report pages) link that do not
    exist: neither a file other than a placeholder nor one of ``exists`` (pages being written).
    A link to a unit the registry does not have in that year, or in a language the site does
    not speak, is no report, and is left out."""
    found: dict[str, Missing] = {}
    seen = set(exists)  # each target is looked at once, however many reports link it
    for source in reports:
        for href in report_links(site_dir / source):
            target = resolve(source, href)
            match = _REPORT.fullmatch(target or "")
            if match is None or target in seen:
                continue
            seen.add(target)
            path = site_dir / target
            if path.exists() and not is_placeholder(path):
                continue
            year, unit_id = int(match["year"]), match["unit"]
            lang = match["lang"] or DEFAULT_LANGUAGE
            if (lang not in LANGUAGES or unit_id not in registry
                    or not registry.get(unit_id).exists_in(year)):
                continue
            missing = Missing(year, unit_id, lang)
            if missing.address == target:
                found[target] = missing
    return sorted(found.values(), key=lambda m: (m.year, m.unit_id, m.lang))


def placeholder_files(site_dir: Path) -> list[Path]:
    """Every placeholder page in the site's year folders (``<year>/*.html``)."""
    found = []
    for folder in sorted(site_dir.glob("[0-9][0-9][0-9][0-9]")):
        if folder.is_dir():
            found += [p for p in sorted(folder.glob("*.html")) if is_placeholder(p)]
    return found


def stand_ins(site_dir: Path) -> list[Missing]:
    """The reports the site's placeholder pages stand in for."""
    found = []
    for path in placeholder_files(site_dir):
        match = _REPORT.fullmatch(path.relative_to(site_dir).as_posix())
        if match is not None:
            found.append(Missing(int(match["year"]), match["unit"],
                                 match["lang"] or DEFAULT_LANGUAGE))
    return found
