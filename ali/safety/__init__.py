"""Safety: personal-data redaction (and, later, guardrails)."""
