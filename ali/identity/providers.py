"""A council's identity provider as ALI trusts it: what its profile's `identity` says the tokens
must carry, completed with where the provider is, which only the deployment's settings say
(`Settings.back_office`). A profile keeping the provider's keys in a `jwks_file` (closed
networks, tests) names its issuer itself; an entry of the settings' `back_offices` giving
issuer and jwks_url wins over it (the sandbox fallback does not)."""

from __future__ import annotations

from ali.catalogue.profile import CouncilProfile, IdentityProvider
from ali.errors import CatalogueError
from ali.settings import Settings


def identity_provider(profile: CouncilProfile, settings: Settings) -> IdentityProvider | None:
    """The council's provider, or None when it has no sign-in; `CatalogueError` when the
    settings do not say where a provider the profile needs is."""
    identity = profile.identity
    if identity is None:
        return None
    listed = profile.id in settings.back_offices
    if identity.jwks_file is not None and not listed:
        addresses = None  # the profile's own keys, not the sandbox's of the fallback
    else:
        addresses = settings.back_office(profile.id)
    issuer = addresses.issuer if addresses is not None else None
    jwks_url = addresses.jwks_url if addresses is not None else None
    common = {
        "audience": identity.audience,
        "nif_claim": identity.nif_claim,
        "algorithms": identity.algorithms,
    }
    if issuer is not None and jwks_url is not None:
        return IdentityProvider.model_validate(common | {"issuer": issuer, "jwks_url": jwks_url})
    if identity.jwks_file is not None and identity.issuer is not None:
        return IdentityProvider.model_validate(
            common | {"issuer": issuer or identity.issuer, "jwks_file": identity.jwks_file}
        )
    raise CatalogueError(
        f"{profile.id}: its sign-in needs an identity provider, and the settings do not say "
        f"where it is: set issuer and jwks_url in ALI_BACK_OFFICES for {profile.id!r} "
        "(docs/deployment.md)"
    )
