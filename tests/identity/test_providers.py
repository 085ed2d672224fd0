"""A council's identity provider: the profile says what tokens must carry, the settings where
the provider is; a provider the settings do not place stops the council from loading."""

from __future__ import annotations

import pytest

from ali.catalogue import Catalogue
from ali.catalogue.profile import IdentityProfile
from ali.errors import CatalogueError
from ali.identity.providers import identity_provider
from ali.settings import Settings


def settings(**values: object) -> Settings:
    return Settings.model_validate({"_env_file": None, **values})


def test_production_without_the_providers_address_does_not_load(catalogue: Catalogue) -> None:
    production = settings(environment="production", secret_key="x" * 40)
    with pytest.raises(CatalogueError, match="issuer and jwks_url in ALI_BACK_OFFICES"):
        identity_provider(catalogue.profile, production)


def test_a_back_office_without_a_provider_is_no_provider(catalogue: Catalogue) -> None:
    only_url = settings(back_offices={"alicante": {"url": "https://bo.test"}})
    with pytest.raises(CatalogueError, match="'alicante'"):
        identity_provider(catalogue.profile, only_url)


def test_the_settings_place_the_provider(catalogue: Catalogue) -> None:
    given = settings(
        environment="production",
        secret_key="x" * 40,
        back_offices={
            "alicante": {"issuer": "https://clave.test", "jwks_url": "https://clave.test/k"}
        },
    )
    provider = identity_provider(catalogue.profile, given)
    assert provider is not None
    assert (provider.issuer, str(provider.jwks_url)) == (
        "https://clave.test",
        "https://clave.test/k",
    )
    assert provider.audience == catalogue.profile.identity.audience  # type: ignore[union-attr]
    assert provider.jwks_file is None


def test_outside_production_the_councils_sandbox_tenant(catalogue: Catalogue) -> None:
    provider = identity_provider(catalogue.profile, settings())
    assert provider is not None
    assert provider.issuer == "http://127.0.0.1:8001/t/alicante/idp"
    assert str(provider.jwks_url) == "http://127.0.0.1:8001/t/alicante/idp/jwks.json"


def test_a_key_file_next_to_the_profile_names_its_issuer(catalogue: Catalogue) -> None:
    identity = IdentityProfile(audience="ali", issuer="https://closed.test", jwks_file="k.json")
    profile = catalogue.profile.model_copy(update={"identity": identity})
    provider = identity_provider(profile, settings(sandbox_back_office=None))
    assert provider is not None
    assert (provider.issuer, provider.jwks_file) == ("https://closed.test", "k.json")


def test_the_profile_writes_no_provider_address() -> None:
    with pytest.raises(ValueError, match="jwks_url"):
        IdentityProfile.model_validate({"audience": "ali", "jwks_url": "http://x/jwks.json"})
    with pytest.raises(ValueError, match="go together"):
        IdentityProfile.model_validate({"audience": "ali", "issuer": "http://x"})


def test_the_sandbox_fallback_does_not_replace_a_key_file(catalogue: Catalogue) -> None:
    identity = IdentityProfile(audience="ali", issuer="https://closed.test", jwks_file="k.json")
    profile = catalogue.profile.model_copy(update={"identity": identity})
    provider = identity_provider(profile, settings())
    assert provider is not None and provider.jwks_file == "k.json"
    listed = settings(
        back_offices={"alicante": {"issuer": "https://clave.test", "jwks_url": "https://c.test/k"}}
    )
    provider = identity_provider(profile, listed)
    assert provider is not None and provider.issuer == "https://clave.test"
    assert provider.jwks_file is None
