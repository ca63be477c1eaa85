"""The keyboard cheat sheet (?): a translucent panel over the view, built from the action table
and the board's gestures, readable on a projector; ? or Esc hides it."""
from __future__ import annotations

import html
from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

MANY_ROWS = 30  # more rows than this go in three columns
COLUMNS_FOR_MANY = 3
LARGEST_PX, SMALLEST_PX = 18, 10

COLOUR_KEYS = ("1 – 8, 0", "Colour the selected notes; 0: their lane's colour")  # one row for nine actions
PRESENTER_KEYS = (
    ("→ / PageDown", "Next page of the stage, then the next stage"), ("← / PageUp", "Previous page or stage"),
    ("↓ / ↑", "Next / previous page of the lane, then lane"), ("Home", "The whole board (again: its next stages)"),
    ("E", "The empathy map"), ("+ / −", "Larger / smaller text (kept)"), ("Esc", "Leave presenter mode"),
)


LAST_KEYBOARD_KEY = Qt.Key_F35  # beyond it come media and launcher keys ("New", "Save" ...)
MAX_BINDINGS = 2  # e.g. Ctrl+Shift+Z, Ctrl+Y


def on_keyboard(sequence: QKeySequence) -> bool:
    """Whether a shortcut is typed on an ordinary keyboard (not a media key of the platform)."""
    return sequence.count() > 0 and sequence[0].key().value <= LAST_KEYBOARD_KEY.value


def shortcut_rows(actions: Iterable[QAction], extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        typed = [k for k in action.shortcuts() if on_keyboard(k)][:MAX_BINDINGS]
        keys = ", ".join(k.toString(QKeySequence.NativeText) for k in typed)
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip("…")))
    rows.extend(extra)
    return rows


class CheatSheet(QLabel):
    def __init__(self, parent: QWidget, rows: list[tuple[str, str]]):
        super().__init__(parent)
        count = COLUMNS_FOR_MANY if len(rows) > MANY_ROWS else 2
        per_column = -(-len(rows) // count)
        columns = "".join(
            "<td style='vertical-align:top; padding-right:32px'><table>"
            + "".join(f"<tr><td style='padding:1px 12px 1px 0; color:#FFE082'><b>{html.escape(k)}</b></td>"
                      f"<td>{html.escape(v)}</td></tr>" for k, v in rows[start:start + per_column])
            + "</table></td>"
            for start in range(0, len(rows), per_column))
        self.setText(f"<h2>Keyboard shortcuts</h2><table><tr>{columns}</tr></table>"
                     "<p style='color:#B0BEC5'>Press ? or Esc to close.</p>")
        self.setTextFormat(Qt.RichText)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.hide()

    def _style(self, font_px: int) -> None:
        self.setStyleSheet("background: rgba(24, 28, 32, 232); color: #ECEFF1; padding: 20px;"
                           f"font-size: {font_px}px; border-radius: 10px;")
        self.adjustSize()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        parent = self.parentWidget()
        for font_px in range(LARGEST_PX, SMALLEST_PX - 1, -1):  # as large as the window allows
            self._style(font_px)
            if self.width() <= parent.width() - 16 and self.height() <= parent.height() - 16:
                break
        self.move(max(0, (parent.width() - self.width()) // 2), max(0, (parent.height() - self.height()) // 2))
        self.raise_()
        self.show()
