"""File › History: the kept copies of the board (app.model.history), newest first, each with its
time and note count; Open shows one in a read-only window, Restore makes the board what it was
then (one undo step)."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from app.model import history

if TYPE_CHECKING:
    from .main_window import MainWindow


class HistoryDialog(QDialog):
    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("History")
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Copies of this board, kept when it was opened and every ten minutes of editing:"))
        self.list = QListWidget()
        for snapshot in history.snapshots(window.doc.path):
            when = time.strftime("%a %d %b %Y, %H:%M:%S", time.localtime(snapshot.when))
            item = QListWidgetItem(f"{when} — {snapshot.notes} notes")
            item.setData(Qt.UserRole, snapshot)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        column.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ActionRole)
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ActionRole)
        self.restore_button.setEnabled(not window.doc.read_only)
        self.open_button.clicked.connect(lambda: self._done(window.open_snapshot))
        self.restore_button.clicked.connect(lambda: self._done(window.restore_snapshot))
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        for button in (self.open_button, self.restore_button):
            button.setEnabled(button.isEnabled() and self.list.count() > 0)

    def _done(self, act) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.accept()
            act(item.data(Qt.UserRole))
