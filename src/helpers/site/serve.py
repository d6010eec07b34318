"""``workbook serve``: preview the published site on this machine, as a static server would.

Binds to 127.0.0.1 only: the site is for the data office's own browser here; who may read the
real site is decided by the web server it is published behind (see the README). Nothing is
generated on request, so what the preview shows is exactly the files that would be published.
"""

from __future__ import annotations

import functools
import mimetypes
import os
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
DEFAULT_PORT = 8000

mimetypes.add_type("application/json", ".json")
mimetypes.add_type("application/pdf", ".pdf")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site folder as a static web server would: files only (a folder without an
    ``index.html`` is 404, never a listing of what lies in it), no server or Python version in
    the headers; logs errors only (a preview should not flood the terminal)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".json": "application/json", ".pdf": "application/pdf",
                      ".html": "text/html; charset=utf-8"}

    def version_string(self) -> str:
        return "workbook"

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(getattr(code, "value", code)).startswith(("4", "5")):
            super().log_request(code, size)


def make_server(site_dir: Path, port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """A server for ``site_dir`` on 127.0.0.1 (``port=0`` picks a free port); not yet serving."""
    handler = functools.partial(QuietHandler, directory=str(Path(site_dir)))
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


def server_url(server: ThreadingHTTPServer) -> str:
    """The address to open in a browser, e.g. ``http://127.0.0.1:8000/``."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"
