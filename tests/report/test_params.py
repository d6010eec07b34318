"""The params files: layered and merged as before, and checked — only known keys with typed
values, never a plan key, never code, no YAML anchors or huge files — with every refusal naming
the file, the line and the key, in Bahasa Indonesia (English on request)."""

from __future__ import annotations

import json
import pickle
import time

import nbformat
import papermill as pm
import pytest
from papermill.translators import PythonTranslator

from helpers.common.config import project_root
from helpers.report.params import (
    MAX_BYTES,
    PLAN_KEYS,
    ParamsError,
    check_plain,
    load_params,
    merge,
)

UNIT = "bnnk-a"
PAYLOAD_KEY = "x = 1\nimport os; os.system('touch {marker}')\ny"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _refusal(tmp_path, text, unit=UNIT) -> ParamsError:
    """The refusal of ``text`` as the unit's 2022 params file."""
    _write(tmp_path / "2022" / f"{unit}.yaml", text)
    with pytest.raises(ParamsError) as caught:
        load_params(tmp_path, 2022, unit)
    return caught.value


# -- layering (unchanged) --------------------------------------------------------------------

def test_later_files_win_and_mappings_merge_key_by_key(tmp_path):
    _write(tmp_path / "defaults.yaml", "status: draft\nsignatory: {name: A, title: Kepala}\n")
    _write(tmp_path / "2022" / "defaults.yaml", "status: final\n")
    _write(tmp_path / "2022" / "bnnk-a.yaml", "signatory: {name: B}\n")
    params = load_params(tmp_path, 2022, "bnnk-a")
    assert params["status"] == "final"
    assert params["signatory"] == {"name": "B", "title": "Kepala", "place": ""}
    assert load_params(tmp_path, 2021, "bnnk-a")["status"] == "draft"


def test_command_line_values_win_and_none_means_not_given(tmp_path):
    _write(tmp_path / "defaults.yaml", "language: id\n")
    assert load_params(tmp_path, 2022, "bnnk-a", {"language": "en"})["language"] == "en"
    assert load_params(tmp_path, 2022, "bnnk-a", {"language": None})["language"] == "id"


def test_the_sample_params_load_as_written():
    params = load_params(project_root() / "params", 2022, "bnnk-lubuklinggau")
    assert params == {
        "language": "id", "status": "draft", "suppression_threshold": 5,
        "signatory": {"name": "", "title": "Kepala BNN Kota Lubuklinggau",
                      "place": "Lubuklinggau"},
        "narrative": {
            "highlights": "Pengungkapan kasus sabu di wilayah perbatasan Sumatera Selatan–"
                          "Bengkulu bersama\nPolres Lubuklinggau.\n",
            "obstacles": "Jumlah penyidik terbatas dan anggaran tes urine berkurang pada "
                         "triwulan I.\n",
            "actions": "Menambah kegiatan penyuluhan di sekolah dan melatih penggiat P4GN di "
                       "kelurahan.\n"},
        "site_url": "", "bilingual": False}


def test_empty_files_and_empty_values_mean_not_given(tmp_path):
    _write(tmp_path / "defaults.yaml", "")
    _write(tmp_path / "2022" / f"{UNIT}.yaml", "narrative:\n  highlights:\nsignatory:\n")
    assert load_params(tmp_path, 2022, UNIT)["narrative"]["highlights"] == ""


def test_merge_does_not_modify_its_inputs():
    base = {"a": {"b": 1}}
    merge(base, {"a": {"c": 2}})
    assert base == {"a": {"b": 1}}


def test_the_builtin_defaults_are_never_shared_with_a_caller(tmp_path):
    load_params(tmp_path, 2022, UNIT)["narrative"]["highlights"] = "changed"
    assert load_params(tmp_path, 2022, UNIT)["narrative"]["highlights"] == ""


def test_unit_id_cannot_reach_outside_the_params_folder(tmp_path):
    with pytest.raises(ParamsError):
        load_params(tmp_path, 2022, "../secret")


# -- unknown keys, types and values ----------------------------------------------------------

def test_a_misspelled_key_names_file_line_key_and_the_nearest_key_in_indonesian(tmp_path):
    error = _refusal(tmp_path, "narrative:\n  obstacles: x\n  highlight: |\n    Capaian\n")
    assert str(error) == (f"{tmp_path / '2022' / f'{UNIT}.yaml'}, baris 3: kunci "
                          "`narrative.highlight` tidak dikenal — maksud Anda `highlights`?")
    assert error.message("en").endswith(
        ", line 3: unknown key `narrative.highlight` — did you mean `highlights`?")


def test_a_misspelled_signatory_key_and_a_narrative_key_at_the_top_are_named(tmp_path):
    assert "`signatory.nama` tidak dikenal — maksud Anda `name`?" in str(
        _refusal(tmp_path, "signatory:\n  nama: Budi\n"))
    assert "maksud Anda `narrative.highlights`?" in str(_refusal(tmp_path, "highlights: x\n"))
    assert "kunci yang berlaku di sini: `language`, `status`" in str(
        _refusal(tmp_path, "zzzz: 1\n"))


def test_a_misspelled_key_in_the_defaults_is_refused_too(tmp_path):
    _write(tmp_path / "defaults.yaml", "langauge: en\n")
    with pytest.raises(ParamsError, match=r"defaults.yaml, baris 1: kunci `langauge`.*`language`"):
        load_params(tmp_path, 2022, UNIT)


@pytest.mark.parametrize(("text", "expected"), [
    ("language: fr\n", "`language` bernilai 'fr', tidak berlaku — pilihannya: id, en"),
    ("status: finall\n", "maksud Anda `final`? pilihannya: draft, final"),
    ("suppression_threshold: '5'\n", "harus berupa bilangan bulat, bukan teks ('5')"),
    ("suppression_threshold: -1\n", "harus 0 atau lebih, bukan -1"),
    ("suppression_threshold: true\n", "bilangan bulat, bukan ya/tidak"),
    ("signatory:\n  place: 2022\n", "`signatory.place` harus berupa teks, bukan bilangan bulat "
                                    "(2022) — tulis di antara tanda kutip"),
    ("signatory:\n  name: no\n", "bukan ya/tidak (False) — tulis di antara tanda kutip"),
    ("narrative: teks\n", "`narrative` harus berupa pemetaan (kunci: nilai), bukan teks"),
    ("narrative:\n  highlights: 2022-01-01\n", "harus berupa teks, bukan tanggal"),
    ("status: draft\nstatus: final\n", "baris 2, kolom 1: kunci `status` ditulis dua kali"),
    ("- a\n", "isi file harus berupa daftar `kunci: nilai`, bukan daftar"),
    ("1: x\n", "kunci 1 harus berupa nama (teks)"),
    ("site_url: laporan.bnn.go.id\n", "`site_url` bernilai 'laporan.bnn.go.id', bukan alamat "
                                       "web — tulis alamat lengkap yang diawali https://"),
    ("site_url: javascript:alert(1)\n", "bukan alamat web"),
    ("site_url: https://bnn.go.id/laporan tahunan/\n", "tanpa spasi"),
    ("bilingual: ya\n", "`bilingual` harus berupa ya/tidak, bukan teks ('ya')"),
])
def test_a_wrong_type_or_value_names_the_key_and_what_is_allowed(tmp_path, text, expected):
    error = _refusal(tmp_path, text)
    assert f"{UNIT}.yaml" in str(error) and expected in str(error)


def test_the_site_address_and_bilingual_are_read_as_given(tmp_path):
    _write(tmp_path / "defaults.yaml", "site_url: https://laporan.bnn.go.id:8443/tahunan/\n"
                                       "bilingual: true\n")
    params = load_params(tmp_path, 2022, UNIT)
    assert (params["site_url"], params["bilingual"]) == (
        "https://laporan.bnn.go.id:8443/tahunan/", True)


def test_values_given_on_the_command_line_are_checked_too(tmp_path):
    with pytest.raises(ParamsError, match="baris perintah/notebook: kunci `langauge` tidak "
                                          "dikenal — maksud Anda `language`"):
        load_params(tmp_path, 2022, UNIT, {"langauge": "en"})
    with pytest.raises(ParamsError, match="status"):
        load_params(tmp_path, 2022, UNIT, {"status": "publish"})


# -- never the plan, never code --------------------------------------------------------------

@pytest.mark.parametrize("key", PLAN_KEYS)
def test_the_plan_and_its_folders_cannot_be_set_in_a_params_file(tmp_path, key):
    error = _refusal(tmp_path, f"{key}: bnnk-palembang\n")
    assert str(error).startswith(f"{tmp_path / '2022' / f'{UNIT}.yaml'}, baris 1: kunci `{key}` "
                                 "tidak boleh diisi di file params")
    assert "baris perintah" in str(error)
    assert "come from the build's plan on the command line" in error.message("en")


def test_the_issues_code_payload_is_refused_before_papermill(tmp_path):
    marker = tmp_path / "pwned"
    key = PAYLOAD_KEY.format(marker=marker)
    # What the issue saw: papermill writes a key into the notebook as source, verbatim.
    assert "\nimport os; os.system(" in PythonTranslator.codify({key: 1})
    error = _refusal(tmp_path, json.dumps({key: 1}) + "\n")
    assert "bukan nama parameter yang sah" in str(error) and "bukan kode" in str(error)
    assert f"{UNIT}.yaml, baris 1" in str(error)
    with pytest.raises(ParamsError, match="not a valid parameter name"):
        check_plain({key: 1}, "run", lang="en")
    assert not marker.exists()


@pytest.mark.parametrize("value", [b"x", {1, 2}, float("nan"), {"a": object()}, {1: "x"}])
def test_only_plain_data_reaches_papermill(value):
    with pytest.raises(ParamsError, match="`p"):
        check_plain({"p": value}, "run")
    check_plain({"p": [1, 2.5, "x", True, None, {"q": "r"}]}, "run")


def test_code_in_a_value_stays_text_in_a_real_papermill_run(tmp_path):
    marker = tmp_path / "pwned"
    text = PAYLOAD_KEY.format(marker=marker) + '\n"""\'\'\'\\'
    _write(tmp_path / "params" / "2022" / f"{UNIT}.yaml",
           json.dumps({"narrative": {"highlights": text}, "signatory": {"name": text}}))
    params = load_params(tmp_path / "params", 2022, UNIT)
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    notebook.cells = [
        nbformat.v4.new_code_cell("unit_id = ''\nyear = 0\nnarrative = None\nsignatory = None",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import json\nprint(json.dumps([narrative, signatory]))")]
    source, executed = tmp_path / "tiny.ipynb", tmp_path / "tiny.out.ipynb"
    nbformat.write(notebook, source)
    pm.execute_notebook(str(source), str(executed), kernel_name="python3", progress_bar=False,
                        parameters={"unit_id": UNIT, "year": 2022, **params})
    output = nbformat.read(executed, as_version=4).cells[-1].outputs[0]["text"]
    assert json.loads(output) == [params["narrative"], params["signatory"]]
    assert params["narrative"]["highlights"] == text
    assert not marker.exists()


# -- YAML itself -----------------------------------------------------------------------------

def test_an_alias_bomb_is_refused_at_its_first_anchor_without_expanding(tmp_path):
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.perf_counter()
    error = _refusal(tmp_path, "\n".join(rows) + "\n")
    assert time.perf_counter() - start < 1
    assert "baris 1, kolom 5: anchor/alias YAML (&a0) tidak diizinkan" in str(error)


def test_an_alias_alone_and_a_merge_key_are_refused(tmp_path):
    assert "(*x)" in str(_refusal(tmp_path, "signatory: *x\n"))
    assert "(&s)" in str(_refusal(tmp_path, "signatory: &s {name: A}\nnarrative:\n  <<: *s\n"))


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    error = _refusal(tmp_path, "narrative:\n  highlights: " + "x" * MAX_BYTES + "\n")
    assert f"{UNIT}.yaml: file params terlalu besar" in str(error)
    assert f"limit {MAX_BYTES}" in error.message("en")


def test_a_yaml_error_names_file_line_and_column_in_indonesian(tmp_path):
    _write(tmp_path / "defaults.yaml", "language: id\nstatus: [draft\n")
    with pytest.raises(ParamsError) as caught:
        load_params(tmp_path, 2022, UNIT)
    assert str(caught.value) == (
        f"{tmp_path / 'defaults.yaml'}, baris 3, kolom 1: YAML tidak valid: kurung [ ] atau "
        "{ } tidak ditutup (expected ',' or ']', but got '<stream end>')")
    assert caught.value.message("en").endswith(
        ", line 3, column 1: not valid YAML: expected ',' or ']', but got '<stream end>' — "
        "a [ ] or { } bracket is not closed")


@pytest.mark.parametrize(("text", "expected"), [
    ("narrative:\n  highlights: Catatan: penting\n", "baris 2, kolom 22: YAML tidak valid: "
                                                     "titik dua (:)"),
    ("narrative:\n\thighlights: x\n", "baris 2, kolom 1: YAML tidak valid: ada karakter tab"),
    ("status: 'draft\n", "tanda kutip tidak ditutup"),
    ("status: draft\n---\nstatus: final\n", "hanya satu dokumen YAML per file"),
    ("status: !!python/object/apply:os.system [ls]\n", "tag YAML (!!…) tidak diizinkan"),
    ("status: \"dr\x01aft\"\n", "baris 1, kolom 12: YAML tidak valid: karakter kontrol"),
    ("narrative: " + "[" * 5000 + "]" * 5000 + "\n", "susunan YAML terlalu dalam"),
])
def test_common_yaml_mistakes_are_explained(tmp_path, text, expected):
    assert expected in str(_refusal(tmp_path, text))


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "2022" / f"{UNIT}.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes("status: dräft\n".encode("latin-1"))
    with pytest.raises(ParamsError, match=f"{UNIT}.yaml: bukan teks UTF-8"):
        load_params(tmp_path, 2022, UNIT)


def test_a_refusal_survives_pickling_in_its_language(tmp_path):
    error = pickle.loads(pickle.dumps(_refusal(tmp_path, "year: 2019\n")))
    assert isinstance(error, ParamsError) and error.code == "plan_key"
    assert "tidak boleh diisi" in str(error) and "may not be set" in error.message("en")


def test_a_params_file_is_read_again_once_it_changes(tmp_path):
    """Files are parsed once per version (a national build plans ~1,300 reports), never
    served stale: an edit between two plans is seen, and so is a new error."""
    year_dir = tmp_path / "2024"
    year_dir.mkdir()
    unit_file = year_dir / "bnnk-lubuklinggau.yaml"
    unit_file.write_text("status: draft\n", encoding="utf-8")
    assert load_params(tmp_path, 2024, "bnnk-lubuklinggau")["status"] == "draft"
    unit_file.write_text("status: final\n", encoding="utf-8")
    assert load_params(tmp_path, 2024, "bnnk-lubuklinggau")["status"] == "final"
    first = load_params(tmp_path, 2024, "bnnk-lubuklinggau")
    first["status"] = "changed by a caller"
    assert load_params(tmp_path, 2024, "bnnk-lubuklinggau")["status"] == "final"
    unit_file.write_text("statuz: final\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="statuz"):
        load_params(tmp_path, 2024, "bnnk-lubuklinggau")
