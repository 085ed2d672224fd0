"""Evaluation harnesses run by `ali eval`."""
