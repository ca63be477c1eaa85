"""What one document call changed, row by row, so that a UI can follow it and undo can invert it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .entities import Base


@dataclass(frozen=True)
class RowChange:
    """One row inserted (before is None), deleted (after is None) or updated (both hold the
    changed columns only)."""
    entity: type[Base]
    key: tuple
    before: Optional[dict[str, Any]]
    after: Optional[dict[str, Any]]

    def reversed(self) -> "RowChange":
        return RowChange(self.entity, self.key, self.after, self.before)


@dataclass
class Change:
    """The rows one document call changed, in the order it changed them."""
    label: str
    rows: list[RowChange] = field(default_factory=list)
    result: Any = None  # what the call gives back, e.g. the id of a new note

    def inverse(self) -> "Change":
        return Change(f"Undo {self.label}", [row.reversed() for row in reversed(self.rows)])

    def then(self, later: "Change") -> "Change":
        """This change followed by a later one, as one (e.g. all the typing into one note)."""
        return Change(self.label, self.rows + later.rows, later.result)

    def ids(self, entity: type[Base]) -> set:
        """Ids of the rows of an entity this change touched (the first key column)."""
        return {row.key[0] for row in self.rows if row.entity is entity}

    def touches(self, entity: type[Base]) -> bool:
        return any(row.entity is entity for row in self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)
