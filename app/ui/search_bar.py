"""Ctrl+F: a bar that highlights the notes matching what is typed and steps through them."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .board_scene import BoardScene
from .board_view import BoardView
from .note_actions import note_matches


class SearchBar(QWidget):
    def __init__(self, scene: BoardScene, view: BoardView, parent=None):
        super().__init__(parent)
        self.scene, self.view = scene, view
        self._current = -1
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(QLabel("Find:"))
        self.field = QLineEdit()
        self.field.setPlaceholderText("text, tag or owner")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(self.next)
        row.addWidget(self.field, 1)
        self.count = QLabel("")
        row.addWidget(self.count)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        row.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.scene.highlight(None)
        self.view.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def matches(self) -> list[int]:
        query = self.field.text().strip()
        if not query:
            return []
        boxes = self.scene.surface.boxes
        found = [n.id for n in self.scene.doc.notes() if note_matches(n, query) and n.id in boxes]
        return sorted(found, key=lambda i: (boxes[i].rect.y, boxes[i].rect.x))

    def _search(self, text: str) -> None:
        self._current = -1
        query = text.strip()
        self.scene.highlight((lambda note: note_matches(note, query)) if query else None)
        found = len(self.matches())
        self.count.setText(f"{found} note{'s' if found != 1 else ''}" if query else "")

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        found = self.matches()
        if not found:
            return
        self._current = (self._current + direction) % len(found)
        note_id = found[self._current]
        self.scene.show_note(note_id, self.view)
        self.count.setText(f"{self._current + 1} of {len(found)}")
