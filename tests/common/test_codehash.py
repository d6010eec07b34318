"""Content hashes of the code that shapes a report: what changes them and what does not."""

from __future__ import annotations

import json
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


def _notebook(cells: list[dict], **metadata) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": cells}


def _code(source: str, **metadata) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": "a1", "metadata": metadata,
            "outputs": [], "source": source}


def _write(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def _executed(nb: dict) -> dict:
    """``nb`` as JupyterLab saves it after "Run All"."""
    done = json.loads(json.dumps(nb))
    done["nbformat_minor"] = 6
    done["metadata"]["kernelspec"] = {"display_name": "Python 3 (venv)", "name": "python3",
                                      "language": "python"}
    done["metadata"]["language_info"] = {"name": "python", "version": "3.11.9"}
    for number, cell in enumerate(done["cells"], 1):
        cell["id"] = f"saved-{number}"
        cell["metadata"]["scrolled"] = True
        if cell["cell_type"] == "code":
            cell["execution_count"] = number
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"image/svg+xml": "<svg/>" * 1000}}]
            cell["source"] = cell["source"].splitlines(keepends=True)  # as a list of lines
    return done


def test_saving_outputs_and_execution_counts_leaves_the_notebook_digest_unchanged(tmp_path):
    nb = _notebook([_code("x = 1", tags=["parameters"]), _code("report.summary()"),
                    {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Judul"}],
                   kernelspec={"display_name": "Python 3", "name": "python3"})
    clean = codehash.notebook_digest(_write(tmp_path / "clean.ipynb", nb))
    assert codehash.notebook_digest(_write(tmp_path / "run.ipynb", _executed(nb))) == clean
    folder = tmp_path / "a" / "notebooks"
    folder.mkdir(parents=True)
    _write(folder / "annual_report.ipynb", nb)
    before = codehash.notebooks_digest.__wrapped__(tmp_path / "a")
    _write(folder / "annual_report.ipynb", _executed(nb))
    assert codehash.notebooks_digest.__wrapped__(tmp_path / "a") == before


def test_editing_a_cell_its_tags_or_their_order_changes_the_notebook_digest(tmp_path):
    cells = [_code("x = 1", tags=["parameters"]), _code("report.summary()")]
    digest = codehash.notebook_digest
    clean = digest(_write(tmp_path / "nb.ipynb", _notebook(cells)))
    edited = [_code("x = 1", tags=["parameters"]), _code("report.summary()\nreport.trend()")]
    untagged = [_code("x = 1"), _code("report.summary()")]
    swapped = cells[::-1]
    markdown = [cells[0], {**cells[1], "cell_type": "markdown"}]
    seen = {clean}
    for variant in (edited, untagged, swapped, markdown):
        seen.add(digest(_write(tmp_path / "nb.ipynb", _notebook(variant))))
    assert len(seen) == 5
    assert digest(tmp_path / "missing.ipynb") is None
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert digest(tmp_path / "broken.ipynb") == codehash.sha256_bytes(b"{not json")


def test_the_project_notebook_is_hashed_by_its_source(tmp_path):
    """The real notebook: the digest the build records is the one a saved, executed copy has."""
    from helpers.common.config import notebook_path

    nb = json.loads(notebook_path().read_text(encoding="utf-8"))
    assert codehash.notebook_digest(notebook_path()) == codehash.notebook_digest(
        _write(tmp_path / "saved.ipynb", _executed(nb | {"cells": [
            {**c, "source": "".join(c["source"])} for c in nb["cells"]]})))


def test_file_digest_of_a_small_and_a_large_file_is_the_sha256_of_its_bytes(tmp_path,
                                                                         monkeypatch):
    data = bytes(range(256)) * 100
    (tmp_path / "f.bin").write_bytes(data)
    expected = codehash.sha256_bytes(data)
    assert codehash.file_digest(tmp_path / "f.bin") == expected
    monkeypatch.setattr(codehash, "_READ_AT_ONCE", 1000)  # now read in blocks
    assert codehash.file_digest(tmp_path / "f.bin") == expected
    assert codehash.file_digest(tmp_path) is None
