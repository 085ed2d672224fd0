"""Admin sign-in under a flood of wrong passwords: the server's memory and responsiveness.

For each scenario it starts `ali serve` on a free loopback port in a subprocess (hashing
embedder, a temporary data directory, an admin hash of the production cost, scrypt n=2^15 r=8,
32 MiB per check), waits for /readyz, then fires `--guesses` wrong sign-ins at once while a
client keeps asking GET /healthz, and reports the answers' statuses, the peak resident memory of
the server process during the flood (VmHWM after resetting it, and the highest VmRSS sampled)
and the p50/p95/max latency of /healthz meanwhile. Scenarios:

- `distinct`: every guess from its own loopback address (127.0.0.2, 127.0.0.3, ...);
- `same`: every guess from 127.0.0.1;
- `rotating`: every guess from 127.0.0.1 with its own X-Forwarded-For (no trusted proxy).

It is a benchmark, not a test. `--source DIR` serves another checkout (e.g. a `git worktree`
of an older commit) with this script, to compare before and after:

    python benchmarks/admin_login.py [--guesses 80] [--source DIR] [--scenario same ...]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("distinct", "same", "rotating")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[position]


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def reset_peak(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def request(
    port: int, method: str, path: str, *, body: str = "", headers: dict[str, str] | None = None,
    source: str | None = None,
) -> int:  # fmt: skip
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=120, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, body or None, headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_ready(port: int, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited")
        try:
            if request(port, "GET", "/readyz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("server did not become ready in time")


def flood(port: int, guesses: int, scenario: str) -> tuple[Counter[int], float]:
    body = urllib.parse.urlencode({"username": "admin", "password": "a wrong password"})
    start = threading.Barrier(guesses)

    def guess(number: int) -> int:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        source = (
            f"127.0.{(number + 2) // 250}.{(number + 2) % 250}" if scenario == "distinct" else None
        )
        if scenario == "rotating":
            headers["X-Forwarded-For"] = f"198.51.{number // 250}.{number % 250 + 1}"
        start.wait()
        return request(port, "POST", "/admin/login", body=body, headers=headers, source=source)

    started = time.perf_counter()
    with ThreadPoolExecutor(guesses) as pool:
        statuses = Counter(pool.map(guess, range(guesses)))
    return statuses, time.perf_counter() - started


def watch(pid: int, port: int, done: threading.Event) -> Callable[[], dict[str, float]]:
    """Poll /healthz and VmRSS until `done`; the returned function gives the figures."""
    latencies: list[float] = []
    rss: list[int] = []

    def health() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while not done.is_set():
            started = time.perf_counter()
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)
        connection.close()

    def memory() -> None:
        while not done.is_set():
            rss.append(status_kib(pid, "VmRSS"))
            time.sleep(0.01)

    threads = [threading.Thread(target=health), threading.Thread(target=memory)]
    for thread in threads:
        thread.start()

    def figures() -> dict[str, float]:
        for thread in threads:
            thread.join()
        return {
            "healthz_requests": len(latencies),
            "healthz_p50_ms": round(statistics.median(latencies), 1),
            "healthz_p95_ms": round(percentile(latencies, 0.95), 1),
            "healthz_max_ms": round(max(latencies), 1),
            "rss_sampled_max_mib": round(max(rss) / 1024, 1),
        }

    return figures


def run(scenario: str, guesses: int, source: Path, password_hash: str) -> dict[str, object]:
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("ALI_") and name != "FORWARDED_ALLOW_IPS"
        } | {
            "ALI_DATA_DIR": data,
            "ALI_EMBEDDER__BACKEND": "hashing",
            "ALI_LOG_LEVEL": "WARNING",
            "ALI_ADMIN__PASSWORD_HASH": password_hash,
            "PYTHONPATH": str(source),
        }
        with tempfile.TemporaryFile() as server_log:
            server = subprocess.Popen(  # the project's own CLI, on loopback only
                [sys.executable, "-m", "ali", "serve", "--port", str(port)],
                env=env,
                cwd=data,  # no .env from a checkout
                stdout=server_log,
                stderr=server_log,
            )
            try:
                wait_ready(port, server, time.monotonic() + 300)
                time.sleep(1)  # let start-up settle
                before = status_kib(server.pid, "VmRSS")
                peak_reset = reset_peak(server.pid)
                done = threading.Event()
                figures = watch(server.pid, port, done)
                statuses, seconds = flood(port, guesses, scenario)
                done.set()
                result: dict[str, object] = {
                    "scenario": scenario,
                    "guesses": guesses,
                    "statuses": dict(sorted(statuses.items())),
                    "hashed (401)": statuses.get(401, 0),
                    "flood_seconds": round(seconds, 2),
                    "rss_before_mib": round(before / 1024, 1),
                    "rss_peak_mib": round(status_kib(server.pid, "VmHWM") / 1024, 1)
                    if peak_reset
                    else None,
                } | figures()
            finally:
                server.terminate()
                server.wait(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guesses", type=int, default=80)
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--scenario", action="append", choices=SCENARIOS)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from ali.admin.passwords import hash_password  # the production cost: n=2^15, r=8

    password_hash = hash_password(secrets.token_urlsafe(16))
    commit = subprocess.run(
        ["git", "-C", str(args.source), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    results = [
        run(scenario, args.guesses, args.source.resolve(), password_hash)
        for scenario in args.scenario or SCENARIOS
    ]
    print(
        json.dumps(
            {"source": str(args.source), "commit": commit, "cpu_count": os.cpu_count(),
             "results": results},
            indent=2,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
