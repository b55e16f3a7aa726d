"""A tiny threaded static file server for the benchmarks: gzips text responses, serves extra folders under
prefixes.

Run on its own: python bench/serve.py site [PORT] (then open http://127.0.0.1:PORT/)."""

from __future__ import annotations

import contextlib
import gzip
import mimetypes
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6  # what typical static hosts (nginx gzip_comp_level 6, GitHub Pages) use
TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
    "application/manifest+json",
)
EXTRA_TYPES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".map": "application/json",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
}


def content_type(path: Path) -> str:
    """MIME type of a file, with UTF-8 for text."""
    ctype = EXTRA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return ctype + "; charset=utf-8" if is_text(ctype) and "charset" not in ctype else ctype


def is_text(ctype: str) -> bool:
    """Whether a response of this type is worth gzipping."""
    return ctype.startswith(TEXT_TYPES)


_gzip_cache: dict[tuple[Path, float], bytes] = {}
_gzip_lock = threading.Lock()


def gzipped(path: Path, data: bytes) -> bytes:
    """The file's bytes gzipped (cached by path and modification time)."""
    key = (path, path.stat().st_mtime)
    with _gzip_lock:
        hit = _gzip_cache.get(key)
    if hit is None:
        hit = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        with _gzip_lock:
            _gzip_cache[key] = hit
    return hit


class Handler(BaseHTTPRequestHandler):
    """GET/HEAD of static files from the server's mounts, directory URLs -> index.html, site 404.html for
    misses."""

    protocol_version = "HTTP/1.1"  # keep-alive, as any real host does
    server: StaticServer

    def do_GET(self) -> None:
        """Send a file."""
        self.respond(head=False)

    def do_HEAD(self) -> None:
        """Send a file's headers only."""
        self.respond(head=True)

    def respond(self, head: bool) -> None:
        """Serve one request, keeping the server's count of requests in flight and of bytes sent."""
        self.server.started()
        try:
            self.server.record(self.path, self.send_file(head))
        finally:
            self.server.finished()

    def send_file(self, head: bool) -> int:
        """Find the file for the request path and send it, compressed when the client accepts gzip; return
        body bytes sent."""
        url_path = unquote(urlsplit(self.path).path)
        path = self.server.resolve(url_path)
        status = HTTPStatus.OK
        if path is None and not url_path.endswith("/") and self.server.resolve(url_path + "/") is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 0
        if path is None:
            status, path = HTTPStatus.NOT_FOUND, self.server.not_found
        data = path.read_bytes() if path and path.is_file() else b"Not found\n"
        ctype = content_type(path) if path else "text/plain; charset=utf-8"
        encoding = None
        if is_text(ctype) and "gzip" in self.headers.get("Accept-Encoding", "") and path:
            data, encoding = gzipped(path, data), "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "public, max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if head:
            return 0
        try:
            self.wfile.write(data)
        except ConnectionError:  # the browser gave up on it (navigated away); nothing was delivered in full
            return 0
        return len(data)

    def log_message(self, format: str, *args) -> None:
        """Stay quiet: the benchmark prints its own report."""


class StaticServer(ThreadingHTTPServer):
    """Serves a site folder at / and any extra folders at /<prefix>/."""

    daemon_threads = True

    def __init__(self, root: Path, port: int = 0, mounts: dict[str, Path] | None = None):
        super().__init__(("127.0.0.1", port), Handler)
        self.root = root.resolve()
        self.mounts = {prefix.strip("/"): folder.resolve() for prefix, folder in (mounts or {}).items()}
        nf = self.root / "404.html"
        self.not_found = nf if nf.is_file() else None
        self._lock = threading.Lock()
        self._log: list[tuple[str, int]] = []
        self._sizes: dict[str, int] = {}
        self._in_flight = 0
        self._last_activity = time.monotonic()

    def started(self) -> None:
        """Note a request coming in."""
        with self._lock:
            self._in_flight += 1
            self._last_activity = time.monotonic()

    def finished(self) -> None:
        """Note a request done."""
        with self._lock:
            self._in_flight -= 1
            self._last_activity = time.monotonic()

    def record(self, path: str, body_bytes: int) -> None:
        """Log one response's body size as sent (compressed when it was gzipped)."""
        with self._lock:
            self._log.append((path, body_bytes))
            self._sizes[path] = body_bytes

    def size_of(self, path: str) -> int | None:
        """Body bytes last sent for a request path (with its query), or None if it was never requested."""
        with self._lock:
            return self._sizes.get(path)

    def take_log(self) -> list[tuple[str, int]]:
        """Every (request path, body bytes sent) since the last call, and start a new log."""
        with self._lock:
            log, self._log = self._log, []
        return log

    def wait_quiet(self, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Block until no request has been in flight for `quiet` seconds (or `limit` seconds have passed)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            with self._lock:
                idle = self._in_flight == 0 and time.monotonic() - self._last_activity >= quiet
            if idle:
                return
            time.sleep(0.02)

    @property
    def url(self) -> str:
        """The server's base URL, with a trailing slash."""
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL path names, or None; never a file outside the served folders."""
        parts = [p for p in url_path.split("/") if p]
        base = self.root
        if parts and parts[0] in self.mounts:
            base, parts = self.mounts[parts[0]], parts[1:]
        if any(p in ("..", ".") or "\\" in p for p in parts):
            return None
        path = base.joinpath(*parts)
        if path.is_dir():
            if url_path and not url_path.endswith("/"):
                return None
            path = path / "index.html"
        return path if path.is_file() else None


class running:  # noqa: N801 - used as `with serve.running(...)`, like a function
    """Context manager: a StaticServer on a free port in a background thread."""

    def __init__(self, root: Path, mounts: dict[str, Path] | None = None):
        self.server = StaticServer(root, 0, mounts)

    def __enter__(self) -> StaticServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    srv = StaticServer(root, int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"Serving {root}/ with gzip at {srv.url} (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        srv.serve_forever()
