"""The back offices' HTTP contract, owned once: what each connector sends to a council's system
and what it accepts back, as pydantic models, one module per back-office system (`padron`,
`registro`, `tributos`, `appointments` for citas, `open311`) and the shapes they share
(`shared`: the error body, the lookup by idempotency key, names in the council's languages).

The connectors build their requests from these models and read every answer through them
(`shared.read`, `shared.read_list`); an answer that does not match is the back office breaking
its contract, which `ali.connectors.http.reads_back_office` turns into `BackOfficeInvalidAnswer`.
The sandbox back office (ali_sandbox) serves the same models, and a test compares its OpenAPI
schema with theirs, so the fake and the product cannot drift apart.

Requests forbid unknown fields (the back office would refuse them); answers ignore them (a back
office may say more than ALI reads).
"""
