"""Shapes the notes' lines while the app is idle, a few milliseconds at a time.

Qt shapes a line of text the first time it is drawn (text_painter.glyph_runs, ~0.1 ms a line),
so the first zoom or pan over the notes of a big board paints a few hundred lines for the
first time in one frame. After a board opens, and after edits, the lines not shaped yet are
shaped in idle slices instead, so that those frames only draw them."""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QTimer

from .text_painter import glyph_runs

SLICE_S = 0.004  # the longest an idle slice may take
LINES_MAX = 10_000  # lines shaped ahead at most (half of what glyph_runs keeps)


class TextWarmup:
    def __init__(self, scene) -> None:
        self._scene = scene
        self._waiting: list[str] = []
        self._gathered = True  # the lines of the scene's notes are in _waiting (or shaped)
        self._touched: set = set()  # notes changed since, whose lines are still to gather
        self._timer = QTimer(scene)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._shape_some)

    def follow(self, touched: Optional[set] = None) -> None:
        """After the scene made or changed note items (those of the touched note ids, or any:
        None): shapes their lines when idle (the lines are gathered then too: an edit on a big
        board pays nothing for it)."""
        if touched is None:
            self._gathered = False
        else:
            self._touched.update(touched)
        self._timer.start(0)

    def pending(self) -> bool:
        return not self._gathered or bool(self._waiting or self._touched)

    def _shape_some(self) -> None:
        start = time.perf_counter()
        items = self._scene.note_items
        if not self._gathered:
            lines = [line for item in items.values() for _, _, line in item.text_lines()]
            self._waiting, self._gathered, self._touched = lines[:LINES_MAX], True, set()
        elif self._touched:
            touched, self._touched = self._touched, set()
            lines = [line for i in touched if i in items for _, _, line in items[i].text_lines()]
            self._waiting = (self._waiting + lines)[-LINES_MAX:]
        while self._waiting and time.perf_counter() - start < SLICE_S:
            glyph_runs(self._waiting.pop(), False)  # cached: shaping a line twice costs nothing
        if self._waiting:
            self._timer.start(0)
