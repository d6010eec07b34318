"""Outputs built from kernel messages without nbformat's per-output check: the same nodes as
nbformat's own ``output_from_msg``, and an invalid output still fails the run."""

from __future__ import annotations

import nbclient.client
import nbformat
import pytest
from nbformat.v4 import output_from_msg as nbformat_output_from_msg

from helpers.adapters import nbclient_outputs
from helpers.build.papermill_engine import check_outputs

MESSAGES = [
    ("stream", {"name": "stderr", "text": "peringatan\n"}),
    ("display_data", {"data": {"image/svg+xml": "<svg/>", "text/plain": "Grafik"},
                      "metadata": {"image/svg+xml": {"isolated": True}}, "transient": {}}),
    ("execute_result", {"data": {"text/html": "<table/>", "text/plain": "t"},
                        "metadata": {}, "execution_count": 7}),
    ("error", {"ename": "KeyError", "evalue": "'x'", "traceback": ["a", "b"]}),
]


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    """Every test starts on the fast path and leaves nbclient as it found it."""
    monkeypatch.delenv(nbclient_outputs.ENV_PUBLIC_API, raising=False)
    monkeypatch.setattr(nbclient.client, "output_from_msg", nbclient.client.output_from_msg)


def _msg(msg_type: str, content: dict) -> dict:
    return {"header": {"msg_type": msg_type}, "content": content,
            "parent_header": {"msg_id": "m"}, "metadata": {}}


@pytest.mark.parametrize("msg_type,content", MESSAGES)
def test_an_output_is_the_node_nbformat_builds_key_for_key(msg_type, content):
    ours = nbclient_outputs.output_from_msg(_msg(msg_type, content))
    theirs = nbformat_output_from_msg(_msg(msg_type, content))
    assert ours == theirs
    assert list(ours) == list(theirs)  # the same keys, in the same order
    assert type(ours) is type(theirs) is nbformat.NotebookNode
    for key, value in theirs.items():
        assert type(ours[key]) is type(value)


def test_a_message_that_is_no_output_is_refused_as_nbformat_refuses_it():
    with pytest.raises(ValueError):
        nbformat_output_from_msg(_msg("status", {"execution_state": "idle"}))
    with pytest.raises(ValueError):  # nbclient logs it and goes on, as with nbformat's
        nbclient_outputs.output_from_msg(_msg("status", {"execution_state": "idle"}))


def test_install_uses_the_trick_only_on_the_fast_path(monkeypatch):
    assert nbclient_outputs.install() is True
    assert nbclient.client.output_from_msg is nbclient_outputs.output_from_msg
    monkeypatch.setenv(nbclient_outputs.ENV_PUBLIC_API, "output-nodes")
    assert nbclient_outputs.install() is False
    assert nbclient.client.output_from_msg is nbformat_output_from_msg
    assert nbclient_outputs.fallbacks() == [
        "WORKBOOK_PUBLIC_API: every output of a report is validated as it arrives "
        "(same reports, slower)"]


def test_outside_the_tested_range_nbclient_runs_as_installed(monkeypatch):
    assert nbclient_outputs.fast() and nbclient_outputs.fallbacks() == []
    assert not nbclient_outputs.in_tested_range({"nbclient": "0.12.0", "nbformat": "5.11.1"})
    assert not nbclient_outputs.in_tested_range({"nbclient": "0.11.0", "nbformat": "5.10.4"})
    monkeypatch.setattr(nbclient_outputs, "installed_version",
                        lambda name: {"nbclient": "0.12.0", "nbformat": "5.11.1"}[name])
    assert nbclient_outputs.install() is False
    assert nbclient.client.output_from_msg is nbformat_output_from_msg
    assert "nbclient 0.12.0, nbformat 5.11.1 outside the tested range" in \
        nbclient_outputs.fallbacks()[0]


def test_an_invalid_output_fails_the_check_after_the_run_as_it_failed_when_built():
    bad = _msg("display_data", {"data": {"text/plain": "x"}, "metadata": "not a dict"})
    with pytest.raises(nbformat.ValidationError):
        nbformat_output_from_msg(bad)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs.append(nbclient_outputs.output_from_msg(bad))  # built unchecked
    with pytest.raises(nbformat.ValidationError):
        check_outputs(nb)


def test_an_invalid_notebook_with_valid_outputs_is_left_to_papermill_as_before():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x", outputs=[nbclient_outputs.output_from_msg(_msg(*MESSAGES[1]))])])
    nb.metadata["papermill"] = {"duration": 1.0}
    nb.cells[0]["unknown"] = 1  # invalid outside any output: papermill logs it when it writes
    with pytest.raises(nbformat.ValidationError):
        nbformat.validate(nb)
    check_outputs(nb)  # no error: only outputs were checked as they arrived
