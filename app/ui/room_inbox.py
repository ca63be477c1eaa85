"""The room's panel on the laptop (never on the projector): the notes phones sent, waiting for
the facilitator to accept (as sent or edited) or reject them; the "accept automatically" switch;
who is in, with how many notes each sent, and a way to remove a phone. Texts from phones are
shown as plain text (QListWidget items are never rich text)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout,
    QWidget,
)

from app.room.room import Room, RoomError


class RoomInbox(QWidget):
    failed = Signal(str)  # an accept the board refused (its lane was deleted meanwhile ...)

    def __init__(self, room: Room, stop: Callable[[], None], show_code: Callable[[], None],
                 pin: Callable[[], None], parent=None):
        super().__init__(parent)
        self.room = room
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        self.auto_accept = QCheckBox("Accept automatically (skip the inbox)")
        self.auto_accept.toggled.connect(room.set_auto_accept)
        self.waiting = QListWidget()
        self.waiting.setWordWrap(True)
        self.waiting.setAlternatingRowColors(True)  # one note from the next, at a glance
        self.waiting.setSelectionMode(QListWidget.ExtendedSelection)
        self.waiting.itemDoubleClicked.connect(lambda _item: self.accept())
        self.accept_button = QPushButton("&Accept")
        self.edit_button = QPushButton("Edit && Accept…")
        self.reject_button = QPushButton("&Reject")
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setToolTip("The chosen notes become one note, their writers its source")
        self.pin_button = QPushButton()
        self.pin_button.clicked.connect(pin)
        self.accept_button.clicked.connect(self.accept)
        self.merge_button.clicked.connect(self.merge)
        self.edit_button.clicked.connect(self.edit_and_accept)
        self.reject_button.clicked.connect(self.reject)
        self.people = QListWidget()
        self.remove_button = QPushButton("Remove Phone")
        self.remove_button.clicked.connect(self.remove_phone)
        code_button, stop_button = QPushButton("Show QR Code"), QPushButton("Stop Inviting")
        code_button.clicked.connect(show_code)
        stop_button.clicked.connect(stop)

        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.auto_accept)
        column.addWidget(QLabel("Waiting notes:"))
        column.addWidget(self.waiting, 3)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.merge_button, self.reject_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        column.addWidget(self.pin_button)
        column.addWidget(QLabel("Who is in:"))
        column.addWidget(self.people, 1)
        column.addWidget(self.remove_button)
        ends = QHBoxLayout()
        ends.addWidget(code_button)
        ends.addWidget(stop_button)
        column.addLayout(ends)
        self.refresh()

    def refresh(self) -> None:
        """Shows the room as it is now (kept selection where the notes are still waiting)."""
        chosen = set(self.selected_ids())
        self.waiting.clear()
        for submission in self.room.inbox():
            item = QListWidgetItem(f"{submission.text}\n— {submission.participant.source}, "
                                   f"{self.room.where(submission.place)}")
            item.setData(Qt.UserRole, submission.id)
            self.waiting.addItem(item)
            item.setSelected(submission.id in chosen)
        present = self.room.present()
        self.people.clear()
        for participant in present:
            item = QListWidgetItem(f"{participant.name or participant.voter + ' (anonymous)'} — "
                                   f"{participant.notes_sent} note{'s' if participant.notes_sent != 1 else ''}")
            item.setData(Qt.UserRole, participant.id)
            self.people.addItem(item)
        waiting = self.waiting.count()
        pinned = "" if self.room.pinned is None else f"\nPhones write on {self.room.where(self.room.pinned)}"
        self.heading.setText(f"Room {self.room.code}: {len(present)} phone{'s' if len(present) != 1 else ''}, "
                             f"{waiting} note{'s' if waiting != 1 else ''} waiting{pinned}")
        self.pin_button.setText("Let Phones Write Anywhere" if self.room.pinned else "Ask About the Focused Cell Only")

    def selected_ids(self) -> list[int]:
        return [item.data(Qt.UserRole) for item in self.waiting.selectedItems()]

    def accept(self) -> None:
        """Puts the chosen notes (or the oldest) on the board as the phones sent them."""
        for submission_id in self.selected_ids() or self._first():
            self._decide(lambda i=submission_id: self.room.accept(i))
        self.refresh()

    def edit_and_accept(self) -> None:
        ids = self.selected_ids() or self._first()
        if len(ids) != 1:
            return
        current = self.room.submissions[ids[0]].text
        text, ok = QInputDialog.getMultiLineText(self, "Edit the Note", "Text of the note:", current)
        if ok:
            self._decide(lambda: self.room.accept(ids[0], text))
            self.refresh()

    def merge(self) -> None:
        self._decide(lambda: self.room.merge(self.selected_ids()))
        self.refresh()

    def reject(self) -> None:
        for submission_id in self.selected_ids():
            self.room.reject(submission_id)
        self.refresh()

    def remove_phone(self) -> None:
        for item in self.people.selectedItems():
            self.room.remove(item.data(Qt.UserRole))
        self.refresh()

    def _first(self) -> list[int]:
        """Nothing chosen: the oldest waiting note (Accept works through the inbox in order)."""
        first = self.waiting.item(0)
        return [first.data(Qt.UserRole)] if first is not None else []

    def _decide(self, call: Callable[[], object]) -> None:
        try:
            call()
        except RoomError as error:
            self.failed.emit(str(error))
