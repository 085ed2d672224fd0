"""The client's address: X-Forwarded-For believed only from trusted proxies, in the app and in
the uvicorn options of `ali serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from starlette.types import Scope
from typer.testing import CliRunner

from ali.api.client_address import TrustedProxies, client_address, server_options
from ali.cli import app
from ali.settings import Settings


def scope(peer: str | None, *forwarded: str) -> Scope:
    headers = [(b"x-forwarded-for", value.encode("latin-1")) for value in forwarded]
    headers.append((b"host", b"ali.example"))
    return {"type": "http", "client": (peer, 51000) if peer else None, "headers": headers}


NOBODY = TrustedProxies()
PROXY = TrustedProxies(["10.0.0.5", "172.16.0.0/12"])


def test_without_trusted_proxies_the_header_is_ignored_even_from_loopback() -> None:
    assert client_address(scope("127.0.0.1", "198.51.100.7"), NOBODY) == "127.0.0.1"
    assert client_address(scope("::1", "198.51.100.7"), NOBODY) == "::1"
    assert client_address(scope("203.0.113.9", "198.51.100.7"), NOBODY) == "203.0.113.9"


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert client_address(scope("203.0.113.9", "10.0.0.5"), PROXY) == "203.0.113.9"
    assert client_address(scope("127.0.0.1", "198.51.100.7"), PROXY) == "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        (["198.51.100.7"], "198.51.100.7"),
        # The client wrote the left part; the proxy appended what it saw.
        (["6.6.6.6, 198.51.100.7"], "198.51.100.7"),
        (["6.6.6.6", "198.51.100.7"], "198.51.100.7"),  # two header lines
        # Proxies in a chain are skipped, the first untrusted hop from the right is the client.
        (["6.6.6.6, 198.51.100.7, 172.20.1.1"], "198.51.100.7"),
        (["198.51.100.7:4711"], "198.51.100.7"),
        (["[2001:db8::7]:4711"], "2001:db8::7"),
        (["::ffff:198.51.100.7"], "198.51.100.7"),
        # A hop no proxy would write: believe none of it.
        (["6.6.6.6, not-an-address"], "10.0.0.5"),
        ([""], "10.0.0.5"),
        ([], "10.0.0.5"),
        # Only proxies: the request started at the first of them.
        (["172.20.1.1, 10.0.0.5"], "172.20.1.1"),
    ],
)
def test_from_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(
    forwarded: list[str], client: str
) -> None:
    assert client_address(scope("10.0.0.5", *forwarded), PROXY) == client


def test_a_peer_given_as_mapped_ipv4_or_in_a_network_is_trusted() -> None:
    assert client_address(scope("::ffff:10.0.0.5", "198.51.100.7"), PROXY) == "198.51.100.7"
    assert client_address(scope("172.31.255.1", "198.51.100.7"), PROXY) == "198.51.100.7"


def test_no_peer_is_unknown() -> None:
    assert client_address(scope(None, "198.51.100.7"), PROXY) == "unknown"


def test_uvicorn_trusts_the_same_proxies() -> None:
    assert server_options(NOBODY) == {"proxy_headers": False}
    assert server_options(PROXY) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.5/32", "172.16.0.0/12"],
    }


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    assert Settings(_env_file=None).trusted_proxies == []  # type: ignore[call-arg, unused-ignore]
    proxies = Settings(_env_file=None, trusted_proxies=[" 10.0.0.5", "10.1.0.9/16"])  # type: ignore[call-arg, unused-ignore]
    assert proxies.trusted_proxies == ["10.0.0.5", "10.1.0.9/16"]
    with pytest.raises(ValidationError, match=r"proxy\.example"):
        Settings(_env_file=None, trusted_proxies=["proxy.example"])  # type: ignore[call-arg, unused-ignore]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, {"proxy_headers": False}),
        (
            {"ALI_TRUSTED_PROXIES": '["10.0.0.5"]'},
            {"proxy_headers": True, "forwarded_allow_ips": ["10.0.0.5/32"]},
        ),
    ],
)
def test_ali_serve_configures_uvicorn_from_the_settings(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    environment: dict[str, str],
    expected: dict[str, Any],
) -> None:
    import uvicorn

    import ali.api.app

    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.delenv("ALI_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # uvicorn's own variable changes nothing
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    served: dict[str, Any] = {}
    monkeypatch.setattr(ali.api.app, "create_app", lambda settings: "the app")
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(options, app=app))
    result = CliRunner().invoke(app, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert served["app"] == "the app" and served["port"] == 8123
    assert {name: served.get(name) for name in expected} == expected
