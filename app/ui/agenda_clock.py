"""The agenda timer on screen: a large, unobtrusive countdown of the current workshop block.

It only reads the board's timer (the document keeps its state in the file, so a reopened board
goes on counting); ticking never writes. The clock is injected so tests need not wait."""
from __future__ import annotations

import time
from typing import Callable, Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.model.document import Document

TICK_MS = 250
STYLES = {  # phase -> colours: calm while running, amber in the last minute, red when over
    "running": ("#FFFFFF", "rgba(33, 37, 41, 170)"),
    "paused": ("#CFD8DC", "rgba(33, 37, 41, 140)"),
    "last-minute": ("#212529", "rgba(255, 193, 7, 230)"),
    "over": ("#FFFFFF", "rgba(198, 40, 40, 235)"),
}


def clock_text(seconds: float) -> str:
    sign = "−" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # 0:00 only when time is up
    return f"{sign}{whole // 60}:{whole % 60:02d}"


class AgendaClock(QLabel):
    def __init__(self, doc: Document, parent: QWidget, *, font_px: int = 28,
                 clock: Callable[[], float] = time.time, docked: bool = False):
        """docked: a layout places it (the presenter's strip), else it floats at its parent's top right."""
        super().__init__(parent)
        self.doc = doc
        self.docked = docked
        self.clock = clock
        self.font_px = font_px
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.show_time)
        self._ticker.start()
        self.show_time()

    def show_time(self) -> None:
        view = self.doc.timer_view(self.clock())
        if view is None:
            self.hide()
            return
        state = " (paused)" if not view.running and view.phase != "over" else ""
        self.setText(f"{view.name}  {clock_text(view.remaining)}{state}")
        color, background = STYLES["over" if view.remaining <= 0 else view.phase]
        self.setStyleSheet(f"color:{color}; background:{background}; padding:6px 14px; border-radius:8px;"
                           f"font-size:{self.font_px}px; font-weight:bold;")
        self.show()
        if self.docked:
            self.updateGeometry()  # its layout gives it room for the new text
            return
        self.adjustSize()
        parent: Optional[QWidget] = self.parentWidget()
        if parent is not None:
            self.move(parent.width() - self.width() - 16, 16)
        self.raise_()
