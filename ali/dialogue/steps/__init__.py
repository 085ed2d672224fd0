"""The steps of a chat turn, one class per module, in the order `ali.dialogue.pipeline` runs
them: input guard, conversation, language, signals, safety, active form, routing, action,
answer; then always output check and persist."""
