"""Intent routing: what the citizen wants from this message."""
