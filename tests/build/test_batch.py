"""Real batch builds of a tiny probe notebook: isolation, timeouts, forked kernels, Ctrl-C, Dask.

The probe (``tests/notebooks/probe.ipynb``) reports its kernel's PID and whether a variable of
another report leaked into it, raises when its params say ``fail: true`` and sleeps when they
say ``hang: true``; rendering is real (pandoc, HTML only), so these runs cost seconds, not the
report notebook's minute.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers.build.batch import build
from helpers.build.kernels import fork_available
from helpers.build.plan import plan
from helpers.common.config import Paths, project_root
from helpers.store.slices import Store

PROBE = Path(__file__).parents[1] / "notebooks" / "probe.ipynb"
YEAR = 2022
FAILING, HANGING = "bnnk-belitung", "bnnk-tangerang-selatan"
PROVINCES = ("bnnp-babel", "bnnp-banten")  # each: the BNNP and one BNNK


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cli(*args: str, env: dict, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "helpers.cli", "build", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture(scope="module")
def probe_build(tmp_path_factory, sample_data_dir):
    """One CLI build of two provinces with the probe: one unit fails, one hangs (timeout 20 s)."""
    root = tmp_path_factory.mktemp("batch")
    params = root / "params"
    shutil.copytree(project_root() / "params", params)
    pids = root / "pids"
    pids.mkdir()
    (params / str(YEAR)).mkdir(exist_ok=True)
    (params / str(YEAR) / f"{FAILING}.yaml").write_text("fail: true\n")
    (params / str(YEAR) / f"{HANGING}.yaml").write_text("hang: true\n")
    (params / "defaults.yaml").write_text(
        (params / "defaults.yaml").read_text() + f"\npid_dir: {pids}\n")
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(sample_data_dir),
           "WORKBOOK_PARAMS_DIR": str(params), "WORKBOOK_OUTPUTS_DIR": str(root / "out")}
    args = ["--year", str(YEAR), "--formats", "html", "--timeout", "20", "--jobs", "2",
            "--notebook", str(PROBE), "--only"]  # not BNN RI, whose report includes them
    for province in PROVINCES:
        args += ["--province", province]
    proc = _cli(*args, env=env)
    stdout, stderr = proc.communicate(timeout=600)
    return {"root": root, "out": root / "out", "pids": pids, "env": env, "args": args,
            "rc": proc.returncode, "stdout": stdout, "stderr": stderr,
            "paths": Paths(sample_data_dir, params, root / "out")}


def test_a_failing_unit_fails_alone_and_keeps_its_notebook(probe_build):
    out = probe_build["out"]
    assert probe_build["rc"] == 1, probe_build["stderr"]
    assert "2 report(s) rendered, 2 failed" in probe_build["stdout"]
    line = next(x for x in probe_build["stdout"].splitlines() if FAILING in x and "FAILED" in x)
    assert "cell 3" in line and f"ValueError: data {FAILING} rusak" in line
    failed = nbformat.read(out / "failed" / str(YEAR) / f"{FAILING}.ipynb", as_version=4)
    assert any("papermill-error-cell" in str(c.metadata.get("tags", [])) or
               "An Exception was encountered" in c.source for c in failed.cells)
    for unit in PROVINCES:
        assert (out / "site" / str(YEAR) / f"{unit}.html").exists()
        assert (out / "notebooks" / str(YEAR) / f"{unit}.build.json").exists()
    assert not (out / "site" / str(YEAR) / f"{FAILING}.html").exists()


def test_a_hung_kernel_is_stopped_after_the_timeout(probe_build):
    line = next(x for x in probe_build["stdout"].splitlines() if HANGING in x and "FAILED" in x)
    assert "cell 4" in line and "Timeout" in line
    pid = int((probe_build["pids"] / f"{HANGING}.pid").read_text())
    assert not _alive(pid)


def test_every_report_gets_a_fresh_forked_kernel_with_no_leaked_state(probe_build):
    out = probe_build["out"]
    seen = {}
    for unit in PROVINCES:
        nb = nbformat.read(out / "notebooks" / str(YEAR) / f"{unit}.ipynb", as_version=4)
        text = json.dumps([c.get("outputs", []) for c in nb.cells])
        pid, ppid, leaked, launcher = re.search(
            r"pid=(\d+) ppid=(\d+) leaked=(\w+) launcher=([\w.-]+)", text).groups()
        assert leaked == "False"
        if fork_available():  # forked from the fork-server, not started by ipykernel_launcher
            assert launcher != "ipykernel_launcher.py"
        seen[unit] = (int(pid), int(ppid))
    assert len({pid for pid, _ in seen.values()}) == len(seen)
    records = [json.loads(x) for log in (out / "logs").glob("*.jsonl")
               for x in log.read_text().splitlines()]
    ok = [r for r in records if r["status"] == "ok"]
    if fork_available():  # the fork-server reaps the kernels and reports their CPU time
        assert all(r["kernel_cpu"] is not None for r in ok)
        assert all(ppid not in (pid, os.getpid()) for pid, ppid in seen.values())


def test_no_fork_runs_each_report_in_a_plain_ipykernel_process(probe_build, tmp_path):
    env = {**probe_build["env"], "WORKBOOK_OUTPUTS_DIR": str(tmp_path / "out")}
    proc = _cli("--year", str(YEAR), "--province", "bnnp-riau", "--formats", "html",
                "--jobs", "1", "--no-fork", "--no-site", "--notebook", str(PROBE), "--only",
                env=env)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert "2 report(s) rendered, 0 failed" in stdout
    pids = set()
    for unit in ("bnnp-riau", "bnnk-dumai"):
        nb = nbformat.read(tmp_path / "out" / "notebooks" / str(YEAR) / f"{unit}.ipynb", 4)
        text = json.dumps([c.get("outputs", []) for c in nb.cells])
        pid, leaked, launcher = re.search(
            r"pid=(\d+) ppid=\d+ leaked=(\w+) launcher=([\w.-]+)", text).groups()
        assert (leaked, launcher) == ("False", "ipykernel_launcher.py")
        pids.add(pid)
    assert len(pids) == 2
    records = [json.loads(x) for log in (tmp_path / "out" / "logs").glob("*.jsonl")
               for x in log.read_text().splitlines()]
    assert [r["kernel_cpu"] for r in records] == [None, None]  # no fork-server measured them


def test_rebuild_with_nothing_changed_skips_rendered_reports_and_logs_why(probe_build):
    proc = _cli(*probe_build["args"], "--dry-run", env=probe_build["env"])
    stdout, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0
    for unit in PROVINCES:
        assert f"skip   {YEAR} {unit}: up to date" in stdout
    assert re.search(rf"render {YEAR} {FAILING}: never rendered", stdout)


def test_dask_local_cluster_gives_the_same_outputs_and_summary(probe_build, tmp_path, registry):
    pytest.importorskip("distributed")
    local = probe_build["paths"]
    paths = Paths(local.data_dir, local.params_dir, tmp_path / "out")
    runs = plan(paths, registry, Store(paths.store_dir), years=[YEAR], provinces=["bnnp-banten"],
                notebook=PROBE)
    summary = build(paths, runs, jobs=2, formats=("html",), timeout=20, executor="dask",
                    notebook=PROBE, site=False)
    statuses = {r.unit_id: r.status for r in summary.results}
    assert statuses == {"bnnp-banten": "ok", HANGING: "failed"}
    ours = sorted(p.relative_to(paths.outputs_dir).as_posix()
                  for p in paths.outputs_dir.rglob("*")
                  if p.is_file() and "logs" not in p.parts and p.name != ".build.lock")
    theirs = sorted(p.relative_to(local.outputs_dir).as_posix()
                    for p in local.outputs_dir.rglob("*")
                    if p.is_file() and "provinsi" not in p.parts
                    and ("banten" in p.name or HANGING in p.name))
    assert ours == theirs


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_cleanly_without_kernels_or_temporary_folders(tmp_path, sample_data_dir):
    params = tmp_path / "params"
    params.mkdir()
    pids = tmp_path / "pids"
    pids.mkdir()
    (params / "defaults.yaml").write_text(f"hang: true\npid_dir: {pids}\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(sample_data_dir),
           "WORKBOOK_PARAMS_DIR": str(params), "WORKBOOK_OUTPUTS_DIR": str(tmp_path / "out"),
           "TMPDIR": str(scratch)}
    proc = _cli("--year", str(YEAR), "--unit", "bnnp-bengkulu", "--unit", "bnnp-jambi",
                "--formats", "html", "--jobs", "2", "--notebook", str(PROBE), "--only", env=env)
    deadline = time.monotonic() + 300
    while len(list(pids.glob("*.pid"))) < 2 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    kernels = [int(p.read_text()) for p in pids.glob("*.pid")]
    assert len(kernels) == 2
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert not [pid for pid in kernels if _alive(pid)]
    assert list(scratch.iterdir()) == []
    leftovers = [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_build_without_a_library_speed_up_says_so_once_in_its_summary_and_log(
        tmp_path, sample_data_dir, monkeypatch):
    monkeypatch.setenv("WORKBOOK_PUBLIC_API", "1")
    paths = Paths(sample_data_dir, project_root() / "params", tmp_path / "out")
    summary = build(paths, [], site=False)
    # matplotlib's SVG writer, jupyter_client's kernels and message dates, nbclient's outputs,
    # ipykernel's streams and cells, papermill's durations and event-loop runs, a report's
    # cells in one kernel request: each once
    assert len(summary.notes) == len(set(summary.notes)) == 9
    assert any("each cell of a report is its own kernel request" in n for n in summary.notes)
    assert any("matplotlib" in n for n in summary.notes)
    lines = summary.log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"note": n} for n in summary.notes]
    monkeypatch.delenv("WORKBOOK_PUBLIC_API")
    assert build(paths, [], site=False).notes == []


def test_a_committed_notebook_is_trusted_for_the_person_who_built_it(tmp_path, monkeypatch):
    """JupyterLab shows the charts (SVG) of a published notebook only when it is trusted: the
    build signs it in the builder's notary, and a notary it cannot write never fails it."""
    from nbformat.sign import NotebookNotary

    from helpers.build import incremental
    from helpers.build.batch import commit, trust_notebook
    from helpers.build.plan import output_paths
    from helpers.build.run import Run, RunResult

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "report.cases_chart()", outputs=[nbformat.v4.new_output(
            "display_data", {"image/svg+xml": "<svg/>", "text/plain": "Grafik kasus"})])])
    data = nbformat.writes(nb).encode("utf-8")
    assert not NotebookNotary().check_signature(nbformat.reads(data, as_version=4))
    run = Run("bnnk-lubuklinggau", YEAR, {})
    deps = incremental.Dependencies(incremental.Fingerprint("r", "n", "c", "p"), {}, {}, {})
    result = RunResult(run.unit_id, YEAR, "ok", 1.0, files={"notebook": data})
    commit(tmp_path / "out", run, result, deps)
    written = output_paths(tmp_path / "out", run.unit_id, YEAR)["notebook"]
    assert NotebookNotary().check_signature(nbformat.read(written, as_version=4))

    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "file" / "jupyter"))
    assert trust_notebook(data) is False


def test_a_report_s_new_set_replaces_the_old_whole_and_drops_files_it_no_longer_has(tmp_path):
    """HTML only this time: the old PDF would be a file of another set beside it, so it goes;
    an English build never touches the figures file, which is the Indonesian report's."""
    from helpers.build import incremental
    from helpers.build.batch import commit
    from helpers.build.plan import output_paths
    from helpers.build.run import Run, RunResult

    out = tmp_path / "out"
    deps = incremental.Dependencies(incremental.Fingerprint("r", "n", "c", "p"), {}, {}, {})
    old = {"html": b"<p>1</p>", "pdf": b"%PDF 1", "json": b"{}\n", "notebook": b"{}"}
    for language in ("id", "en"):
        run = Run("bnnk-lubuklinggau", YEAR, {"language": language})
        commit(out, run, RunResult(run.unit_id, YEAR, "ok", 1.0, files=dict(old),
                                   language=language), deps)
    paths = output_paths(out, "bnnk-lubuklinggau", YEAR)
    paths["failed"].parent.mkdir(parents=True)
    paths["failed"].write_bytes(b"{}")
    run = Run("bnnk-lubuklinggau", YEAR, {"language": "id"})
    new = {"html": b"<p>2</p>", "json": b'{"cases": 2}\n', "notebook": b"{ }"}
    result = commit(out, run, RunResult(run.unit_id, YEAR, "ok", 1.0, files=dict(new)), deps)
    assert sorted(result.outputs) == sorted(
        paths[k].relative_to(out).as_posix() for k in new)
    assert {k: paths[k].read_bytes() for k in new} == new
    assert not paths["pdf"].exists() and not paths["failed"].exists()
    manifest = json.loads(paths["manifest"].read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == sorted(new)
    english = output_paths(out, "bnnk-lubuklinggau", YEAR, "en")
    assert english["pdf"].read_bytes() == b"%PDF 1"  # the English set is a set of its own
    run = Run("bnnk-lubuklinggau", YEAR, {"language": "en"})
    commit(out, run, RunResult(run.unit_id, YEAR, "ok", 1.0, files={"html": b"e", "notebook": b"n"},
                               language="en"), deps)
    assert not english["pdf"].exists() and paths["json"].read_bytes() == new["json"]


def test_signing_a_notebook_builds_no_grammar_nothing_uses(tmp_path):
    """The build's own process imports nbformat to sign: jsonschema must not build the IRI
    grammar of ``rfc3987_syntax`` (~1.4 s of CPU per build) that notebook validation never runs."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from helpers.build.batch import trust_notebook\n"
            f"data = {nbformat.writes(nbformat.v4.new_notebook()).encode()!r}\n"
            "assert trust_notebook(data)\n"
            "print(sys.modules.get('rfc3987_syntax'))\n")
    (tmp_path / "jupyter").mkdir()
    env = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "jupyter")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "None"
