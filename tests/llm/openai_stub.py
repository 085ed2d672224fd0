"""A stand-in OpenAI-compatible server on loopback for the model layer's failure tests: it
answers chat completions (streamed as server-sent events, or as one JSON body) with the replies
it is given, and can be slow before its first token, slow between tokens, answer an HTTP error
or send garbage. Every request body it received is kept in `requests`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Behaviour:
    replies: list[str] = field(default_factory=lambda: ['{"answer": "ok"}'])
    first_token_delay: float = 0.0  # before the headers and the first chunk
    chunk_delay: float = 0.0  # between chunks
    status: int = 200
    raw_body: bytes | None = None  # sent as it is instead of a completion


class OpenAIStub:
    def __init__(self, behaviour: Behaviour | None = None) -> None:
        self.behaviour = behaviour or Behaviour()
        self.requests: list[dict[str, Any]] = []
        self._replies = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def next_reply(self) -> str:
        replies = self.behaviour.replies
        reply = replies[min(self._replies, len(replies) - 1)]
        self._replies += 1
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(body)
                behaviour = stub.behaviour
                time.sleep(behaviour.first_token_delay)
                if behaviour.raw_body is not None:
                    self._send(200, behaviour.raw_body, "application/json")
                    return
                if behaviour.status != 200:
                    error = {"error": {"message": "stub error", "type": "stub"}}
                    self._send(behaviour.status, json.dumps(error).encode(), "application/json")
                    return
                reply = stub.next_reply()
                if body.get("stream"):
                    self._stream(reply, behaviour.chunk_delay)
                else:
                    self._send(200, json.dumps(_completion(reply)).encode(), "application/json")

            def _send(self, status: int, data: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: str, delay: float) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [{"role": "assistant", "content": ""}]
                pieces += [{"content": word} for word in _words(reply)]
                try:
                    for index, delta in enumerate(pieces):
                        if index > 1:
                            time.sleep(delay)
                        self._event(_chunk(delta))
                    self._event(_chunk({}, finish="stop"))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout): what the test wants

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

        return Handler

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def openai_stub(behaviour: Behaviour | None = None) -> Iterator[OpenAIStub]:
    stub = OpenAIStub(behaviour)
    stub.start()
    try:
        yield stub
    finally:
        stub.stop()


def _words(text: str) -> list[str]:
    words: list[str] = []
    for index, word in enumerate(text.split(" ")):
        words.append(word if index == 0 else f" {word}")
    return words


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "stub",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(reply: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply},
                "finish_reason": "stop",
            }
        ],
    }
