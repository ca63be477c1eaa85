"""Turns the model's change notifications into a Qt signal, so widgets can follow the document."""
from PySide6.QtCore import QObject, Signal

from app.model.document import Document


class DocumentSignals(QObject):
    changed = Signal(object)  # the app.model.changes.Change that was committed

    def __init__(self, doc: Document, parent=None):
        super().__init__(parent)
        self.doc = doc
        doc.subscribe(self.changed.emit)

    def detach(self) -> None:
        self.doc.unsubscribe(self.changed.emit)
