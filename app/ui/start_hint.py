"""The hint on an empty board: what to do first, at the foot of the view until the first note."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.model.document import Document

HINT = ("Double-click a cell to add a note  ·  arrows and Enter add one from the keyboard  ·  "
        "F5 presents  ·  ? lists every key")
STYLE = "color:#FFFFFF; background:rgba(38, 50, 56, 215); padding:8px 16px; border-radius:8px; font-size:15px;"


class StartHint(QLabel):
    def __init__(self, doc: Document, parent: QWidget):
        super().__init__(HINT, parent)
        self.doc = doc
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setStyleSheet(STYLE)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignCenter)
        parent.installEventFilter(self)  # stays at the foot of the view when that is resized
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize:
            self.refresh()
        return False

    def refresh(self, _change=None) -> None:
        """Shows it while the board has no note (nor a read-only board: nothing can be added)."""
        if self.doc.notes() or self.doc.read_only:
            self.hide()
            return
        parent = self.parentWidget()
        width = min(parent.width() - 32, 900)
        self.resize(width, self.heightForWidth(width))
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 24)
        self.show()
        self.raise_()
