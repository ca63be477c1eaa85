"""Dot voting dialogs: starting a round, and the tally that ranks notes by their dots."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QRadioButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.model.document import Document
from app.model.entities import LaneKind, Note
from app.model.voting import MAX_DOTS_PER_VOTER, MAX_PARTICIPANTS

DEFAULT_DOTS = 3
DEFAULT_PARTICIPANTS = 5
PAINS_AND_OPPORTUNITIES = "pain_points,opportunities"  # lane roles, as the filter's data


class StartRoundDialog(QDialog):
    """Dots per voter, the voters (names in turn order, or just how many), hidden or open."""

    def __init__(self, participants: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Start a Voting Round")
        form = QFormLayout(self)
        self.dots = QSpinBox()
        self.dots.setRange(1, MAX_DOTS_PER_VOTER)
        self.dots.setValue(DEFAULT_DOTS)
        self.by_name = QRadioButton("By &name, in turn order (one per line):")
        self.by_count = QRadioButton("Just &count them:")
        group = QButtonGroup(self)
        group.addButton(self.by_name)
        group.addButton(self.by_count)
        self.names = QPlainTextEdit("\n".join(participants))
        self.names.setPlaceholderText("Ana\nBen\nChloé")
        self.count = QSpinBox()
        self.count.setRange(1, MAX_PARTICIPANTS)
        self.count.setValue(len(participants) or DEFAULT_PARTICIPANTS)
        (self.by_name if participants else self.by_count).setChecked(True)
        self.hidden = QCheckBox("&Hide the dots until the round ends (nobody is swayed)")
        self.hidden.setChecked(True)
        form.addRow("&Dots per voter:", self.dots)
        form.addRow(self.by_name)
        form.addRow(self.names)
        row = QHBoxLayout()
        row.addWidget(self.by_count)
        row.addWidget(self.count)
        row.addStretch()
        form.addRow(row)
        form.addRow(self.hidden)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Start Voting")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        """Keyword arguments for Document.start_round."""
        if self.by_name.isChecked():
            names = [line.strip() for line in self.names.toPlainText().splitlines() if line.strip()]
            voters: dict = {"voters": names}
        else:
            voters = {"participants": self.count.value()}
        return {"dots_per_voter": self.dots.value(), "hidden": self.hidden.isChecked(), **voters}


def where(doc: Document, note: Note) -> str:
    """Where a note sits, as a facilitator names it."""
    if note.place == "cell":
        return f"{doc.stage(note.stage_id).name} · {doc.lane(note.lane_id).name}"
    if note.place == "empathy":
        return f"Empathy map · {note.section.capitalize()}"
    return "Parking lot"


def role_name(role: str) -> str:
    return role.replace("_", " ").capitalize()


class TallyDialog(QDialog):
    """Notes ranked by dots, for a round or all; filterable by the lanes' roles. Double-click a
    row to find the note on the board."""
    note_chosen = Signal(int)

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("Vote Tally")
        self.resize(720, 520)
        self.round = QComboBox()
        self.round.addItem("All rounds", None)
        for voting_round in doc.rounds():
            state = " (open)" if voting_round.open else ""
            self.round.addItem(f"Round {voting_round.number}{state}", voting_round.number)
        if doc.rounds():
            self.round.setCurrentIndex(self.round.count() - 1)  # the latest round
        self.lanes = QComboBox()
        self.lanes.addItem("All notes", None)
        self.lanes.addItem("Pain points and opportunities", PAINS_AND_OPPORTUNITIES)
        for role in dict.fromkeys(lane.role for lane in doc.lanes() if lane.kind == LaneKind.NOTES):
            self.lanes.addItem(f"{role_name(role)} lanes", role)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#8A5300;")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Rank", "Dots", "Note", "Where"])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        for column, mode in enumerate((QHeaderView.ResizeToContents, QHeaderView.ResizeToContents,
                                       QHeaderView.Stretch, QHeaderView.ResizeToContents)):
            self.table.horizontalHeader().setSectionResizeMode(column, mode)
        self.table.cellDoubleClicked.connect(self._choose)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("&Round:"))
        filters.addWidget(self.round)
        filters.addWidget(QLabel("&Show:"))
        filters.addWidget(self.lanes)
        filters.addStretch()
        filters.itemAt(0).widget().setBuddy(self.round)
        filters.itemAt(2).widget().setBuddy(self.lanes)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(filters)
        column.addWidget(self.warning)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self.round.currentIndexChanged.connect(self.fill)
        self.lanes.currentIndexChanged.connect(self.fill)
        self.fill()

    def ranked(self) -> list[tuple[int, int]]:
        roles = self.lanes.currentData()
        return self.doc.tally(self.round.currentData(), roles.split(",") if roles else None)

    def fill(self) -> None:
        ranked = self.ranked()
        self.table.setRowCount(len(ranked))
        rank, previous = 0, None
        for row, (note_id, dots) in enumerate(ranked):
            if dots != previous:
                rank, previous = row + 1, dots  # equal dots share a rank
            note = self.doc.note(note_id)
            cells = (str(rank), str(dots), note.text.replace("\n", " ") or "(picture)", where(self.doc, note))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, note_id)
                if column < 2:
                    item.setTextAlignment(Qt.AlignCenter)
                self.table.setItem(row, column, item)
        voting_round = self.doc.open_round()
        hidden = voting_round is not None and voting_round.hidden
        self.warning.setText(f"Round {voting_round.number} is still open and hidden: these counts are for "
                             "the facilitator; end the round to show the dots to the room." if hidden else "")
        self.warning.setVisible(hidden)
        if not ranked:
            self.warning.setText("No dots here yet.")
            self.warning.show()

    def _choose(self, row: int, _column: int) -> None:
        self.note_chosen.emit(self.table.item(row, 0).data(Qt.UserRole))
