"""What the fault tests share: a back office that answers garbage, ALI served over HTTP with
its sandbox, and the address of a back office that is down."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ali.councils import Councils
from ali.settings import Settings
from tests.support.servers import Sandbox, free_port

CHAT = "/api/v1/councils/alicante/chat"
GARBAGE = {
    "html": b"<html><body><h1>Servicio en mantenimiento</h1></body></html>",
    "truncated": b'{"csv": "ALI-AAAA-BB',
    "schema": b'{"status": "ok", "items": []}',
}
CONTENT_TYPES = {"html": "text/html", "truncated": "application/json", "schema": "application/json"}


class FaultServer:
    """A back office on loopback that misbehaves as `mode` says; counts what reaches it."""

    def __init__(self, mode: str = "hang") -> None:
        self.mode = mode
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=256)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self.accepted = 0
        self.open_now = 0  # connections held open right now (hang mode)
        self.most_open = 0  # the most held open at once
        self._held: list[socket.socket] = []
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            connection.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                data += chunk
            if self.mode == "hang":
                self._hold(connection)
                return
            body = GARBAGE[self.mode]
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: {CONTENT_TYPES[self.mode]}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            connection.sendall(head.encode() + body)
        except OSError:
            pass
        finally:
            if self.mode != "hang":
                connection.close()

    def _hold(self, connection: socket.socket) -> None:
        """Never answer; notice when the client gives up (closes its end)."""
        with self._lock:
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
            self._held.append(connection)
        connection.settimeout(0.2)
        try:
            while not self._closed.is_set():
                try:
                    if not connection.recv(65536):
                        break  # the client closed the connection
                except TimeoutError:
                    continue
        except OSError:
            pass
        finally:
            with self._lock:
                self.open_now -= 1

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        with self._lock:
            for held in self._held:
                held.close()


@dataclass
class Ali:
    url: str
    councils: Councils
    settings: Settings
    sandbox: Sandbox

    def sign_in(self, nif: str) -> dict[str, str]:
        token = httpx.post(f"{self.sandbox.url}/idp/token", json={"nif": nif}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    def say(
        self, message: str, conversation: str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return httpx.post(
            f"{self.url}{CHAT}",
            json={"conversation_id": conversation, "message": message},
            headers=headers or {},
            timeout=60,
        )

    def confirming_certificate(self, headers: dict[str, str]) -> str:
        """A conversation whose certificate form waits for "sí" (no back-office call so far)."""
        conversation = None
        for message in (
            "quiero el certificado de empadronamiento",
            "colectivo",
            "ayuda al alquiler",
        ):
            reply = self.say(message, conversation, headers)
            assert reply.status_code == 200, reply.text
            conversation = reply.json()["conversation_id"]
        assert reply.json()["intent"] == "confirmation", reply.json()["reply"]
        assert isinstance(conversation, str)
        return conversation


AliFactory = Callable[..., Ali]


def stopped_back_office() -> str:
    """The address of a back office that is not running: connections are refused."""
    return f"http://127.0.0.1:{free_port()}"
