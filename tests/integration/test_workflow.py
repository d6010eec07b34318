"""The CI workflow that renders per province: valid for GitHub, and wired the way the build is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.common.config import project_root

WORKFLOW = project_root() / ".github" / "workflows" / "reports.yml"


def test_workflow_matches_the_github_workflow_schema_offline():
    exe = Path(sys.executable).with_name("check-jsonschema")
    command = [str(exe)] if exe.exists() else [shutil.which("check-jsonschema") or "false"]
    proc = subprocess.run([*command, "--builtin-schema", "vendor.github-workflows",
                           str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_one_job_per_province_then_one_site_job_over_all_outputs():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    province = jobs["province"]
    assert "matrix" in province["strategy"]
    run = " ".join(str(s.get("run", "")) for s in province["steps"])
    assert "--province ${{ matrix.province }}" in run and "--outputs-dir out/" in run
    site = jobs["site"]
    assert site["needs"] == "province"
    steps = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in site["steps"])
    assert "download-artifact" in steps and "merge_outputs" in steps
    assert "--unit bnn-ri" in steps
