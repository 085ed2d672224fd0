"""Connectors: the implementations of the actions ALI executes for citizens, one module per
back-office system (padron, registro, tributos, appointments, open311), and the registry of
connector types (`registry.CONNECTOR_TYPES`)."""
