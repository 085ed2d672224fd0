"""Connectors: the actions ALI executes for citizens, and their registry."""
