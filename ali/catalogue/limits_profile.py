"""`limits:` in council.yaml: the council's own rate limits, over the deployment's
(`ALI_RATE_LIMITS__*`, ali.settings.RateLimitSettings). Every key is optional: what is left out
is the deployment's. Rates in the `limits` package's notation ("30/minute", "500/hour")."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ali.settings import RateLimitSettings, rate_limit


class LimitsProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    per_ip: str | None = None
    per_kiosk: str | None = None
    per_citizen: str | None = None
    streams_per_client: int | None = Field(default=None, ge=1, le=100)

    @field_validator("per_ip", "per_kiosk", "per_citizen")
    @classmethod
    def _rates(cls, text: str | None) -> str | None:
        return None if text is None else rate_limit(text)

    def over(self, deployment: RateLimitSettings) -> RateLimitSettings:
        """The deployment's limits with this council's in their place."""
        given = self.model_dump(exclude_none=True)
        return deployment.model_copy(update=given)
