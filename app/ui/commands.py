"""Undo commands: each holds one document Change; undo and redo go through the document API.

A call is made first (so a refused call raises before anything reaches the undo stack), then
its Change is pushed; the command's first redo() is the call that already happened. Undo and
redo run the calls the Change recorded against the board as it is then; when the board has
changed elsewhere so that they are refused, the step leaves the history."""
from __future__ import annotations

from typing import Callable, Hashable, Optional

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.model.changes import Change
from app.model.document import BoardError, Document

MERGE_ID = 1


class BoardHistory(QUndoStack):
    """A window's undo stack; says why an undo or redo was refused (an exception cannot leave
    QUndoCommand.undo(), which Qt calls)."""
    refused = Signal(str)


class DocumentCommand(QUndoCommand):
    def __init__(self, doc: Document, change: Change, merge_key: Optional[Hashable] = None,
                 refused: Optional[Callable[[str], None]] = None):
        super().__init__(change.label)
        self.doc = doc
        self.refused = refused
        self.change = change
        self.merge_key = merge_key
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False  # the call itself was the first redo
            return
        self._step(self.doc.redo)

    def undo(self) -> None:
        self._step(self.doc.undo)

    def _step(self, step: Callable[[Change], Change]) -> None:
        try:
            step(self.change)
        except BoardError as error:
            # Refused, and nothing changed: the stack drops the step (so that its index goes
            # on matching the board) and the reason is reported.
            self.setObsolete(True)
            if self.refused is None:
                raise
            self.refused(str(error))

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DocumentCommand) or other.merge_key != self.merge_key:
            return False
        self.change = self.change.then(other.change)
        return True


def perform(stack: QUndoStack, doc: Document, call: Callable[[], Change],
            merge_key: Optional[Hashable] = None) -> Change:
    """Runs a document call and records it as one undo step (nothing when it changed nothing)."""
    change = call()
    if change:
        refused = stack.refused.emit if isinstance(stack, BoardHistory) else None
        stack.push(DocumentCommand(doc, change, merge_key, refused))
    return change
