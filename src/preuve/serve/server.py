"""The HTTP side of ``preuve serve``: the newest version's files, on 127.0.0.1 only, with live reload.

Standard library only (``http.server``). What it answers:

* ``/…``: a file of the version shown (the last one built well), read from ``output/<version>/``.
  HTML pages get two lines added before ``</body>`` (the build's state as JSON, and
  ``live.js``); the files on disk are never touched. Evidence and source files are the records'
  own: they are sent as they are, with a ``sandbox`` policy so that an HTML file among them
  runs nothing.
* ``/__preuve__/events``: server-sent events, one per finished build (``build``: its number,
  and its errors if it failed); ``/__preuve__/live.js``: the script that listens to them.

The server binds 127.0.0.1 and answers only requests addressed to it by that name or
``localhost`` (a web page elsewhere cannot reach it by rebinding a domain name to 127.0.0.1):
the pages hold trainees' personal data.
"""

from __future__ import annotations

import json
import mimetypes
import os
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

LIVE_PREFIX = "/__preuve__/"
HOST = "127.0.0.1"
KEEPALIVE_SECONDS = 15.0
WAITING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>preuve serve</title></head>
<body><p>{text}</p></body></html>
"""


class State:
    """What the server shows, changed by the session after each build and read by every request."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.generation = 0
        self.folder: Path | None = None  # the version shown: the last one built well
        self.error: str | None = None  # the last build's errors, while it is the last one
        self.closing = False
        # Which serve the page came from: a page left open across a restart of serve asks for
        # builds after its own number, which the new serve's count has not reached yet.
        self.server = secrets.token_hex(8)

    def built(self, folder: Path | None, error: str | None) -> None:
        with self.changed:
            self.generation += 1
            if folder is not None:
                self.folder = folder
            self.error = error
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def snapshot(self) -> dict[str, object]:
        with self.changed:
            return {"server": self.server, "generation": self.generation, "error": self.error}


class LiveServer(ThreadingHTTPServer):
    daemon_threads = True  # an open page's event stream never holds the process back

    def __init__(self, port: int, state: State):
        super().__init__((HOST, port), Handler)
        self.state = state

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (running in another thread), the event streams first."""
        self.state.close()
        super().shutdown()

    def handle_error(self, request: object, client_address: object) -> None:
        """A page closed or a PDF viewer that stopped reading is no error; the rest is said."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def live_markup(snapshot: dict[str, object]) -> bytes:
    """What an HTML page gets before ``</body>``; the JSON cannot close its script element."""
    data = json.dumps(snapshot).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<script id="preuve-live-state" type="application/json">{data}</script>\n'
            f'<script src="{LIVE_PREFIX}live.js"></script>\n').encode()


def inject(html: bytes, snapshot: dict[str, object]) -> bytes:
    markup = live_markup(snapshot)
    at = html.lower().rfind(b"</body>")
    return html + markup if at < 0 else html[:at] + markup + html[at:]


class Handler(BaseHTTPRequestHandler):
    server: LiveServer
    server_version = "preuve-serve"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Quiet: the terminal is for builds and their errors."""

    def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:  # noqa: N802 - the stdlib's name
        if not self.addressed_to_us():
            return self.send(HTTPStatus.MISDIRECTED_REQUEST, b"preuve serve answers at " + self.server.url.encode()
                             + b" only\n", "text/plain; charset=utf-8", body)
        path = unquote(urlsplit(self.path).path)
        if path == f"{LIVE_PREFIX}events":
            return self.events(body)
        if path == f"{LIVE_PREFIX}live.js":
            script = files("preuve.serve").joinpath("live.js").read_bytes()
            return self.send(HTTPStatus.OK, script, "text/javascript; charset=utf-8", body)
        self.page(path, body)

    def addressed_to_us(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        return host in (f"{HOST}:{port}", f"localhost:{port}")

    def page(self, path: str, body: bool) -> None:
        state = self.server.state
        snapshot = state.snapshot()
        folder = state.folder
        if folder is None:
            text = "The build failed; the errors are above." if snapshot["error"] else "Building…"
            html = inject(WAITING_PAGE.format(text=text).encode(), snapshot)
            return self.send(HTTPStatus.OK, html, "text/html; charset=utf-8", body)
        target = resolve(folder, path)
        if target is None:
            return self.send(HTTPStatus.NOT_FOUND, b"not in this version\n", "text/plain; charset=utf-8", body)
        if target.is_dir():
            if not path.endswith("/"):  # quoted, one leading slash: a path of this server, never `//host`
                return self.redirect("/" + "/".join(quote(part) for part in path.split("/") if part) + "/")
            target = target / "index.html"
        try:
            data = target.read_bytes()
        except OSError:
            return self.send(HTTPStatus.NOT_FOUND, b"not in this version\n", "text/plain; charset=utf-8", body)
        rel = target.relative_to(folder).parts
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if records_file(rel):  # the records' own files: shown as they are, never run
            return self.send(HTTPStatus.OK, data, kind, body, {"Content-Security-Policy": "sandbox"})
        if kind == "text/html":
            return self.send(HTTPStatus.OK, inject(data, snapshot), "text/html; charset=utf-8", body)
        self.send(HTTPStatus.OK, data, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), body)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send(self, status: HTTPStatus, data: bytes, kind: str, body: bool = True,
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload shows the new build
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def events(self, body: bool = True) -> None:
        """One ``build`` event per finished build after the page's own, until the page goes; at
        once when the page came from an earlier run of serve."""
        state = self.server.state
        query = parse_qs(urlsplit(self.path).query)
        try:
            seen = int(query.get("generation", ["0"])[0])
        except ValueError:
            seen = 0
        if query.get("server", [""])[0] != state.server:
            seen = -1
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not body:
            return
        try:
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.generation > seen or state.closing, KEEPALIVE_SECONDS)
                    if state.closing:
                        return
                    snapshot = {"server": state.server, "generation": state.generation, "error": state.error}
                if snapshot["generation"] > seen:
                    seen = int(snapshot["generation"])
                    self.wfile.write(f"event: build\ndata: {json.dumps(snapshot)}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")  # finds out when the page is gone
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def records_file(parts: tuple[str, ...]) -> bool:
    """Evidence and source files are copies of the records, not pages preuve made."""
    return (bool(parts) and parts[0] == "sources") or "evidence" in parts[:-1]


def resolve(folder: Path, path: str) -> Path | None:
    """The file or folder of ``folder`` that ``path`` names; ``None`` for anything outside it
    (``..``, a link out) or hidden."""
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    target = folder.joinpath(*parts)
    try:  # a name too long for the file system is not in the version either
        real, base = os.path.realpath(target), os.path.realpath(folder)
        if real != base and not real.startswith(base + os.sep):
            return None
        return target if target.exists() else None
    except OSError:
        return None
