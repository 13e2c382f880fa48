"""A stand-in for api.kolada.se on 127.0.0.1 answering recorded responses
(tests/fixtures/kolada_server/, routes.json says which file answers which request), for the
loader tests and the Data page's «Hämta från Kolada»."""

from __future__ import annotations

import json
import contextlib
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kolada_server"


class KoladaServer:
    """A stand-in for api.kolada.se answering recorded responses; counts every request."""

    def __init__(self) -> None:
        self.routes = json.loads((FIXTURES / "routes.json").read_text(encoding="utf-8"))
        self.hits: Counter[str] = Counter()
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.hits[self.path] += 1
                answers = server.routes.get(self.path)
                if answers is None:
                    self._send(404, b'{"error": "not found"}')
                    return
                answer = answers[min(server.hits[self.path], len(answers)) - 1]
                if answer.get("delay"):
                    server.stop.wait(answer["delay"])
                    return
                base = f"{server.origin}/{self.path.split('/')[1]}"  # /v3 or /v2, as the request
                body = (FIXTURES / answer["file"]).read_text(encoding="utf-8").replace("{base}", base)
                self._send(answer.get("status", 200), body.encode("utf-8"))

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, version: str = "v3") -> str:
        return f"{self.origin}/{version}"

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def serving(monkeypatch):
    """A recorded Kolada on 127.0.0.1 that the app and the command line fetch from (never a
    proxy), with retries that back off in hundredths of a second."""
    from loaders import http_json

    srv = KoladaServer()
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_URL", srv.url())
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setattr(http_json, "BACKOFF", (0.05, 0.05))
    try:
        yield srv
    finally:
        srv.close()
