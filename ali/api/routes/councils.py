"""`GET /api/v1/councils`: the councils this deployment serves, each with its assistant's name,
languages and branding (what a council picker or a site embedding several widgets shows).

The branding is the one `GET /api/v1/councils/{council_id}/profile` gives the widget: both
are built by `council_summary`."""

from __future__ import annotations

from fastapi import APIRouter

from ali.api.deps import CouncilsDep
from ali.api.schemas import BrandingOut, CouncilSummary
from ali.catalogue.profile import CouncilProfile

router = APIRouter(prefix="/api/v1", tags=["councils"])


def council_summary(profile: CouncilProfile) -> CouncilSummary:
    """The council as the list shows it; the public profile adds to this."""
    return CouncilSummary(
        id=profile.id,
        name=profile.name,
        assistant_name=profile.assistant_name,
        languages=profile.languages,
        default_language=profile.default_language,
        branding=BrandingOut(
            primary_color=profile.branding.primary_color,
            secondary_color=profile.branding.secondary_color,
            logo_url=f"/api/v1/councils/{profile.id}/logo" if profile.branding.logo else None,
        ),
    )


@router.get("/councils", response_model=list[CouncilSummary])
async def list_councils(councils: CouncilsDep) -> list[CouncilSummary]:
    """Every council served, by id (available while the councils warm up: it needs only
    their profiles)."""
    return [council_summary(councils.catalogue(council_id).profile) for council_id in councils.ids]
