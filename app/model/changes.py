"""What one document call changed, row by row (so that a UI can follow it), and how to take it
back: the calls that undo it (so that undo works on the board as it is then, not on row images)."""
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


@dataclass(frozen=True)
class Operation:
    """One document call, by method name and arguments: e.g. edit_note(7, text="draft")."""
    method: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def run(self, doc) -> None:
        getattr(doc, self.method)(*self.args, **self.kwargs)


@dataclass
class Change:
    """The rows one document call changed, in the order it changed them, and the calls that
    undo it. undo() runs undo_ops and keeps their own inverse in redo_ops; redo() runs those
    and keeps the new inverse in undo_ops: one Change is one step of an undo stack."""
    label: str
    rows: list[RowChange] = field(default_factory=list)
    result: Any = None  # what the call gives back, e.g. the id of a new note
    undo_ops: list[Operation] = field(default_factory=list)  # in the order they run
    redo_ops: list[Operation] = field(default_factory=list)

    def undo_by(self, method: str, *args, **kwargs) -> None:
        """Records the call that takes back what this change did so far: it runs before those
        recorded earlier. A change that changed nothing records none, so that its undo cannot
        overwrite what someone else did since."""
        if self.rows:
            self.undo_ops.insert(0, Operation(method, args, kwargs))

    def then(self, later: "Change") -> "Change":
        """This change followed by a later one, as one (e.g. all the typing into one note):
        undone later first."""
        return Change(self.label, self.rows + later.rows, later.result, later.undo_ops + self.undo_ops)

    def ids(self, entity: type[Base]) -> set:
        """Ids of the rows of an entity this change touched (the first key column)."""
        return {row.key[0] for row in self.rows if row.entity is entity}

    def touches(self, entity: type[Base]) -> bool:
        return any(row.entity is entity for row in self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)
