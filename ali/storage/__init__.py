"""Persistence of conversations."""
