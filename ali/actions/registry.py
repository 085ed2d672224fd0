"""A council's actions by name: the catalogue's `action`, `status_action` and `cancel_action`
fields name them; `ali.connectors.registry.build_actions` fills it from the council profile."""

from __future__ import annotations

from collections.abc import Iterable

from ali.actions.action import Action


class ActionRegistry:
    """The actions a council can execute, by name (the catalogue's `action` field)."""

    def __init__(self, actions: Iterable[Action] = ()) -> None:
        self._actions: dict[str, Action] = {}
        for action in actions:
            self.register(action)

    def register(self, action: Action) -> None:
        if action.name in self._actions:
            raise ValueError(f"action {action.name!r} registered twice")
        self._actions[action.name] = action

    def get(self, name: str | None) -> Action | None:
        return self._actions.get(name) if name else None

    def names(self) -> list[str]:
        return sorted(self._actions)
