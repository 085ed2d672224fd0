"""What ALI can do for a citizen: the `Action` protocol, the typed form of its inputs, and the
registry of a council's actions by name. Connectors implement actions; the dialogue fills
their forms."""
