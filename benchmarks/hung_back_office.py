"""How long an informational answer takes while a back office hangs.

Starts the sandbox (in this process, as the identity provider), a "black hole" back office on
loopback (it accepts connections and never answers, as a paused process does) and `ali serve`
in a subprocess (hashing embedder, temporary data) whose connectors all call the black hole.
It prepares `--actions` signed-in conversations at the certificate's confirmation, then sends
their "sí" all at once; once the black hole holds connections it asks an anonymous
informational question and reports how long that took, against the same question asked with
nothing hanging, and how long the action turns took.

It is a benchmark, not a test. `--source DIR` serves another checkout (e.g. `git archive` of an
older commit unpacked in DIR) with this script, to compare before and after:

    python benchmarks/hung_back_office.py [--actions 45] [--source DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_end_to_end import KEY, Sandbox, free_port  # noqa: E402

CHAT = "/api/v1/councils/alicante/chat"
INFO = "¿cuánto cuesta el volante de empadronamiento?"
FORM = ("quiero el certificado de empadronamiento", "colectivo", "ayuda al alquiler")


class BlackHole:
    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=512)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.accepted = 0
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.accepted += 1
            self._held.append(connection)

    def close(self) -> None:
        self._listener.close()
        for connection in self._held:
            connection.close()


def serve_ali(
    source: Path, data: Path, back_office: str, sandbox: str
) -> tuple[subprocess.Popen[bytes], str]:
    council = data / "knowledge" / "alicante"
    shutil.copytree(source / "knowledge" / "alicante", council)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(source),
        "ALI_ENVIRONMENT": "test",
        "ALI_DATA_DIR": str(data / "data"),
        "ALI_KNOWLEDGE_DIR": str(data / "knowledge"),
        "ALI_EMBEDDER__BACKEND": "hashing",
        "ALI_CONNECTOR_KEYS": f'{{"alicante": "{KEY}"}}',
        "ALI_BACK_OFFICES": json.dumps(
            {
                "alicante": {
                    "url": back_office,
                    "issuer": f"{sandbox}/idp",
                    "jwks_url": f"{sandbox}/idp/jwks.json",
                }
            }
        ),
        "ALI_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "ali", "serve", "--port", str(port)],
        env=env,
        cwd=data,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise SystemExit("ALI did not become ready")


def say(
    url: str, message: str, conversation: str | None, headers: dict[str, str]
) -> httpx.Response:
    return httpx.post(f"{url}{CHAT}", json={"conversation_id": conversation, "message": message},
                      headers=headers, timeout=120)  # fmt: skip


def timed(call) -> tuple[float, httpx.Response]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=45)
    parser.add_argument("--source", type=Path, default=ROOT)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        sandbox = Sandbox(root / "sandbox", free_port())
        sandbox.start()
        hole = BlackHole()
        process, url = serve_ali(arguments.source.resolve(), root, hole.url, sandbox.url)
        try:
            token = httpx.post(f"{sandbox.url}/idp/token", json={"nif": "99000001C"}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            quiet = [timed(lambda: say(url, INFO, None, {}))[0] for _ in range(5)]
            conversations = []
            for _ in range(arguments.actions):
                conversation = None
                for message in FORM:
                    conversation = say(url, message, conversation, headers).json()[
                        "conversation_id"
                    ]
                conversations.append(conversation)
            results: list[tuple[float, httpx.Response]] = []
            with ThreadPoolExecutor(max_workers=arguments.actions + 5) as pool:
                actions = [pool.submit(timed, lambda c=c: say(url, "sí", c, headers))
                           for c in conversations]  # fmt: skip
                # Ask once every action turn has reached the back office or given up: no new
                # connection for a second (at most 30 s).
                waited, seen, since = time.monotonic() + 30, -1, time.monotonic()
                while time.monotonic() < waited:
                    if hole.accepted != seen:
                        seen, since = hole.accepted, time.monotonic()
                    elif seen > 0 and time.monotonic() - since >= 1.0:
                        break
                    time.sleep(0.02)
                held = hole.accepted
                info_seconds, info = timed(lambda: say(url, INFO, None, {}))
                results = [future.result() for future in actions]
        finally:
            process.kill()
            process.wait()
            hole.close()
            sandbox.stop()
    durations = sorted(seconds for seconds, _ in results)
    statuses = sorted({response.status_code for _, response in results})
    print(f"source: {arguments.source}")
    print(f"informational answer, nothing hanging: median {statistics.median(quiet):.3f} s")
    print(f"informational answer while {arguments.actions} action turns hang: "
          f"{info_seconds:.3f} s (status {info.status_code}); "
          f"connections held by the back office then: {held}")  # fmt: skip
    print(f"action turns: min {durations[0]:.1f} s, median {statistics.median(durations):.1f} s, "
          f"max {durations[-1]:.1f} s; statuses {statuses}; "
          f"connections the back office accepted in all: {hole.accepted}")  # fmt: skip


if __name__ == "__main__":
    main()
