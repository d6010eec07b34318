"""``workbook serve``: the site's files, from 127.0.0.1 only, with their types; errors logged."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers.reference.registry import Registry
from helpers.site import write_site
from helpers.site.serve import make_server, server_url
from site_support import write_synthetic


@pytest.fixture()
def server(tmp_path: Path, registry: Registry) -> Iterator[ThreadingHTTPServer]:
    site = tmp_path / "outputs" / "site"
    write_synthetic(site, registry, [2022])
    write_site(site, registry)
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _get(server: ThreadingHTTPServer, path: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(server_url(server) + path) as response:
        return response.headers["Content-Type"], response.read()


def test_serve_is_localhost_only_and_serves_the_site(server: ThreadingHTTPServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server_url(server) == f"http://127.0.0.1:{server.server_address[1]}/"
    content_type, _ = _get(server, "2022/bnn-ri.pdf")
    assert content_type == "application/pdf"
    _, body = _get(server, "")
    assert "Laporan Akhir Tahun 2022" in body.decode("utf-8")


def test_pages_are_utf8_html_and_figures_files_json(server: ThreadingHTTPServer) -> None:
    assert _get(server, "2022/index.en.html")[0] == "text/html; charset=utf-8"
    content_type, body = _get(server, "2022/bnnk-lubuklinggau.json")
    assert content_type == "application/json"
    assert body.startswith(b'{\n  "unit_id": "bnnk-lubuklinggau"')


def test_only_failed_requests_are_logged(server: ThreadingHTTPServer,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _get(server, "index.html")
    assert capsys.readouterr().err == ""
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(server, "2022/tidak-ada.html")
    assert missing.value.code == 404
    logged = capsys.readouterr().err
    assert '"GET /2022/tidak-ada.html HTTP/1.1" 404' in logged


def test_a_folder_is_never_listed_and_no_version_is_announced(server: ThreadingHTTPServer,
                                                              capsys) -> None:
    assert (Path(server.RequestHandlerClass.keywords["directory"]) / "2022" / "provinsi").is_dir()
    with pytest.raises(urllib.error.HTTPError) as listing:
        _get(server, "2022/provinsi/")
    assert listing.value.code == 404
    assert b"bnnp-" not in listing.value.read()
    with urllib.request.urlopen(server_url(server) + "index.html") as response:
        assert response.headers["Server"] == "workbook"
    capsys.readouterr()
