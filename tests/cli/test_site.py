"""``workbook site`` and ``workbook serve`` as typed: the site rebuilt where the outputs folder
option points, and a port that cannot be had is a failure, not a traceback."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

import pytest

from helpers.cli.site import add_subcommands
from helpers.common.config import Paths
from helpers.reference.registry import Registry
from site_support import write_synthetic


def _parser(tmp_path: Path) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook")
    sub = parser.add_subparsers(dest="command", required=True)

    def add_locations(p: argparse.ArgumentParser) -> None:
        p.add_argument("--outputs-dir")

    def paths_from_args(args: argparse.Namespace) -> Paths:
        return Paths(tmp_path / "data", tmp_path / "params", Path(args.outputs_dir))

    add_subcommands(sub, add_locations, paths_from_args)
    return parser


def test_site_command_rebuilds_the_pages(tmp_path: Path, registry: Registry,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    outputs = tmp_path / "outputs"
    reports = write_synthetic(outputs / "site", registry, [2022])
    parser = _parser(tmp_path)
    args = parser.parse_args(["site", "--outputs-dir", str(outputs)])
    assert args.func(args) == 0
    assert (outputs / "site" / "index.html").is_file()
    printed = capsys.readouterr().out
    assert f"for {reports} report(s), years 2022; " in printed
    assert f"Site index: {outputs / 'site' / 'index.html'}" in printed
    serve_args = parser.parse_args(["serve", "--port", "0", "--outputs-dir", str(outputs)])
    assert serve_args.port == 0 and serve_args.func


def test_serve_on_a_port_in_use_fails_without_rebuilding_when_told_not_to(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "outputs" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>as it was</p>", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = _parser(tmp_path).parse_args(
            ["serve", "--no-build", "--port", str(port), "--outputs-dir", str(site.parent)])
        assert args.func(args) == 1
    captured = capsys.readouterr()
    assert f"workbook serve: cannot listen on 127.0.0.1:{port}" in captured.err
    assert captured.out == ""  # nothing rebuilt, nothing served
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>as it was</p>"


def test_site_command_counts_the_linked_reports_not_built(
        tmp_path: Path, registry: Registry, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = tmp_path / "outputs"
    write_synthetic(outputs / "site", registry, [2022])
    page = outputs / "site" / "2022" / "bnnk-lubuklinggau.html"
    page.write_text('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"></head><body>'
                    '<nav><ul><li><a href="../2021/bnnk-lubuklinggau.html">2021</a></li></ul>'
                    '</nav><main>laporan</main></body></html>', encoding="utf-8")
    args = _parser(tmp_path).parse_args(["site", "--outputs-dir", str(outputs)])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert "1 linked report(s) not built yet" in printed
    assert "workbook build --all-years" in printed
    assert (outputs / "site" / "2021" / "bnnk-lubuklinggau.html").is_file()
