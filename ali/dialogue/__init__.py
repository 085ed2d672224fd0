"""Dialogue: turning a message into a reply within a conversation."""
