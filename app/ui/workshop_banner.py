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
                 docked: bool = False, beside: Optional[QWidget] = None):
        """docked: a layout places it (the presenter's strip), else it floats at its parent's top
        left, wrapping its lines before `beside` (the timer at the top right) when that shows."""
        super().__init__(parent)
        self.doc = doc
        self.projector = projector
        self.docked = docked
        self.beside = beside
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setStyleSheet(STYLE.format(px=font_px))
        if not docked:
            self.setWordWrap(True)
            parent.installEventFilter(self)  # keeps its width within the view's when that is resized
            if beside is not None:
                beside.installEventFilter(self)  # and clear of the timer when it shows or grows
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Resize, QEvent.Move, QEvent.Show, QEvent.Hide):
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
        parent: Optional[QWidget] = self.parentWidget()
        if parent is not None:
            room = parent.width() - 32
            if self.beside is not None and self.beside.isVisible():
                room = self.beside.x() - 16 - 16
            width = min(self._one_line_width(), max(120, room))
            self.resize(width, self.heightForWidth(width))
            self.move(16, 16)
        self.raise_()

    def _one_line_width(self) -> int:
        """Its width with its text on one line (a word-wrapping label's hint is narrower)."""
        self.setWordWrap(False)
        width = self.sizeHint().width()
        self.setWordWrap(True)
        return width
