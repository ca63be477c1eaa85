"""Editing the workshop agenda: its blocks' names and minutes, in order."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

MAX_MINUTES = 24 * 60
DEFAULT_BLOCK = ("New block", 15)


class AgendaDialog(QDialog):
    def __init__(self, blocks: list[tuple[str, int]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Workshop Agenda")
        self.resize(460, 380)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Block", "Minutes"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        for name, minutes in blocks:
            self._append(name, minutes)
        self.total = QLabel()
        self.table.itemChanged.connect(self._show_total)
        buttons_row = QHBoxLayout()
        for text, slot in (("&Add", self.add_block), ("&Remove", self.remove_block),
                           ("Move &Up", lambda: self.move_block(-1)), ("Move &Down", lambda: self.move_block(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons_row.addWidget(button)
        buttons_row.addStretch()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addLayout(buttons_row)
        column.addWidget(self.total)
        column.addWidget(buttons)
        self._show_total()

    def _append(self, name: str, minutes: int, row: int | None = None) -> None:
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        spin = QSpinBox()
        spin.setRange(1, MAX_MINUTES)
        spin.setValue(minutes)
        spin.setSuffix(" min")
        spin.valueChanged.connect(self._show_total)
        self.table.setCellWidget(row, 1, spin)  # before the name: a new name updates the total
        self.table.setItem(row, 0, QTableWidgetItem(name))

    def add_block(self) -> None:
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self._append(*DEFAULT_BLOCK, row=row)
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self._show_total()

    def remove_block(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self._show_total()

    def move_block(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        blocks = self.blocks()
        blocks.insert(target, blocks.pop(row))
        self.table.setRowCount(0)
        for name, minutes in blocks:
            self._append(name, minutes)
        self.table.setCurrentCell(target, 0)

    def blocks(self) -> list[tuple[str, int]]:
        """The agenda as shown: (name, minutes) in order."""
        return [(self.table.item(row, 0).text().strip(), self.table.cellWidget(row, 1).value())
                for row in range(self.table.rowCount())]

    def _show_total(self, *_args) -> None:
        total = sum(minutes for _, minutes in self.blocks())
        self.total.setText(f"Total: {total // 60} h {total % 60:02d} min" if total >= 60 else f"Total: {total} min")
