"""The keyboard cheat sheet (?): a translucent panel over the view, built from the action table
and the board's gestures, readable on a projector; ? or Esc hides it."""
from __future__ import annotations

import html
from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

PRESENTER_KEYS = (
    ("→ / PageDown", "Next stage"), ("← / PageUp", "Previous stage"), ("↓ / ↑", "Next / previous lane"),
    ("Home", "The whole board"), ("E", "The empathy map"), ("Esc", "Leave presenter mode"),
)


def shortcut_rows(actions: Iterable[QAction], extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip("…")))
    rows.extend(extra)
    return rows


class CheatSheet(QLabel):
    def __init__(self, parent: QWidget, rows: list[tuple[str, str]]):
        super().__init__(parent)
        half = (len(rows) + 1) // 2
        columns = "".join(
            "<td style='vertical-align:top; padding-right:36px'><table>"
            + "".join(f"<tr><td style='padding:2px 14px 2px 0; color:#FFE082'><b>{html.escape(k)}</b></td>"
                      f"<td>{html.escape(v)}</td></tr>" for k, v in part)
            + "</table></td>"
            for part in (rows[:half], rows[half:]))
        self.setText(f"<h2>Keyboard shortcuts</h2><table><tr>{columns}</tr></table>"
                     "<p style='color:#B0BEC5'>Press ? or Esc to close.</p>")
        self.setTextFormat(Qt.RichText)
        self.setStyleSheet("background: rgba(24, 28, 32, 225); color: #ECEFF1; padding: 24px;"
                           "font-size: 16px; border-radius: 10px;")
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.adjustSize()
        parent = self.parentWidget()
        self.move(max(0, (parent.width() - self.width()) // 2), max(0, (parent.height() - self.height()) // 2))
        self.raise_()
        self.show()
