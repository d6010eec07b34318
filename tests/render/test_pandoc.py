"""The long-lived pandoc session writes what the pandoc command line writes, and survives."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from helpers.render import documents as render
from helpers.render import pandoc as pandoc_session
from helpers.render.pandoc import PandocError, Writer
from render_support import pandoc_command_line

TEMPLATES = render.TEMPLATES

# Everything the reports use: headings, pipe tables (one 74 characters wide: wider than
# --columns 72, not than the Lua reader's default 80, so its relative widths depend on it), a
# figure with its alt text, a foreign image, links safe and not, attributes the filter must
# strip, non-ASCII text.
MARKDOWN = """\
## Ringkasan Eksekutif {#ringkasan onclick="x()"}

Sepanjang tahun 2024 BNN mengungkap **7 kasus** — 9.215,862 gram ganja; lihat
[laporan](https://bnn.go.id) dan [ini](javascript:alert(1)).

| Indikator | 2024 | 2023 |
|:----------|-----:|-----:|
| Kasus     | 7    | 5    |

| Tahun | Kasus narkotika | Tersangka | Klien rehabilitasi | Peserta P2M |
|:-----|-----:|-----:|-----:|-----:|
| 2024 | 7 | 11 | 23 | 1.955 |

![Kasus per bulan](fig-1.svg){bnn-alt="Kasus per bulan, 2024. Jan: 0."}

![luar](https://example.org/x.png)

### Catatan

Teks [bertanda]{style="color:red"} dan `kode`{.py}.
"""
META = {"title": "BNN Kota Banda Aceh", "pagetitle": "BNN Kota Banda Aceh", "lang": "id",
        "subtitle": "Laporan Akhir Tahun 2024", "date": "30 Desember 2024"}
VARIABLES = {"agency": "Badan Narkotika Nasional", "toc-title": "Daftar Isi",
             "draft-note": "Rancangan", "skip-label": "Langsung ke isi",
             "figure-label": "Gambar", "table-label": "Tabel", "draft": "true"}
HTML = Writer("html5", TEMPLATES / "report.html", VARIABLES, toc=True, toc_depth=3)
TYPST = Writer("typst", TEMPLATES / "report.typ", {**VARIABLES, "document-date": "none"})


def _command_line(writer: Writer) -> str:
    return pandoc_command_line(writer, render.FILTERS, META, MARKDOWN)


def _convert(markdown: str = MARKDOWN, writers: list[Writer] | None = None) -> dict[str, str]:
    return pandoc_session.convert(render.pandoc_path(), markdown, reader=render.READER_FORMAT,
                                  meta=META, filters=render.FILTERS,
                                  writers=writers or [HTML, TYPST])


def _pid() -> int:
    assert pandoc_session._SESSION is not None
    return pandoc_session._SESSION.process.pid


def test_one_reading_writes_both_formats_byte_for_byte_as_the_command_line():
    outputs = _convert()
    assert outputs["html5"] == _command_line(HTML)
    assert outputs["typst"] == _command_line(TYPST)
    # The filter ran for each writer with its FORMAT: alt text reaches both outputs.
    assert 'alt="Kasus per bulan, 2024. Jan: 0."' in outputs["html5"]
    assert '#image("fig-1.svg", alt: "Kasus per bulan, 2024. Jan: 0.")' in outputs["typst"]
    assert "javascript" not in outputs["html5"] and "onclick" not in outputs["html5"]
    assert "<col style" in outputs["html5"]  # the wide table's widths, from --columns 72


def test_a_refused_document_raises_and_the_session_goes_on(tmp_path):
    _convert()
    pid = _pid()
    with pytest.raises(PandocError, match="missing.html"):
        _convert(writers=[Writer("html5", tmp_path / "missing.html")])
    assert "Ringkasan" in _convert(writers=[HTML])["html5"]
    assert _pid() == pid  # the same process answered all three


def test_a_template_edited_between_two_reports_is_used_as_edited(tmp_path):
    # The session compiles a template once and keeps it while its text is unchanged.
    template = tmp_path / "report.html"
    template.write_text("<p>first $title$</p>\n$body$\n", encoding="utf-8")
    writer = Writer("html5", template)
    assert _convert(writers=[writer])["html5"].startswith("<p>first BNN Kota Banda Aceh</p>")
    pid = _pid()
    assert _convert(writers=[writer])["html5"].startswith("<p>first BNN Kota Banda Aceh</p>")
    template.write_text("<p>second $title$</p>\n$body$\n", encoding="utf-8")
    assert _convert(writers=[writer])["html5"].startswith("<p>second BNN Kota Banda Aceh</p>")
    assert _convert(writers=[HTML])["html5"] == _command_line(HTML)  # another path, its own
    assert _pid() == pid  # one session answered all four


def test_a_session_that_died_is_replaced():
    _convert(writers=[HTML])
    session = pandoc_session._SESSION
    assert session is not None
    session.process.kill()
    session.process.wait()
    assert "Ringkasan" in _convert(writers=[HTML])["html5"]
    assert _pid() != session.process.pid


def test_threads_share_the_session_one_request_at_a_time():
    results: dict[int, str] = {}

    def work(i: int) -> None:
        for _ in range(3):
            results[i] = _convert(f"# Laporan {i}\n\nSatuan kerja {i}.\n", [HTML])["html5"]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i in range(4):
        assert f"Satuan kerja {i}." in results[i]
        assert all(f"Satuan kerja {j}." not in results[i] for j in range(4) if j != i)


def test_the_session_stops_when_its_pipe_closes():
    _convert(writers=[HTML])
    session = pandoc_session._SESSION
    assert session is not None
    pandoc_session.close()
    assert session.process.returncode == 0  # it left its loop on end of input, by itself
    assert pandoc_session._SESSION is None


def test_the_script_is_shipped_with_the_package():
    assert pandoc_session.SCRIPT.is_file()
    assert Path(pandoc_session.SCRIPT).parent == TEMPLATES


def test_kill_stops_the_session_at_once_and_the_next_request_starts_another():
    _convert(writers=[HTML])
    session = pandoc_session._SESSION
    assert session is not None
    pandoc_session.kill()  # what a worker's SIGTERM handler calls: no lock, no wait
    assert session.process.wait(5) == -9
    assert "Ringkasan" in _convert(writers=[HTML])["html5"]
    assert _pid() != session.process.pid


# ------------------------------------------------------------------- a failure says why


def _typst_error(workdir: Path, source: str) -> Exception:
    """What Typst raises for ``source`` compiled in ``workdir``, as a report's PDF is."""
    import typst

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "report.typ").write_text("= Ringkasan\n\nTeks.\n\n" + source + "\n",
                                        encoding="utf-8")
    with pytest.raises(typst.TypstError) as info:
        typst.compile(str(workdir / "report.typ"), root=str(workdir), format="pdf")
    return info.value


def test_a_typst_failure_says_why_and_shows_the_line_of_source_it_points_at(tmp_path):
    work = tmp_path / "workbook-build-x" / "bnn-render-y"
    reason = pandoc_session.typst_reason(_typst_error(work, "#bnn-tabel(x)"), [work])
    assert reason == ("unknown variable: bnn-tabel (report.typ, line 5: #bnn-tabel(x)); hint: if"
                      " you meant to use subtraction, try adding spaces around the minus sign: "
                      "`bnn - tabel`")


def test_a_typst_failure_names_a_figure_by_its_name_not_its_temporary_folder(tmp_path):
    work = tmp_path / "bnn-render-y"
    work.mkdir()
    (work / "fig-3.svg").write_text("bukan svg", encoding="utf-8")
    reason = pandoc_session.typst_reason(
        _typst_error(work, '#image("fig-3.svg", alt: "Kasus per bulan")'), [work])
    assert reason.startswith("failed to parse SVG")
    assert "fig-3.svg" in reason and str(tmp_path) not in reason and "\n" not in reason


def test_a_pandoc_failure_is_one_line_without_our_script_or_temporary_folders(tmp_path):
    with pytest.raises(PandocError) as info:
        _convert(writers=[Writer("html5", tmp_path / "missing.html")])
    message = str(info.value)
    assert message == "…/missing.html: No such file or directory"
    assert "session.lua" not in message and str(tmp_path) not in message


def test_typst_markup_at_a_cell_start_is_text_not_a_heading(tmp_path):
    """pandoc escapes `= 0` at a paragraph's start but not in a table cell, where Typst made the
    summary's "unchanged" a heading; a Markdown `= 0` stays text in HTML as it was."""
    markdown = "| Indikator | Perubahan |\n|---|--:|\n| Kasus | = 0 |\n| Klien | -3 |\n"
    outputs = pandoc_session.convert(
        render.pandoc_path(), markdown, reader=render.READER_FORMAT, meta=META,
        filters=render.FILTERS, writers=[TYPST, HTML])
    assert "[\\= 0]" in outputs["typst"] and "[\\-3]" in outputs["typst"]
    assert ">= 0</td>" in outputs["html5"]
    work = tmp_path / "typ"
    work.mkdir()
    (work / "report.typ").write_text(outputs["typst"], encoding="utf-8")
    import typst

    pdf = typst.compile(str(work / "report.typ"), root=str(work), format="pdf")
    (work / "report.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(work / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Kasus=0" in text.replace(" ", "") and "Klien-3" in text.replace(" ", "")
