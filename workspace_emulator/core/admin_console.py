"""The domain's Admin console settings that break a deployment, as a fault model.

Real deployments fail on these: a scope missing from the service account's domain-wide
delegation, a suspended (or deleted) user, a user without Google Calendar. Tests set them
through ``Emulator.admin_console`` and the token endpoint and Calendar answer as Google does.
Kept in the store, so they hold across a restart like the rest of the domain.
"""

from __future__ import annotations

from workspace_emulator.core.framework import Store

TABLE = "admin_console"
EVERYONE = "*"


class AdminConsole:
    """What the domain's administrator has (not) allowed."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _list(self, key: str) -> list[str]:
        value = self.store.get(TABLE, key)
        return list(value["items"]) if value else []

    def _add(self, key: str, item: str) -> None:
        items = self._list(key)
        if item not in items:
            self.store.put(TABLE, key, {"items": [*items, item]})

    def refuse_scope(self, scope: str, user: str = EVERYONE) -> None:
        """Leave ``scope`` out of the delegation (for every user, or only ``user``)."""
        self._add(f"refused:{user.lower()}", scope)

    def refused_scopes(self, user: str) -> set[str]:
        """The scopes a token for ``user`` may not carry."""
        return {*self._list(f"refused:{EVERYONE}"), *self._list(f"refused:{user.lower()}")}

    def suspend(self, user: str) -> None:
        """Suspend ``user``: no token can be had acting as them."""
        self._add("suspended", user.lower())

    def restore(self, user: str) -> None:
        """Lift ``user``'s suspension."""
        items = [u for u in self._list("suspended") if u != user.lower()]
        self.store.put(TABLE, "suspended", {"items": items})

    def is_suspended(self, user: str) -> bool:
        """True when ``user`` is suspended."""
        return user.lower() in self._list("suspended")

    def remove_calendar(self, user: str) -> None:
        """Take Google Calendar away from ``user`` (their calendar answers notFound)."""
        self._add("no_calendar", user.lower())

    def has_calendar(self, user: str) -> bool:
        """False when ``user`` has no Google Calendar."""
        return user.lower() not in self._list("no_calendar")
