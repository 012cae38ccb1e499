"""The built site served on 127.0.0.1 the way GitHub Pages serves it.

Used by the browser tests, the sub-path test and `make pdf` (tools/pdf/build.py).

``serve(site)`` runs ``http.server`` in a thread on a free port and yields the base URL
(ending in ``/``), under the path of the site's ``site_url`` (``/bpbook/``) as GitHub
Pages serves a project site. A missing path answers 404 with the site's ``404.html``, as on
GitHub Pages, so the browser tests can check that page where readers meet it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".svg": "image/svg+xml",
        ".ipynb": "application/x-ipynb+json",
        ".py": "text/x-python",
        ".xml": "application/xml",
    }

    # The site is served under the path of its site_url (/bpbook/), as GitHub Pages does;
    # a request outside it is a miss.
    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside-the-site")  # never exists
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    """The local server; a browser dropping a connection mid-response is not an error."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `site` under `prefix` on 127.0.0.1 (free port) while the block runs.

    Yields the base URL, ending in ``/``: ``http://127.0.0.1:PORT/bpbook/`` for the
    prefix ``/bpbook/``.
    """
    handler = type("PrefixedSiteHandler", (SiteHandler,), {"prefix": prefix})
    server = SiteServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
