"""Content hashes of the code that shapes a report: what changes them and what does not."""

from __future__ import annotations

from pathlib import Path

from helpers.build import incremental
from helpers.common import codehash


def test_orchestration_code_does_not_make_reports_stale(tmp_path):
    base = tmp_path / "src" / "helpers"
    for package in ("stats", "build", "site", "render"):
        (base / package).mkdir(parents=True)
    (base / "stats" / "engine.py").write_text("A = 1\n")
    (base / "build" / "batch.py").write_text("B = 1\n")
    (base / "site" / "pages.py").write_text("C = 1\n")
    (base / "render" / "notebook.py").write_text("D = 1\n")
    before = incremental.code_digest.__wrapped__(tmp_path)
    (base / "build" / "batch.py").write_text("B = 2\n")
    (base / "site" / "pages.py").write_text("C = 2\n")
    assert incremental.code_digest.__wrapped__(tmp_path) == before
    (base / "stats" / "engine.py").write_text("A = 2\n")
    after_stats = incremental.code_digest.__wrapped__(tmp_path)
    assert after_stats != before
    (base / "render" / "notebook.py").write_text("D = 2\n")
    assert incremental.code_digest.__wrapped__(tmp_path) != after_stats


def _tree(base: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_code_hash_ignores_caches_the_cli_ingest_and_itself(tmp_path: Path):
    base = tmp_path / "src" / "helpers"
    _tree(base, {"stats/engine.py": "A = 1\n", "report/templates/page.html": "<p>x</p>\n"})
    digest = codehash.code_digest.__wrapped__
    before = digest(tmp_path)
    _tree(base, {"stats/__pycache__/engine.cpython-312.pyc": "bytes",
                 "stats/__pycache__/notes.txt": "not bytecode, but a cache folder",
                 "cli/workbook.py": "C = 1\n", "ingest/readers.py": "I = 1\n",
                 "common/codehash.py": "H = 1\n"})
    assert digest(tmp_path) == before
    _tree(base, {"common/config.py": "K = 1\n"})  # common, but not the hashing module itself
    assert digest(tmp_path) != before


def test_the_code_hash_sees_a_template_change_and_a_renamed_file(tmp_path: Path):
    base = tmp_path / "src" / "helpers"
    _tree(base, {"stats/engine.py": "A = 1\n", "report/templates/page.html": "<p>x</p>\n"})
    digest = codehash.code_digest.__wrapped__
    before = digest(tmp_path)
    _tree(base, {"report/templates/page.html": "<p>y</p>\n"})
    changed = digest(tmp_path)
    assert changed != before
    (base / "stats" / "engine.py").rename(base / "stats" / "engine2.py")  # same bytes
    assert digest(tmp_path) != changed


def test_a_tree_digest_does_not_depend_on_the_order_files_are_listed(tmp_path: Path):
    _tree(tmp_path, {"a.ipynb": "{}", "b.ipynb": "[]"})
    files = [tmp_path / "a.ipynb", tmp_path / "b.ipynb"]
    assert codehash.tree_digest(files, tmp_path) == codehash.tree_digest(files[::-1], tmp_path)
    assert codehash.tree_digest(files, tmp_path) != codehash.tree_digest(files[:1], tmp_path)
    assert codehash.file_digest(tmp_path / "a.ipynb") == codehash.sha256_bytes(b"{}")
    assert codehash.file_digest(tmp_path / "missing.ipynb") is None
