"""Dependencies of the HTTP layer, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ali.councils import Councils


def get_councils(request: Request) -> Councils:
    councils: Councils = request.app.state.councils
    return councils


CouncilsDep = Annotated[Councils, Depends(get_councils)]
