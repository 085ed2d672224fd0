"""Load: many citizens talking to ALI at once, and then a check that every turn was stored.

Starts `ali serve` on a loopback port in a subprocess (the production code path: uvicorn and
its 40 worker threads), with the hashing embedder (the model is not what is measured here) and
a real database: an SQLite file in a temporary data directory, or the PostgreSQL URL given.
Each client is one citizen holding a multi-turn conversation — a greeting, a procedure
question, a follow-up, a form started and cancelled — over and over until the time is up.
The form is the callback request a handoff offers outside the phone line's hours (the one
form that needs no sign-in), so the served copy of the Alicante catalogue has no phone hours.
With `--shared`, the clients all send to ONE conversation at the same time instead.

Every answer must be 200 with the turn number the conversation is at; afterwards the database
must hold two turns (message and reply) for every message sent, at positions 1..n in each
conversation. Prints throughput and latency percentiles; exits 1 on any problem.

    python benchmarks/load.py [--clients 32] [--seconds 30] [--shared]
                              [--database postgresql+psycopg://...]

tests/load/test_load.py runs the same for a bounded time (`make test`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = "alicante"

# One citizen's conversation, and what each message must bring back.
SCRIPT: list[tuple[str, str | None]] = [
    ("hola", None),
    ("¿Cómo saco el volante de empadronamiento?", None),
    ("¿y cuánto cuesta?", None),
    ("quiero hablar con una persona", "handoff"),
    ("sí", "form"),
    ("cancelar", "no form"),
]
QUESTIONS = [
    "¿Cómo saco el volante de empadronamiento?",
    "¿Cómo pago el IBI?",
    "Quiero darme de alta en el padrón",
    "¿Qué necesito para una licencia de obra menor?",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Server:
    """`ali serve` in a subprocess; its log goes to `log_path`."""

    def __init__(self, data_dir: Path, database_url: str | None, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log_path = data_dir / "server.log"
        self.database_url = database_url or f"sqlite:///{(data_dir / 'ali.db').resolve()}"
        knowledge = data_dir / "knowledge"
        shutil.copytree(ROOT / "knowledge" / COUNCIL, knowledge / COUNCIL, dirs_exist_ok=True)
        profile = knowledge / COUNCIL / "council.yaml"
        lines = profile.read_text().splitlines()
        at = lines.index("  hours:")  # the phone line's hours: never open
        while at + 1 < len(lines) and lines[at + 1].startswith("    - "):
            del lines[at + 1]
        lines[at] = "  hours: []"
        profile.write_text("\n".join(lines) + "\n")
        env = {
            **os.environ,
            "ALI_DATA_DIR": str(data_dir),
            "ALI_KNOWLEDGE_DIR": str(knowledge),
            "ALI_EMBEDDER__BACKEND": "hashing",
            "ALI_ENVIRONMENT": "test",
            "ALI_LOG_FORMAT": "json",
            "ALI_DATABASE__URL": self.database_url,
            # Every client is 127.0.0.1: the per-address limit would answer most of them 429.
            "ALI_RATE_LIMITS__ENABLED": "false",
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ali", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=data_dir,  # no stray .env
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError("the server did not become ready in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def storage_errors(self) -> list[str]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if "storage_error" in line]


@dataclass
class Report:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    sent: Counter[str] = field(default_factory=Counter)  # messages per conversation
    replies: dict[str, list[int]] = field(default_factory=dict)  # turn numbers answered

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def summary(self) -> str:
        ms = [value * 1000 for value in self.latencies]
        return (
            f"{self.requests} requests in {self.seconds:.1f} s = "
            f"{self.requests / self.seconds if self.seconds else 0:.1f} req/s; latency p50 "
            f"{percentile(ms, 0.50):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms, "
            f"p99 {percentile(ms, 0.99):.0f} ms, max {max(ms, default=0):.0f} ms; "
            f"statuses {dict(self.statuses)}; {len(self.sent)} conversations"
        )


async def _say(
    client: httpx.AsyncClient, report: Report, conversation_id: str | None, message: str
) -> dict[str, object] | None:
    started = time.perf_counter()
    try:
        response = await client.post(
            f"/api/v1/councils/{COUNCIL}/chat",
            json={"conversation_id": conversation_id, "message": message},
        )
    except httpx.HTTPError as exc:
        report.problems.append(f"{message!r}: {type(exc).__name__}: {exc}")
        return None
    report.latencies.append(time.perf_counter() - started)
    report.statuses[response.status_code] += 1
    if response.status_code != 200:
        report.problems.append(f"{message!r}: {response.status_code} {response.text[:200]}")
        return None
    body: dict[str, object] = response.json()
    cid = str(body["conversation_id"])
    report.sent[cid] += 1
    report.replies.setdefault(cid, []).append(int(body["turn"]))  # type: ignore[call-overload]
    return body


async def _citizen(client: httpx.AsyncClient, report: Report, index: int, until: float) -> None:
    round_ = 0
    while time.monotonic() < until:
        conversation_id: str | None = None
        for step, (message, expect) in enumerate(SCRIPT):
            if step == 1:
                message = QUESTIONS[(index + round_) % len(QUESTIONS)]
            body = await _say(client, report, conversation_id, message)
            if body is None:
                return
            conversation_id = str(body["conversation_id"])
            if body["turn"] != 2 * (step + 1):
                report.problems.append(f"{message!r}: turn {body['turn']}, not {2 * (step + 1)}")
            if expect == "handoff" and body["intent"] != "handoff":
                report.problems.append(f"{message!r}: intent {body['intent']}, not handoff")
            if expect == "form" and not body.get("form"):
                report.problems.append(f"{message!r}: no form started: {body['reply']!r:.100}")
            if expect == "no form" and body.get("form"):
                report.problems.append(f"{message!r}: the form did not end")
        round_ += 1


async def _sharer(
    client: httpx.AsyncClient, report: Report, conversation_id: str, index: int, until: float
) -> None:
    turn = 0
    while time.monotonic() < until:
        message = QUESTIONS[(index + turn) % len(QUESTIONS)] if turn % 2 else "¿y cuánto cuesta?"
        if await _say(client, report, conversation_id, message) is None:
            return
        turn += 1


async def run_load(base_url: str, clients: int, seconds: float, *, shared: bool = False) -> Report:
    """`clients` concurrent citizens for `seconds` (each finishes the request it is in)."""
    report = Report()
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        started = time.monotonic()
        until = started + seconds
        if shared:
            first = await _say(client, report, None, "hola")
            if first is None:
                return report
            cid = str(first["conversation_id"])
            work = [_sharer(client, report, cid, i, until) for i in range(clients)]
        else:
            work = [_citizen(client, report, i, until) for i in range(clients)]
        await asyncio.gather(*work)
        report.seconds = time.monotonic() - started
    if shared:  # every reply its own turn: 2, 4, 6, ...
        for cid, turns in report.replies.items():
            if sorted(turns) != list(range(2, 2 * len(turns) + 1, 2)):
                report.problems.append(f"{cid}: replies at turns {sorted(turns)[:20]}...")
    return report


def check_stored(database_url: str, report: Report) -> list[str]:
    """Problems with what the database holds: every message sent is stored with its reply,
    at positions 1..n of its conversation."""
    problems: list[str] = []
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            for cid, sent in report.sent.items():
                stored = [
                    row[0]
                    for row in connection.execute(
                        text(
                            "SELECT position FROM turns WHERE conversation_id = :c"
                            " ORDER BY position"
                        ),
                        {"c": cid},
                    )
                ]
                if stored != list(range(1, 2 * sent + 1)):
                    problems.append(
                        f"{cid}: {sent} messages sent, {len(stored)} turns stored "
                        f"(positions {stored[:12]}{'...' if len(stored) > 12 else ''})"
                    )
    finally:
        engine.dispose()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--shared", action="store_true", help="all clients on one conversation")
    parser.add_argument("--database", help="a PostgreSQL URL (default: an SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ali-load-") as tmp:
        server = Server(Path(tmp), args.database)
        try:
            server.wait_ready()
            report = asyncio.run(
                run_load(server.url, args.clients, args.seconds, shared=args.shared)
            )
        finally:
            server.stop()
        problems = report.problems + check_stored(server.database_url, report)
        problems += server.storage_errors()
        kind = "PostgreSQL" if args.database else "SQLite"
        print(f"{kind}, {args.clients} clients{' on one conversation' if args.shared else ''}:")
        print(report.summary())
        for problem in problems[:20]:
            print("PROBLEM", problem)
        print(f"{len(problems)} problems")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
