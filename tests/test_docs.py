"""The design lives in the repository: every reference in code and docs points to a file that
exists, and no file cites a design document the repository does not hold."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md",
        ROOT / "data" / "reference" / "README.md"]
SOURCES = [p for p in (ROOT / "src" / "helpers").rglob("*") if p.suffix in {".py", ".lua", ".typ",
                                                                          ".html", ".css"}]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
DOC_PATH = re.compile(
    r"\b((?:docs|bench|notebooks|params|tools|tests|data/reference)/[\w./-]+\.\w+)")
# Documents that belong to no file of this repository (an outside design card, a prototype's
# note): code and docs cite docs/architecture.md instead, which also numbers the fork pitfalls.
FOREIGN = re.compile(r"DESIGN\.md|design note")
PITFALL = re.compile(r"pitfall \d")
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _links(doc: Path) -> list[str]:
    return [m.group(1) for m in LINK.finditer(doc.read_text(encoding="utf-8"))
            if not re.match(r"[a-z]+:", m.group(1))]


def test_every_relative_link_in_the_docs_resolves():
    broken = [f"{doc.relative_to(ROOT)} → {target}" for doc in DOCS for target in _links(doc)
              if not (doc.parent / target).exists()]
    assert not broken, broken


def test_every_repository_path_named_in_code_and_docs_exists():
    missing = []
    for path in [*SOURCES, *DOCS]:
        for match in DOC_PATH.finditer(path.read_text(encoding="utf-8")):
            named = match.group(1).rstrip(".")
            if "<" not in named and "*" not in named and not (ROOT / named).exists():
                missing.append(f"{path.relative_to(ROOT)} names {named}")
    assert not missing, missing


def test_no_file_cites_a_design_document_the_repository_does_not_hold():
    cited = [f"{p.relative_to(ROOT)}:{n}" for p in [*SOURCES, *DOCS]
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if FOREIGN.search(line)]
    assert not cited, cited


def test_a_cited_fork_pitfall_names_the_document_that_numbers_it():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert "### Forking kernels: the pitfalls" in text and "\n8. " in text
    loose = [f"{p.relative_to(ROOT)}:{n}" for p in [*SOURCES, *DOCS] if p != ARCHITECTURE
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if PITFALL.search(line) and "architecture.md" not in line]
    assert not loose, loose
