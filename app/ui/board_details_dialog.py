"""Board › Board Details…: the board's title, map type, goal & scope, date and participants.

The dialog edits copies; changed_fields() gives only what differs from the document, for one
doc.set_board_info(**fields) call (one undo step) that the caller runs through the undo stack."""
from __future__ import annotations

import datetime
from typing import Any, Optional

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QWidget,
)

from app.model.document import Document
from app.model.entities import MAP_TYPES

MAP_TYPE_NAMES = {
    "current-state": "Current state", "future-state": "Future state", "day-in-the-life": "Day in the life",
    "service-blueprint": "Service blueprint", "support": "Support", "churn-renewal": "Churn / renewal",
    "blank": "Blank",
}


class BoardDetailsDialog(QDialog):
    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.doc = doc
        board = doc.board
        self.setWindowTitle("Board Details")
        self.title = QLineEdit(board.title)
        self.title.setObjectName("title")
        self.map_type = QComboBox()
        self.map_type.setObjectName("map_type")
        for key in MAP_TYPES:
            self.map_type.addItem(MAP_TYPE_NAMES.get(key, key), key)
        self.map_type.setCurrentIndex(max(0, self.map_type.findData(board.map_type)))
        self.goal = QPlainTextEdit(board.goal)
        self.goal.setObjectName("goal")
        self.goal.setPlaceholderText("The one or two sentences the workshop starts from: whose journey, "
                                     "from where to where, and what we want to learn")
        self.goal.setFixedHeight(self.goal.fontMetrics().lineSpacing() * 4 + 12)
        self.date = QLineEdit(board.date)
        self.date.setObjectName("date")
        self.date.setPlaceholderText("e.g. 3 December 2026")
        today = QPushButton("Today")
        today.clicked.connect(lambda: self.date.setText(datetime.date.today().isoformat()))
        date_row = QHBoxLayout()
        date_row.addWidget(self.date, 1)
        date_row.addWidget(today)
        self.participants = QPlainTextEdit("\n".join(p for p in board.participants if isinstance(p, str)))
        self.participants.setObjectName("participants")
        self.participants.setPlaceholderText("One name per line (voting rounds offer them as voters)")
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#B71C1C;")
        self.problem.hide()
        form = QFormLayout(self)
        form.addRow("&Title:", self.title)
        form.addRow("&Map type:", self.map_type)
        form.addRow("&Goal && scope:", self.goal)
        date_label = QLabel("&Date:")  # (a row of widgets has no buddy of its own for the shortcut)
        date_label.setBuddy(self.date)
        form.addRow(date_label, date_row)
        form.addRow("&Participants:", self.participants)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "map_type": self.map_type.currentData(),
            "goal": self.goal.toPlainText().strip(),
            "date": self.date.text().strip(),
            "participants": [line.strip() for line in self.participants.toPlainText().splitlines() if line.strip()],
        }

    def changed_fields(self) -> dict[str, Any]:
        """Only what differs from the board now."""
        board = self.doc.board
        return {key: value for key, value in self.values().items() if getattr(board, key) != value}

    def accept(self) -> None:
        if not self.values()["title"]:  # a board without a title has nothing to show in the window and the PDF
            self.problem.setText("The board needs a title.")
            self.problem.show()
            self.title.setFocus()
            return
        super().accept()
