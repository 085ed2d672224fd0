"""Output guardrails for answers a language model writes from catalogue passages (issue 13):
every fact (URL, e-mail, phone, amount, percentage, date) must come from the sources, every
sentence must be close to a cited passage, no council's forbidden term may appear, and links
reach the model only as tokens."""
