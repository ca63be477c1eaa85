"""A strip over a view that says what the room is in: a voting round (whose turn, dots left)
or silent writing (reveal mode). It reads the document; it never writes."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.model.document import Document

STYLE = "color:#FFFFFF; background:#283593; padding:6px 14px; font-size:{px}px; font-weight:bold;"


def workshop_state(doc: Document, projector: bool) -> str:
    """One line on the current voting round and on reveal mode; empty when neither is on."""
    parts = []
    voting_round = doc.open_round()
    if voting_round is not None:
        voter = doc.current_voter()
        left = doc.dots_left()
        dots = f"{left} dot{'s' if left != 1 else ''} left"
        hidden = " · hidden until the end" if voting_round.hidden else ""
        parts.append(f"Voting round {voting_round.number}{hidden} · {voter}'s turn · {dots}")
        if voting_round.hidden:  # the room sees how many, never where
            given = sum(1 for vote in doc.votes() if vote.round == voting_round.number)
            parts.append(f"{given} dot{'s' if given != 1 else ''} given")
        if not projector:
            parts.append("click a note to give a dot, right-click to take it back")
    if doc.board.reveal_mode:
        waiting = len(doc.hidden_notes())
        notes = f"{waiting} note{'s' if waiting != 1 else ''}"
        parts.append(f"Silent writing: new notes stay off the projector ({notes} hidden)"
                     if not projector else f"Silent writing · {notes} to reveal")
    return "  —  ".join(parts)


class WorkshopBanner(QLabel):
    def __init__(self, doc: Document, parent: QWidget, *, font_px: int = 15, projector: bool = False,
                 docked: bool = False):
        """docked: a layout places it (the presenter's strip), else it floats at its parent's top left."""
        super().__init__(parent)
        self.doc = doc
        self.projector = projector
        self.docked = docked
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setStyleSheet(STYLE.format(px=font_px))
        if not docked:
            parent.installEventFilter(self)  # keeps its width within the view's when that is resized
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize:
            self.refresh()
        return False

    def refresh(self, _change=None) -> None:
        text = workshop_state(self.doc, self.projector)
        if not text:
            self.hide()
            return
        self.setText(text)
        self.show()
        if self.docked:
            return
        self.adjustSize()
        parent: Optional[QWidget] = self.parentWidget()
        if parent is not None:
            self.resize(min(self.width(), parent.width() - 32), self.height())
            self.move(16, 16)
        self.raise_()
