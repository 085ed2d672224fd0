"""`ali serve --workers 2` with PROMETHEUS_MULTIPROC_DIR: whichever worker answers a scrape,
`/metrics` counts every turn the deployment served (an earlier run's files removed at start);
and the rate limits are counted in the shared Redis (six requests a minute for the deployment)."""

from __future__ import annotations

from pathlib import Path

import httpx
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.support.workers import serving_workers

CHAT = "/api/v1/councils/alicante/chat"


def turns(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "ali_chat_turns"
        for sample in family.samples
        if sample.name == "ali_chat_turns_total"
    )


def test_two_workers_are_counted_and_limited_together(
    tmp_path: Path, postgres_url: str, redis_client: redis.Redis, redis_keys: str
) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_stale.db").write_bytes(b"an earlier run's")  # removed at start
    env = {
        "ALI_DATA_DIR": str(tmp_path),
        "ALI_ENVIRONMENT": "test",
        "ALI_COUNCILS": '["alicante"]',
        "ALI_EMBEDDER__BACKEND": "hashing",
        "ALI_DATABASE__URL": postgres_url,
        "ALI_REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALI_REDIS_KEY_PREFIX": redis_keys,
        "ALI_RATE_LIMITS__PER_IP": "6/minute",
        "ALI_LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    with serving_workers(env, tmp_path / "serve.log") as (_, url):
        codes = [  # a new connection each time: both workers take some
            httpx.post(f"{url}{CHAT}", json={"message": "hola"}, timeout=30).status_code
            for _ in range(7)
        ]
        assert codes == [200] * 6 + [429]  # six for the deployment, in Redis
        scrapes = [turns(httpx.get(f"{url}/metrics").text) for _ in range(6)]
        assert scrapes == [6.0] * 6  # the same sum whichever worker answered
        # Which worker accepts a connection is the kernel's choice (often the same one): that
        # the files of several processes are summed is shown in tests/api/test_metrics.py.
        assert list(metrics_dir.glob("counter_*.db"))
