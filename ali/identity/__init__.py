"""Citizen identity: sign-in tokens verified against each council's identity provider."""
