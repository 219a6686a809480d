"""A real HTTP server on loopback for the fetch tests, with scripted routes and a request log."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] | None = None  # sent with chunked transfer encoding, no Content-Length
    delay: float = 0.0  # seconds before answering
    chunk_delay: float = 0.0  # seconds between chunks
    content_length: bool = True


@dataclass
class LoopbackServer:
    """A running server: its port, routes (path -> Reply) and the requests it received."""

    port: int
    routes: dict[str, Reply | Callable[[], Reply]]
    requests: list[tuple[str, dict[str, str]]]

    @property
    def address(self) -> str:
        """The "ip:port" pair the SSRF guard's test allow-list takes."""
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        """The URL of `path` on this server, under `host` (a name the test resolver maps here)."""
        return f"http://{host}:{self.port}{path}"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up on purpose (size caps, timeouts, refused TLS) are not errors here


def _handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path.split("?", 1)[0])
            reply = route() if callable(route) else route
            if reply is None:
                reply = Reply(status=404, body=b"not here")
            time.sleep(reply.delay)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunks is not None:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in reply.chunks:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                    time.sleep(reply.chunk_delay)
                self.wfile.write(b"0\r\n\r\n")
                return
            if reply.content_length:
                self.send_header("Content-Length", str(len(reply.body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(reply.body)

    return Handler


def serve() -> Iterator[LoopbackServer]:
    """Run a server on 127.0.0.1 on a free port until the generator is closed."""
    state = LoopbackServer(port=0, routes={}, requests=[])
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def serve_tls(certfile: str, keyfile: str) -> Generator[tuple[int, list[str | None]], None, None]:
    """Run an HTTPS server on 127.0.0.1; yields its port and the TLS server names clients sent."""
    import ssl

    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    state = LoopbackServer(
        port=0, routes={"/": Reply(body=b"<html><body><p>secure</p></body></html>")}, requests=[]
    )
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], names
    finally:
        httpd.shutdown()
        httpd.server_close()
